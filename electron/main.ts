/**
 * Electron main process entry: kept tiny. The shell is in app-lifecycle.ts; the services
 * are the Workstation facade's (core/app/workstation.ts).
 */
import { app } from 'electron';
import { fileURLToPath } from 'node:url';
import { Workstation } from '../core/app/workstation.js';
import { startDesktopApp } from './app-lifecycle.js';

startDesktopApp({
  openWorkstation: ({ settingsDir, log }) => Workstation.open({ settingsDir, host: 'electron', log }),
  rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
  preloadPath: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
  development: !app.isPackaged,
}).catch((err: unknown) => {
  console.error('Filmstation failed to start', err);
  app.exit(1);
});
