/**
 * The application menu in Japanese or English (by the app's locale). Commands the shell
 * carries out itself (import, save diagnostics, open the log folder) are callbacks; the
 * rest are Electron roles. Reload and developer tools only in development builds: a
 * reload would drop the films being composed.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { UiLocale } from './locale.js';

export interface MenuActions {
  importFiles(): void;
  importFolder(): void;
  saveDiagnostics(): void;
  openLogFolder(): void;
}

export interface MenuOptions {
  locale: UiLocale;
  platform: NodeJS.Platform;
  /** Adds Reload / Toggle Developer Tools. */
  development: boolean;
  productName?: string;
}

const EN = {
    file: 'File', importFiles: 'Import Files…', importFolder: 'Import Folder…', saveDiagnostics: 'Save Diagnostics…',
    openLogs: 'Open Log Folder', quit: 'Quit', edit: 'Edit', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy',
    paste: 'Paste', selectAll: 'Select All', view: 'View', fullScreen: 'Toggle Full Screen', zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out', resetZoom: 'Actual Size', reload: 'Reload', devTools: 'Toggle Developer Tools', window: 'Window',
    minimize: 'Minimize', close: 'Close Window', help: 'Help', about: 'About', hide: 'Hide', hideOthers: 'Hide Others',
    unhide: 'Show All', services: 'Services',
};

export type MenuText = { readonly [K in keyof typeof EN]: string };

const TEXT: Record<UiLocale, MenuText> = {
  en: EN,
  ja: {
    file: 'ファイル', importFiles: 'ファイルを取り込む…', importFolder: 'フォルダを取り込む…', saveDiagnostics: '診断情報を保存…',
    openLogs: 'ログフォルダを開く', quit: '終了', edit: '編集', undo: '元に戻す', redo: 'やり直す', cut: '切り取り', copy: 'コピー',
    paste: '貼り付け', selectAll: 'すべてを選択', view: '表示', fullScreen: 'フルスクリーン切り替え', zoomIn: '拡大',
    zoomOut: '縮小', resetZoom: '実際のサイズ', reload: '再読み込み', devTools: '開発者ツール', window: 'ウインドウ',
    minimize: '最小化', close: 'ウインドウを閉じる', help: 'ヘルプ', about: 'について', hide: 'を隠す', hideOthers: 'ほかを隠す',
    unhide: 'すべてを表示', services: 'サービス',
  },
};

export function menuText(locale: UiLocale): MenuText {
  return TEXT[locale];
}

export function buildMenuTemplate(actions: MenuActions, o: MenuOptions): MenuItemConstructorOptions[] {
  const t = TEXT[o.locale];
  const name = o.productName ?? 'Filmstation';
  const mac = o.platform === 'darwin';
  const about = o.locale === 'ja' ? `${name} ${t.about}` : `${t.about} ${name}`;
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: name,
      submenu: [
        { role: 'about', label: about },
        { type: 'separator' },
        { role: 'services', label: t.services },
        { type: 'separator' },
        { role: 'hide', label: o.locale === 'ja' ? `${name}${t.hide}` : `${t.hide} ${name}` },
        { role: 'hideOthers', label: t.hideOthers },
        { role: 'unhide', label: t.unhide },
        { type: 'separator' },
        { role: 'quit', label: o.locale === 'ja' ? `${name}を${t.quit}` : `${t.quit} ${name}` },
      ],
    });
  }
  template.push({
    label: t.file,
    submenu: [
      { id: 'import-files', label: t.importFiles, accelerator: 'CmdOrCtrl+O', click: () => actions.importFiles() },
      { id: 'import-folder', label: t.importFolder, accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.importFolder() },
      { type: 'separator' },
      { id: 'save-diagnostics', label: t.saveDiagnostics, click: () => actions.saveDiagnostics() },
      { id: 'open-logs', label: t.openLogs, click: () => actions.openLogFolder() },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: t.quit } as const]),
    ],
  });
  template.push({
    label: t.edit,
    submenu: [
      { role: 'undo', label: t.undo }, { role: 'redo', label: t.redo }, { type: 'separator' },
      { role: 'cut', label: t.cut }, { role: 'copy', label: t.copy }, { role: 'paste', label: t.paste },
      { role: 'selectAll', label: t.selectAll },
    ],
  });
  template.push({
    label: t.view,
    submenu: [
      ...(o.development ? [{ role: 'reload', label: t.reload } as const, { role: 'toggleDevTools', label: t.devTools } as const, { type: 'separator' } as const] : []),
      { role: 'resetZoom', label: t.resetZoom }, { role: 'zoomIn', label: t.zoomIn }, { role: 'zoomOut', label: t.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: t.fullScreen },
    ],
  });
  template.push({
    label: t.window,
    role: 'windowMenu',
    submenu: [{ role: 'minimize', label: t.minimize }, { role: 'close', label: t.close }],
  });
  template.push({
    label: t.help,
    role: 'help',
    submenu: [
      ...(mac ? [] : [{ role: 'about', label: about } as const, { type: 'separator' } as const]),
      { id: 'help-save-diagnostics', label: t.saveDiagnostics, click: () => actions.saveDiagnostics() },
      { id: 'help-open-logs', label: t.openLogs, click: () => actions.openLogFolder() },
    ],
  });
  return template;
}

/** Builds and sets the application menu (call again when the language changes). */
export function installApplicationMenu(actions: MenuActions, o: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, o)));
}
