/**
 * The Content-Security-Policy of the desktop window, sent as a response header on every
 * page the app protocol serves (and added to any other response by the session as a second
 * line of defence). Scripts only from the app itself, no eval, no inline script, no
 * plugins, no frames, no network: the renderer talks to the facade through the preload,
 * never over HTTP or WebSocket. Images and fonts may be data:/blob: URLs (previews arrive
 * as PNG data URLs). Inline *styles* stay allowed: Vue style bindings and the renderer's
 * own meta policy need them, and styles cannot run code.
 */
import type { Session } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Schemes the window may load at all: the app itself and inline data. Everything else (http, https, ws, file, ftp...) is cancelled. */
const ALLOWED_SCHEMES = new Set(['app:', 'data:', 'blob:', 'devtools:']);

export function isAllowedRequestUrl(url: string): boolean {
  try {
    return ALLOWED_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Adds the CSP header to every response of the session and cancels requests for remote content. */
export function installContentSecurityPolicy(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) });
  });
}
