import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from 'electron';
import { CHANNELS } from '../../../core/app/contract.js';
import type { ApiResult, WorkstationEvent } from '../../../core/app/contract-types.js';
import { fakeEvent, FakeWebContents } from './fakes.js';

const m = vi.hoisted(() => ({
  app: undefined as unknown as EventEmitter & Record<string, unknown>,
  windows: [] as Array<Record<string, unknown> & { options: Record<string, unknown>; webContents: FakeWebContents }>,
  handlers: new Map<string, unknown>(),
  sessionCalls: [] as string[],
  menus: 0,
  errors: [] as string[],
  lock: true,
  userData: '',
  logs: '',
}));

vi.mock('electron', async () => {
  const { EventEmitter: EE } = await import('node:events');
  const { FakeWebContents: FWC } = await import('./fakes.js');
  const app = Object.assign(new EE(), {
    requestSingleInstanceLock: () => m.lock,
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: () => Promise.resolve(),
    setAppLogsPath: vi.fn(),
    setAppUserModelId: vi.fn(),
    getPath: (name: string) => (name === 'logs' ? m.logs : m.userData),
    getVersion: () => '0.1.0',
    getLocale: () => 'ja',
    getPreferredSystemLanguages: () => ['ja-JP'],
    isPackaged: true,
  });
  m.app = app as unknown as typeof m.app;
  class BrowserWindow extends EE {
    options: Record<string, unknown>;
    webContents = new FWC();
    loaded: string[] = [];
    focused = 0;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      m.windows.push(this as unknown as (typeof m.windows)[number]);
    }
    loadURL(url: string) { this.loaded.push(url); return Promise.resolve(); }
    isDestroyed() { return false; }
    isMinimized() { return false; }
    isMaximized() { return false; }
    isFullScreen() { return false; }
    getNormalBounds() { return { x: 0, y: 0, width: 1440, height: 900 }; }
    maximize() { /* noop */ }
    restore() { /* noop */ }
    show() { /* noop */ }
    focus() { this.focused++; }
  }
  const session = {
    defaultSession: {
      webRequest: {
        onHeadersReceived: () => { m.sessionCalls.push('csp'); },
        onBeforeRequest: () => { m.sessionCalls.push('block-remote'); },
      },
      setPermissionRequestHandler: () => { m.sessionCalls.push('permissions'); },
      setPermissionCheckHandler: () => { m.sessionCalls.push('permission-check'); },
      setDevicePermissionHandler: () => { m.sessionCalls.push('device'); },
      protocol: { handle: (scheme: string) => { m.sessionCalls.push(`protocol:${scheme}`); } },
    },
  };
  return {
    app,
    BrowserWindow,
    session,
    ipcMain: {
      handle: (c: string, h: unknown) => { m.handlers.set(c, h); },
      removeHandler: (c: string) => { m.handlers.delete(c); },
    },
    protocol: { registerSchemesAsPrivileged: () => { m.sessionCalls.push('scheme'); } },
    net: { fetch: () => Promise.resolve(new Response('')) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    dialog: { showErrorBox: (_t: string, msg: string) => { m.errors.push(msg); }, showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    shell: { openPath: vi.fn(), showItemInFolder: vi.fn() },
    Notification: Object.assign(class { show() { /* noop */ } }, { isSupported: () => false }),
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => { m.menus++; } },
  };
});

const { installGracefulQuit, acquireSingleInstance, startDesktopApp } = await import('../../../electron/app-lifecycle.js');
const { APP_ENTRY_URL } = await import('../../../electron/security/app-protocol.js');
const { EVENT_CHANNEL } = await import('../../../electron/ipc.js');

