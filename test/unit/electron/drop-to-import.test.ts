import { describe, expect, it, vi } from 'vitest';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { WebContents } from 'electron';
import { importablePaths, importOnFileNavigation, pathFromFileUrl } from '../../../electron/drop-to-import.js';
import { blockNavigation } from '../../../electron/security/navigation.js';
import { fakeEvent, FakeWebContents } from './fakes.js';

vi.mock('electron', () => ({}));

describe('drop to import', () => {
  const dropped = join(tmpdir(), 'CT study', 'DICOMDIR');

  it('turns a dropped file navigation into an import of that path', () => {
    const contents = new FakeWebContents();
    blockNavigation(contents as unknown as WebContents);
    const imported: string[][] = [];
    importOnFileNavigation(contents as unknown as WebContents, (p) => imported.push(p));
    const e = fakeEvent();
    contents.emit('will-navigate', e, pathToFileURL(dropped).toString());
    expect(e.defaultPrevented).toBe(true);
    expect(imported).toEqual([[dropped]]);
  });

  it('ignores navigations that are not dropped files (they stay blocked)', () => {
    const contents = new FakeWebContents();
    blockNavigation(contents as unknown as WebContents);
    const imported: string[][] = [];
    importOnFileNavigation(contents as unknown as WebContents, (p) => imported.push(p));
    const e = fakeEvent();
    contents.emit('will-navigate', e, 'https://example.com/study.dcm');
    expect(imported).toEqual([]);
    expect(e.defaultPrevented).toBe(true);
  });

  it('reads file URLs and filters dropped paths', () => {
    expect(pathFromFileUrl(pathToFileURL(dropped).toString())).toBe(dropped);
    expect(pathFromFileUrl('app://filmstation/index.html')).toBeUndefined();
    expect(pathFromFileUrl('::')).toBeUndefined();
    expect(importablePaths(['/a', '', '/a', 5, null, 'x\0y', '/b', 'z'.repeat(5000)])).toEqual(['/a', '/b']);
  });
});
