/**
 * Files and folders dropped from the OS onto the window are imported into the archive.
 *
 * Two paths:
 *  - the page handles the drop: the preload's pathForFile(file) (webUtils.getPathForFile)
 *    gives it each item's path and it calls import:paths (folders and DICOMDIRs work);
 *  - the page does not handle it: Chromium would navigate to the dropped file's file://
 *    URL. The navigation guard blocks that, and this module turns the URL into an import.
 *    (navigateOnDragDrop is off in the window options; this catches what still arrives.)
 */
import { fileURLToPath } from 'node:url';
import type { WebContents } from 'electron';

/** The local path of a file:// URL, or undefined for any other URL. */
export function pathFromFileUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'file:') return undefined;
    return fileURLToPath(u);
  } catch {
    return undefined;
  }
}

/** Local paths among dropped items' paths: non-empty, no NUL, at most 10,000 (the contract's limit). */
export function importablePaths(paths: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (typeof p === 'string' && p.length > 0 && p.length <= 4096 && !p.includes('\0') && !out.includes(p)) out.push(p);
    if (out.length >= 10_000) break;
  }
  return out;
}

export function importOnFileNavigation(contents: Pick<WebContents, 'on'>, importPaths: (paths: string[]) => void): void {
  contents.on('will-navigate', (event, url) => {
    const path = pathFromFileUrl(url);
    if (path === undefined) return;
    event.preventDefault();
    importPaths([path]);
  });
}