const tmp = mkdtempSync(join(tmpdir(), 'fs-life-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function quitTarget() {
  return Object.assign(new EventEmitter(), { quit: vi.fn() });
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

function fakeWorkstation() {
  const listeners = new Set<(e: WorkstationEvent) => void>();
  const closing = deferred();
  return {
    listeners,
    closing,
    call: vi.fn(async (channel: string): Promise<ApiResult<unknown>> => (channel === 'settings:get' ? { ok: true, result: { language: 'auto' } } : { ok: true, result: null })),
    on: (l: (e: WorkstationEvent) => void) => { listeners.add(l); return () => { listeners.delete(l); }; },
    close: vi.fn(() => closing.promise),
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('graceful quit', () => {
  it('holds the quit until the services have stopped, then quits once', async () => {
    const target = quitTarget();
    const stop = deferred();
    const stopFn = vi.fn(() => stop.promise);
    const probe = installGracefulQuit(target as unknown as App, stopFn);
    const first = fakeEvent();
    target.emit('before-quit', first);
    expect(first.defaultPrevented).toBe(true);
    expect(probe.state()).toBe('stopping');
    const second = fakeEvent();
    target.emit('before-quit', second);
    expect(second.defaultPrevented).toBe(true);
    expect(stopFn).toHaveBeenCalledTimes(1);
    await flush();
    expect(target.quit).not.toHaveBeenCalled();
    stop.resolve();
    await flush();
    expect(target.quit).toHaveBeenCalledTimes(1);
    expect(probe.state()).toBe('stopped');
    const last = fakeEvent();
    target.emit('before-quit', last);
    expect(last.defaultPrevented).toBe(false);
  });

  it('quits after the bound when a service hangs, and when stopping fails', async () => {
    const hang = quitTarget();
    installGracefulQuit(hang as unknown as App, () => new Promise<void>(() => undefined), { timeoutMs: 30 });
    hang.emit('before-quit', fakeEvent());
    await new Promise((r) => setTimeout(r, 60));
    expect(hang.quit).toHaveBeenCalledTimes(1);

    const failing = quitTarget();
    const logs: string[] = [];
    installGracefulQuit(failing as unknown as App, () => Promise.reject(new Error('queue busy')), { log: (l) => logs.push(l) });
    failing.emit('before-quit', fakeEvent());
    await flush();
    expect(failing.quit).toHaveBeenCalledTimes(1);
    expect(logs.join('\n')).toContain('queue busy');
  });
});

describe('single instance', () => {
  it('focuses the first instance when a second one starts, and tells the second to quit', () => {
    const target = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => true });
    const focus = vi.fn();
    expect(acquireSingleInstance(target as unknown as App, focus)).toBe(true);
    target.emit('second-instance', {}, ['filmstation'], '/');
    expect(focus).toHaveBeenCalledTimes(1);
    expect(acquireSingleInstance(Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => false }) as unknown as App, focus)).toBe(false);
  });
});

describe('startDesktopApp', () => {
  beforeEach(() => {
    m.app.removeAllListeners();
    (m.app.quit as ReturnType<typeof vi.fn>).mockClear();
    (m.app.exit as ReturnType<typeof vi.fn>).mockClear();
    m.windows.length = 0;
    m.handlers.clear();
    m.sessionCalls.length = 0;
    m.errors.length = 0;
    m.menus = 0;
    m.lock = true;
    m.userData = mkdtempSync(join(tmp, 'user-'));
    m.logs = join(m.userData, 'logs');
  });

  it('quits at once when another instance runs, without starting services', async () => {
    m.lock = false;
    const open = vi.fn();
    expect(await startDesktopApp({ openWorkstation: open, rendererDir: tmp, preloadPath: '/p/preload.cjs' })).toBeUndefined();
    expect(m.app.quit).toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
    expect(m.windows).toHaveLength(0);
  });

  it('starts services, secures the session, wires IPC and opens a sandboxed window', async () => {
    const ws = fakeWorkstation();
    const open = vi.fn(async () => ws);
    const desk = await startDesktopApp({ openWorkstation: open, rendererDir: tmp, preloadPath: '/p/preload.cjs' });
    expect(desk).toBeDefined();
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ settingsDir: m.userData }));
    expect([...m.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(m.sessionCalls).toEqual(expect.arrayContaining(['scheme', 'csp', 'block-remote', 'permissions', 'permission-check', 'device', 'protocol:app']));
    expect(m.menus).toBe(1);
    expect(m.windows).toHaveLength(1);
    const win = m.windows[0];
    expect(win?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, preload: '/p/preload.cjs' });
    expect((win?.options.webPreferences as { additionalArguments: string[] }).additionalArguments[0]).toContain('studies:list');
    expect(win?.loaded).toEqual([APP_ENTRY_URL]);

    // Every new web contents gets the navigation guard.
    const contents = new FakeWebContents();
    m.app.emit('web-contents-created', {}, contents);
    const nav = fakeEvent();
    contents.emit('will-navigate', nav, 'https://example.com');
    expect(nav.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });

    // Facade events reach the window.
    const ev: WorkstationEvent = { type: 'study-deleted', studyInstanceUid: '1.2.3' };
    for (const l of ws.listeners) l(ev);
    expect(win?.webContents.sent).toContainEqual({ channel: EVENT_CHANNEL, args: [ev] });

    // A second launch focuses the window.
    m.app.emit('second-instance', {}, [], '/');
    expect(win?.focused).toBe(1);

    // Quit waits for the workstation to close.
    const quit = fakeEvent();
    m.app.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await flush();
    expect(ws.close).toHaveBeenCalledTimes(1);
    expect(m.app.quit).not.toHaveBeenCalled();
    ws.closing.resolve();
    await flush();
    expect(m.app.quit).toHaveBeenCalledTimes(1);
    expect(m.handlers.size).toBe(0);
    expect(ws.listeners.size).toBeLessThanOrEqual(1); // only the closed window's forwarder may remain until 'closed'
  });

  it('reports a workstation that cannot start and exits', async () => {
    const r = await startDesktopApp({ openWorkstation: () => Promise.reject(new Error('port 104 in use')), rendererDir: tmp, preloadPath: '/p.cjs' });
    expect(r).toBeUndefined();
    expect(m.errors.join()).toContain('port 104 in use');
    expect(m.app.exit).toHaveBeenCalledWith(1);
    expect(m.windows).toHaveLength(0);
  });
});
