/**
 * Electron main process entry: kept tiny. The protocol core runs in core/; this file only
 * creates the window with the security settings and loads the built renderer.
 * (The full shell — single instance, menus, IPC contract, services — comes with the desktop issue.)
 */
import { app, BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { secureWindowOptions } from './security/window-options.js';

async function createWindow(): Promise<void> {
  const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));
  const win = new BrowserWindow(secureWindowOptions(preload));
  win.once('ready-to-show', () => win.show());
  await win.loadFile(fileURLToPath(new URL('../renderer/index.html', import.meta.url)));
}

app.whenReady().then(createWindow, (err: unknown) => {
  console.error('Filmstation failed to start', err);
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
