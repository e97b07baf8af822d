import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY, installContentSecurityPolicy, isAllowedRequestUrl } from '../../../../electron/security/content-security-policy.js';

function directives(): Map<string, string[]> {
  return new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k ?? '', v]));
}

type HeadersListener = (details: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
type RequestListener = (details: { url: string }, cb: (r: { cancel?: boolean }) => void) => void;

describe('Content-Security-Policy', () => {
  it('is strict: nothing by default, scripts only from the app, no eval, no plugins, frames or network', () => {
    const d = directives();
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|ws:|\*/);
  });

  it('replaces any CSP header of a response with ours', () => {
    let onHeaders: HeadersListener | undefined;
    const ses = { webRequest: { onHeadersReceived: (l: HeadersListener) => { onHeaders = l; }, onBeforeRequest: () => undefined } };
    installContentSecurityPolicy(ses as unknown as Session);
    let out: Record<string, string[]> | undefined;
    onHeaders?.({ responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } }, (r) => { out = r.responseHeaders; });
    expect(out?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(out?.['content-security-policy']).toBeUndefined();
    expect(out?.['Content-Type']).toEqual(['text/html']);
  });

  it('cancels requests for remote or local-file content', () => {
    let onRequest: RequestListener | undefined;
    const ses = { webRequest: { onHeadersReceived: () => undefined, onBeforeRequest: (l: RequestListener) => { onRequest = l; } } };
    installContentSecurityPolicy(ses as unknown as Session);
    const cancelled = (url: string): boolean | undefined => {
      let c: boolean | undefined;
      onRequest?.({ url }, (r) => { c = r.cancel; });
      return c;
    };
    expect(cancelled('https://cdn.example/lib.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('ws://127.0.0.1:9000/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('app://filmstation/assets/index.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(isAllowedRequestUrl('not a url')).toBe(false);
  });
});
