import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, installApplicationMenu, menuText, type MenuActions } from '../../../electron/menu.js';
import { uiLocale } from '../../../electron/locale.js';

const m = vi.hoisted(() => ({ built: [] as unknown[], set: [] as unknown[] }));
vi.mock('electron', () => ({
  Menu: {
    buildFromTemplate: (t: unknown) => { m.built.push(t); return { menu: t }; },
    setApplicationMenu: (menu: unknown) => { m.set.push(menu); },
  },
}));

function actions(): MenuActions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    importFiles: () => calls.push('importFiles'),
    importFolder: () => calls.push('importFolder'),
    saveDiagnostics: () => calls.push('saveDiagnostics'),
    openLogFolder: () => calls.push('openLogFolder'),
  };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('application menu', () => {
  it('is in English for an English locale', () => {
    const t = buildMenuTemplate(actions(), { locale: 'en', platform: 'win32', development: false });
    expect(t.map((i) => i.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(flatten(t).find((i) => i.id === 'import-files')?.label).toBe('Import Files…');
  });

  it('is in Japanese for a Japanese locale', () => {
    const t = buildMenuTemplate(actions(), { locale: 'ja', platform: 'win32', development: false });
    expect(t.map((i) => i.label)).toEqual(['ファイル', '編集', '表示', 'ウインドウ', 'ヘルプ']);
    const labels = flatten(t).map((i) => i.label);
    expect(labels).toContain('ファイルを取り込む…');
    expect(labels).toContain('診断情報を保存…');
    expect(labels).not.toContain('Import Files…');
  });

  it('has the same entries in both languages', () => {
    const en = menuText('en');
    const ja = menuText('ja');
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en) as Array<keyof typeof en>) expect(ja[k], k).not.toBe('');
  });

  it('runs the shell actions', () => {
    const a = actions();
    const items = flatten(buildMenuTemplate(a, { locale: 'en', platform: 'linux', development: false }));
    for (const id of ['import-files', 'import-folder', 'save-diagnostics', 'open-logs']) click(items.find((i) => i.id === id));
    expect(a.calls).toEqual(['importFiles', 'importFolder', 'saveDiagnostics', 'openLogFolder']);
  });

  it('has the macOS application menu first on macOS, and quit in File elsewhere', () => {
    const mac = buildMenuTemplate(actions(), { locale: 'ja', platform: 'darwin', development: false });
    expect(mac[0]?.label).toBe('Filmstation');
    expect(flatten(mac).find((i) => i.role === 'quit')?.label).toBe('Filmstationを終了');
    const win = buildMenuTemplate(actions(), { locale: 'en', platform: 'win32', development: false });
    const file = win[0]?.submenu as MenuItemConstructorOptions[];
    expect(file.some((i) => i.role === 'quit')).toBe(true);
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (development: boolean) => flatten(buildMenuTemplate(actions(), { locale: 'en', platform: 'linux', development })).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('installs the built menu as the application menu', () => {
    installApplicationMenu(actions(), { locale: 'en', platform: 'linux', development: false });
    expect(m.built).toHaveLength(1);
    expect(m.set).toEqual([{ menu: m.built[0] }]);
  });
});

describe('uiLocale', () => {
  it('follows the setting, else the OS language', () => {
    expect(uiLocale('ja', ['en-US'])).toBe('ja');
    expect(uiLocale('en', ['ja-JP'])).toBe('en');
    expect(uiLocale('auto', ['ja-JP', 'en-US'])).toBe('ja');
    expect(uiLocale('auto', ['ja'])).toBe('ja');
    expect(uiLocale('auto', ['de-DE', 'ja-JP'])).toBe('en');
    expect(uiLocale(undefined, [])).toBe('en');
  });
});
