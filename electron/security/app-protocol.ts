/**
 * The renderer is served from a custom `app://filmstation/` scheme instead of file://
 * (checklist item 18): file:// pages can read any file the user can, while this handler
 * serves only files under the renderer folder, refuses path traversal, and sends the
 * Content-Security-Policy header with every response.
 */
import { normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'filmstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Must run before app 'ready': a standard, secure scheme gets an origin, so 'self' in the CSP means this app. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** True for pages of this app (used to check the sender of every IPC call). */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The file under `root` an app:// URL names, or undefined (other host, traversal, bad URL). */
export function resolveAppPath(root: string, url: string): string | undefined {
  let u: URL;
  try { u = new URL(url); } catch { return undefined; }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return undefined;
  let path: string;
  try { path = decodeURIComponent(u.pathname); } catch { return undefined; }
  if (path.includes('\0')) return undefined;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const file = resolve(base, `.${normalize(path)}`);
  return file.startsWith(base + sep) ? file : undefined;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.otf': 'font/otf', '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 ? TYPES[file.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}

/** The request handler: files under root with the CSP header; 404 for anything else. */
export function appProtocolHandler(root: string, fetchFile: (fileUrl: string) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveAppPath(root, request.url);
    if (!file || request.method !== 'GET') return new Response('Not found', { status: 404 });
    let res: Response;
    try {
      res = await fetchFile(pathToFileURL(file).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
    if (!res.ok) return new Response('Not found', { status: 404 });
    return new Response(res.body, {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

/** Installs the handler on the session's protocol (after 'ready'). */
export function serveApp(protocol: Pick<Protocol, 'handle'>, root: string, fetchFile: (fileUrl: string) => Promise<Response>): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(root, fetchFile));
}
