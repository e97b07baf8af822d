import { describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { blockNavigation } from '../../../../electron/security/navigation.js';
import { fakeEvent, FakeWebContents } from '../fakes.js';

function guarded(): { contents: FakeWebContents; blocked: Array<[string, string]> } {
  const contents = new FakeWebContents();
  const blocked: Array<[string, string]> = [];
  blockNavigation(contents as unknown as WebContents, { onBlocked: (what, url) => blocked.push([what, url]) });
  return { contents, blocked };
}

describe('blockNavigation', () => {
  it('prevents every navigation of the page, to remote and local URLs alike', () => {
    const { contents, blocked } = guarded();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://filmstation/other.html']) {
      const e = fakeEvent();
      contents.emit('will-navigate', e, url);
      expect(e.defaultPrevented).toBe(true);
    }
    expect(blocked.map(([w]) => w)).toEqual(['navigate', 'navigate', 'navigate']);
  });

  it('prevents frame navigations, redirects and webview attachment', () => {
    const { contents } = guarded();
    const frame = fakeEvent({ url: 'https://x.example/', isMainFrame: false });
    contents.emit('will-frame-navigate', frame);
    const redirect = fakeEvent();
    contents.emit('will-redirect', redirect, 'https://x.example/');
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview, {}, {});
    expect([frame.defaultPrevented, redirect.defaultPrevented, webview.defaultPrevented]).toEqual([true, true, true]);
  });

  it('denies every new window', () => {
    const { contents, blocked } = guarded();
    expect(contents.windowOpenHandler).toBeDefined();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://filmstation/index.html' })).toEqual({ action: 'deny' });
    expect(blocked).toContainEqual(['window-open', 'https://example.com/']);
  });
});
