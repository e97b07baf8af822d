/**
 * The desktop application's life: one instance, the secure session, the Workstation's
 * services started at launch and stopped gracefully at quit, the main window (remembered
 * bounds, events forwarded, drops imported), the menu, notifications, logs and the
 * "save diagnostics" action. Everything Electron-specific lives here and in the small
 * modules it wires; the services are the facade's (core/app/workstation.ts).
 */
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, Notification, protocol, screen, session, shell, type App } from 'electron';
import type { Language, Settings, WorkstationEvent } from '../core/app/contract-types.js';
import { diagnosticsFileName, saveDiagnostics } from './diagnostics.js';
import { importablePaths, importOnFileNavigation } from './drop-to-import.js';
import { channelsArgument, forwardEvents, registerIpcHandlers } from './ipc.js';
import { uiLocale, type UiLocale } from './locale.js';
import { describeError, RotatingLog } from './logging.js';
import { installApplicationMenu, type MenuActions } from './menu.js';
import { watchPrintNotifications } from './notifications.js';
import { APP_ENTRY_URL, isAppUrl, registerAppScheme, serveApp } from './security/app-protocol.js';
import { installContentSecurityPolicy } from './security/content-security-policy.js';
import { blockNavigation } from './security/navigation.js';
import { denyAllPermissions } from './security/permissions.js';
import { secureWindowOptions } from './security/window-options.js';
import { loadWindowState, trackWindowState } from './window-state.js';
import type { WorkstationPort } from './workstation-port.js';

/** Same as appId in electron-builder.yml: Windows ties notifications to it. */
export const APP_USER_MODEL_ID = 'jp.filmstation.desktop';

type QuitApp = Pick<App, 'on' | 'quit'>;

export interface GracefulQuitOptions {
  /** Upper bound for stopping the services; the app quits after it even if they hang. Default 60 s. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

/**
 * Holds the first quit until `stop` has finished (open transfers done, queue state saved),
 * then quits for real. Further quit requests while stopping are absorbed.
 * Returns a probe for the state (tests, second-instance handling).
 */
export function installGracefulQuit(target: QuitApp, stop: () => Promise<void>, o: GracefulQuitOptions = {}): { state(): 'running' | 'stopping' | 'stopped' } {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  target.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    o.log?.('Quit requested: stopping services');
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(() => { o.log?.(`Services did not stop within ${o.timeoutMs ?? 60_000} ms: quitting anyway`); resolve(); }, o.timeoutMs ?? 60_000);
    });
    void Promise.race([stop().catch((err: unknown) => o.log?.(`Stopping services failed: ${describeError(err)}`)), bound]).finally(() => {
      if (timer) clearTimeout(timer);
      state = 'stopped';
      o.log?.('Services stopped');
      target.quit();
    });
  });
  return { state: () => state };
}

/** Single instance: false when another instance runs (this one must quit); a second launch focuses the window. */
export function acquireSingleInstance(target: Pick<App, 'requestSingleInstanceLock' | 'on'>, onSecondInstance: () => void): boolean {
  if (!target.requestSingleInstanceLock()) return false;
  target.on('second-instance', () => onSecondInstance());
  return true;
}

export interface DesktopOptions {
  /** Opens the facade and starts its services (Storage SCP, print queue, status polling). */
  openWorkstation(o: { settingsDir: string; log: (line: string) => void }): Promise<WorkstationPort>;
  /** Folder of the built renderer (index.html). */
  rendererDir: string;
  /** Absolute path of preload.cjs. */
  preloadPath: string;
  /** Reload and developer tools in the menu. */
  development?: boolean;
  /** Bound for the graceful stop at quit. */
  quitTimeoutMs?: number;
}

export interface DesktopApp {
  workstation: WorkstationPort;
  log: RotatingLog;
  mainWindow(): BrowserWindow | undefined;
}

