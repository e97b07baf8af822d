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
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(prefs?.enableBlinkFeatures ?? '').toBe('');
  });

  it('passes the channel argument to the renderer and uses remembered bounds', () => {
    const o = secureWindowOptions('/p.cjs', ['--filmstation-channels=app:info'], { x: 10, y: 20, width: 1200, height: 800 });
    expect(o.webPreferences?.additionalArguments).toEqual(['--filmstation-channels=app:info']);
    expect(o).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false });
  });

  it('leaves the position to the OS when none is remembered', () => {
    const o = secureWindowOptions('/p.cjs', [], { width: 1300, height: 700 });
    expect(o.x).toBeUndefined();
    expect(o.y).toBeUndefined();
    expect(o.width).toBe(1300);
  });
});
