import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Protocol } from 'electron';
import { APP_ENTRY_URL, appProtocolHandler, contentTypeOf, isAppUrl, registerAppScheme, resolveAppPath } from '../../../../electron/security/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../../electron/security/content-security-policy.js';

const root = mkdtempSync(join(tmpdir(), 'fs-app-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
// A file beside the renderer folder: what a path escaping it would reach.
const secret = join(tmpdir(), 'fs-app-secret.txt');
writeFileSync(secret, 'secret');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(secret, { force: true });
});

/** net.fetch stand-in: serves file: URLs from disk. */
async function fetchFile(url: string): Promise<Response> {
  try { return new Response(readFileSync(fileURLToPath(url))); } catch { return new Response('', { status: 404 }); }
}

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (s: unknown) => calls.push(s) } as unknown as Protocol);
    expect(calls).toEqual([[expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]]);
  });

  it('maps URLs to files under the renderer folder only', () => {
    expect(resolveAppPath(root, APP_ENTRY_URL)).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://filmstation/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://filmstation/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    // The URL parser folds '..' at the root away: the path stays inside the folder.
    expect(resolveAppPath(root, 'app://filmstation/../fs-app-secret.txt')).toBe(join(root, 'fs-app-secret.txt'));
    expect(resolveAppPath(root, 'app://filmstation/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    // Encoded separators decode after URL parsing: still clamped under the folder.
    for (const sneaky of ['app://filmstation/a%2F..%2F..%2F..%2Fetc%2Fpasswd', 'app://filmstation/a%5C..%5C..%5Cetc']) {
      const p = resolveAppPath(root, sneaky);
      expect(p === undefined || p.startsWith(root), sneaky).toBe(true);
    }
    expect(resolveAppPath(root, 'app://filmstation/a%00b')).toBeUndefined();
    expect(resolveAppPath(root, 'app://other/index.html')).toBeUndefined();
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeUndefined();
  });

  it('serves files with the CSP header, and 404 for anything else', async () => {
    const handle = appProtocolHandler(root, fetchFile);
    const ok = await handle(new Request(APP_ENTRY_URL));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    expect(await ok.text()).toContain('<title>x</title>');
    expect((await handle(new Request('app://filmstation/assets/app.js'))).headers.get('content-type')).toMatch(/javascript/);
    expect((await handle(new Request('app://filmstation/missing.js'))).status).toBe(404);
    expect((await handle(new Request('app://filmstation/%2e%2e/fs-app-secret.txt'))).status).toBe(404);
    expect((await handle(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status).toBe(404);
  });

  it('recognises pages of the app', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://filmstation/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
    expect(contentTypeOf('x.wasm')).toBe('application/wasm');
  });
});
