/**
 * BrowserWindow options with Electron's security checklist applied: the renderer is an
 * untrusted web page that reaches the main process only through the preload's functions.
 * (Checklist items 2-4, 6, 9-10 and 12: see docs/security.md.)
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowBounds { x?: number; y?: number; width: number; height: number }

/**
 * @param preloadPath absolute path of preload.cjs
 * @param additionalArguments strings appended to the renderer's process.argv: the preload
 *        reads the contract's channel list from them (see preload.ts)
 */
export function secureWindowOptions(preloadPath: string, additionalArguments: string[] = [], bounds?: WindowBounds): BrowserWindowConstructorOptions {
  return {
    width: bounds?.width ?? 1440,
    height: bounds?.height ?? 900,
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: '#111111',
    show: false,
    title: 'Filmstation',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      additionalArguments,
    },
  };
}
