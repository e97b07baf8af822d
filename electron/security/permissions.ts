/**
 * Every permission request of web content is denied (checklist item 5): a film
 * workstation needs no camera, microphone, geolocation, notifications from the page (the
 * main process shows them), MIDI, HID, serial, USB or clipboard reads.
 */
import type { Session } from 'electron';

export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>, onDenied?: (permission: string, origin: string) => void): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    onDenied?.(permission, details?.requestingUrl ?? webContents?.getURL?.() ?? '');
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
