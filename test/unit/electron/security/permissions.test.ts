import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { denyAllPermissions } from '../../../../electron/security/permissions.js';

type RequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void;

function fakeSession() {
  const s = {
    request: undefined as RequestHandler | undefined,
    check: undefined as ((...a: unknown[]) => boolean) | undefined,
    device: undefined as ((...a: unknown[]) => boolean) | undefined,
    setPermissionRequestHandler(h: RequestHandler) { s.request = h; },
    setPermissionCheckHandler(h: (...a: unknown[]) => boolean) { s.check = h; },
    setDevicePermissionHandler(h: (...a: unknown[]) => boolean) { s.device = h; },
  };
  return s;
}

describe('denyAllPermissions', () => {
  it('denies every permission request and reports it', () => {
    const s = fakeSession();
    const denied: string[] = [];
    denyAllPermissions(s as unknown as Session, (p) => denied.push(p));
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'fullscreen']) {
      let answer: boolean | undefined;
      s.request?.({}, permission, (granted) => { answer = granted; }, { requestingUrl: 'app://filmstation/index.html' });
      expect(answer, permission).toBe(false);
    }
    expect(denied).toHaveLength(8);
  });

  it('answers permission checks and device requests with no', () => {
    const s = fakeSession();
    denyAllPermissions(s as unknown as Session);
    expect(s.check?.({}, 'media', 'app://filmstation', {})).toBe(false);
    expect(s.device?.({ deviceType: 'usb', origin: 'app://filmstation' })).toBe(false);
  });
});
