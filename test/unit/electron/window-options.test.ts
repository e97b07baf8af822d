import { describe, expect, it } from 'vitest';
import { secureWindowOptions } from '../../../electron/security/window-options.js';

describe('secureWindowOptions', () => {
  it('applies the Electron security checklist to every window', () => {
    const prefs = secureWindowOptions('/app/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });
});