/** Starts the desktop app; undefined when another instance already runs (this one quits). */
export async function startDesktopApp(o: DesktopOptions): Promise<DesktopApp | undefined> {
  let win: BrowserWindow | undefined;
  const focus = (): void => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  if (!acquireSingleInstance(app, focus)) {
    app.quit();
    return undefined;
  }
  // Before 'ready': the app scheme must be privileged to have an origin ('self' in the CSP).
  registerAppScheme(protocol);
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  await app.whenReady();
  app.setAppLogsPath();
  const log = new RotatingLog(app.getPath('logs'), { echo: o.development ?? false });
  log.info(`Filmstation ${app.getVersion()} starting (Electron ${process.versions.electron ?? '?'}, ${platform()} ${release()} ${arch()})`);

  // Every web contents, present and future: no navigation, no new windows, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    blockNavigation(contents, { onBlocked: (what, url) => log.warn(`Blocked ${what} ${url.slice(0, 200)}`) });
  });
  const ses = session.defaultSession;
  denyAllPermissions(ses, (permission, origin) => log.warn(`Denied permission ${permission} to ${origin.slice(0, 200)}`));
  installContentSecurityPolicy(ses);
  serveApp(ses.protocol, o.rendererDir, (url) => net.fetch(url));

  const settingsDir = app.getPath('userData');
  let workstation: WorkstationPort;
  try {
    workstation = await o.openWorkstation({ settingsDir, log: (line) => log.info(line) });
  } catch (err) {
    log.error('The workstation could not start', err);
    dialog.showErrorBox('Filmstation', `Filmstation could not start.\n\n${err instanceof Error ? err.message : String(err)}`);
    app.exit(1);
    return undefined;
  }

  const unregister = registerIpcHandlers(ipcMain, workstation, {
    isTrustedSender: isAppUrl,
    log: (level, message) => log.write(level, message),
  });
  const unsubscribers: Array<() => void> = [];
  installGracefulQuit(app, async () => {
    for (const u of unsubscribers.splice(0)) u();
    unregister();
    await workstation.close({ timeoutMs: o.quitTimeoutMs ?? 30_000 });
  }, { timeoutMs: (o.quitTimeoutMs ?? 30_000) + 30_000, log: (m) => log.info(m) });
  process.once('SIGTERM', () => app.quit());
  process.once('SIGINT', () => app.quit());

  let language: Language = 'auto';
  const settings = await workstation.call('settings:get', {});
  if (settings.ok) language = (settings.result as Settings).language;
  const locale = (): UiLocale => uiLocale(language, [...app.getPreferredSystemLanguages(), app.getLocale()]);

  const importPaths = (paths: string[]): void => {
    const list = importablePaths(paths);
    if (!list.length) return;
    log.info(`Import of ${list.length} dropped or chosen item(s)`);
    void workstation.call('import:paths', { paths: list }).then((r) => {
      if (!r.ok) log.warn(`Import failed: ${r.error.message}`);
    });
  };

  const actions: MenuActions = {
    importFiles: () => void pick(['openFile', 'multiSelections']),
    importFolder: () => void pick(['openDirectory', 'multiSelections']),
    saveDiagnostics: () => void saveDiagnosticsInteractive(),
    openLogFolder: () => void shell.openPath(log.directory),
  };
  async function pick(properties: Array<'openFile' | 'openDirectory' | 'multiSelections'>): Promise<void> {
    const r = win ? await dialog.showOpenDialog(win, { properties }) : await dialog.showOpenDialog({ properties });
    if (!r.canceled) importPaths(r.filePaths);
  }
  async function saveDiagnosticsInteractive(): Promise<void> {
    const defaultPath = join(app.getPath('documents'), diagnosticsFileName());
    const r = win ? await dialog.showSaveDialog(win, { defaultPath }) : await dialog.showSaveDialog({ defaultPath });
    if (r.canceled || !r.filePath) return;
    const info = await workstation.call('app:info', {});
    try {
      const saved = await saveDiagnostics(r.filePath, {
        logFiles: log.files(),
        queueDir: join(settingsDir, 'print-queue'),
        system: {
          version: app.getVersion(), versions: process.versions, platform: platform(), release: release(), arch: arch(),
          locale: app.getLocale(), uiLocale: locale(), appInfo: info.ok ? info.result : info.error,
        },
      });
      log.info(`Diagnostics saved to ${saved.file} (${saved.entries.length} files, jobs ${saved.jobs.join(', ') || 'none'})`);
      shell.showItemInFolder(saved.file);
    } catch (err) {
      log.error('Saving diagnostics failed', err);
      dialog.showErrorBox('Filmstation', err instanceof Error ? err.message : String(err));
    }
  }
  const installMenu = (): void => installApplicationMenu(actions, { locale: locale(), platform: process.platform, development: o.development ?? false, productName: 'Filmstation' });
  installMenu();

  unsubscribers.push(workstation.on((event: WorkstationEvent) => {
    if (event.type === 'settings-changed' && event.settings.language !== language) {
      language = event.settings.language;
      installMenu();
    } else if (event.type === 'service-state') {
      log.info(`Service ${event.service}: ${event.listening ? `listening on ${String(event.port)}` : 'stopped'}${event.error ? ` (${event.error})` : ''}`);
    } else if (event.type === 'job-progress' && (event.job.state === 'failed' || event.job.state === 'needs-attention')) {
      log.warn(`Print job ${event.job.id} ${event.job.state}: ${event.job.lastError ?? ''}`);
    }
  }));
  unsubscribers.push(watchPrintNotifications((l) => workstation.on(l), (m) => {
    if (!Notification.isSupported()) return;
    new Notification({ title: m.title, body: m.body, urgency: m.urgent ? 'critical' : 'normal' }).show();
  }, locale));

  const createMainWindow = (): BrowserWindow => {
    const stateFile = join(settingsDir, 'window-state.json');
    const state = loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
    const w = new BrowserWindow(secureWindowOptions(o.preloadPath, [channelsArgument()], state));
    if (state.maximized) w.maximize();
    trackWindowState(w, stateFile);
    const stopEvents = forwardEvents(workstation, (channel, event) => {
      if (!w.isDestroyed()) w.webContents.send(channel, event);
    });
    w.on('closed', () => { stopEvents(); if (win === w) win = undefined; });
    importOnFileNavigation(w.webContents, importPaths);
    w.webContents.on('render-process-gone', (_e, details) => log.error(`Renderer gone: ${details.reason} (exit code ${details.exitCode})`));
    w.once('ready-to-show', () => w.show());
    void w.loadURL(APP_ENTRY_URL).catch((err: unknown) => log.error('Loading the window failed', err));
    return w;
  };
  win = createMainWindow();

  app.on('window-all-closed', () => {
    // macOS keeps the app (and the Storage SCP) running without windows, as users expect there.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win || win.isDestroyed()) win = createMainWindow();
  });
  log.info('Filmstation ready');
  return { workstation, log, mainWindow: () => win };
}
