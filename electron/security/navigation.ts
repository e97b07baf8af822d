/**
 * Navigation and new windows are blocked for every web contents (checklist items 13-14):
 * the renderer is a single-page app that never navigates; a link or a script trying to
 * open a page or a window gets nothing. <webview> attachment is refused as well (item 12,
 * in addition to webviewTag: false).
 */
import type { WebContents } from 'electron';

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export interface NavigationGuardOptions {
  /** Called for every blocked attempt (logging). */
  onBlocked?: (what: 'navigate' | 'redirect' | 'window-open' | 'webview', url: string) => void;
}

export function blockNavigation(contents: GuardedContents, o: NavigationGuardOptions = {}): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    o.onBlocked?.('navigate', url);
  });
  // Not emitted for loads the main process starts (loadURL), so blocking all is safe.
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    o.onBlocked?.('navigate', event.url);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    o.onBlocked?.('redirect', url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    o.onBlocked?.('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    o.onBlocked?.('window-open', url);
    return { action: 'deny' };
  });
}
