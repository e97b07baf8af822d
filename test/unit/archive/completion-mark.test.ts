/**
 * One flush per received instance (core/archive/completion-mark.ts): the mark, what it
 * vouches for, and what the next open does with a marked spare that a power loss left
 * behind (its rename undone). A power loss cannot be staged here; its leftovers can: the
 * placed file moved back into the spare folder (a rename keeps its attributes), its row gone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { Archive, type ArchiveOptions } from '../../../core/archive/archive.js';
import { ArchiveIndex } from '../../../core/archive/archive-index.js';
import { MARK_ATTRIBUTE, fileMatchesMark, marksSupportedIn, readMark, writeMark } from '../../../core/archive/completion-mark.js';
import { reindexArchive } from '../../../core/archive/reindex.js';
import { verifyArchive } from '../../../core/archive/verify.js';
import { runCli } from '../../../core/cli/main.js';
import { SPARE_DIR } from '../../../core/archive/temp-file-pool.js';
import { xattrs } from '../../../core/platform/libc.js';
import { datasetBytesOf, fixture, variant } from './dicom-variants.js';
import { receiveCt } from './receive-ct.js';

const linux = process.platform === 'linux';
let dir: string;
let archive: Archive | undefined;

beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'fs-mark-')); });
afterEach(async () => {
  await archive?.close();
  archive = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function withFile<T>(path: string, flags: string, f: (fd: number) => T): T {
  const fd = openSync(path, flags);
  try { return f(fd); } finally { closeSync(fd); }
}

describe.runIf(linux)('the mark', () => {
  it('is supported here, reads back, and vouches for the exact bytes and size only', () => {
    expect(marksSupportedIn(dir)).toBe(true);
    const file = join(dir, 'f');
    const bytes = Buffer.from('some instance bytes');
    withFile(file, 'w+', (fd) => {
      writeSync(fd, bytes);
      expect(readMark(fd)).toBeUndefined();
      expect(writeMark(fd, { size: bytes.length, crc32: crc32(bytes) })).toBe(true);
      expect(readMark(fd)).toEqual({ size: bytes.length, crc32: crc32(bytes) });
      expect(fileMatchesMark(fd, readMark(fd)!)).toBe(true);
      writeSync(fd, Buffer.from('S'), 0, 1, 0); // one byte altered, same size
      expect(fileMatchesMark(fd, readMark(fd)!)).toBe(false);
      writeSync(fd, Buffer.from('s'), 0, 1, 0);
      writeSync(fd, Buffer.from('!'), 0, 1, bytes.length); // one byte longer
      expect(fileMatchesMark(fd, readMark(fd)!)).toBe(false);
    });
  });

  it('a malformed value is no mark', () => {
    const file = join(dir, 'f');
    withFile(file, 'w+', (fd) => {
      for (const v of ['2 5 0000abcd', '1 5 abcd', '1 -5 0000abcd', '1 5 0000abcd ', 'x'.repeat(200)]) {
        const value = Buffer.from(v);
        expect(xattrs()!.set(fd, MARK_ATTRIBUTE, value, value.length, 0)).toBe(0);
        expect(readMark(fd), v).toBeUndefined();
      }
    });
  });
});

const receive = receiveCt;

/** Opens the archive and waits until its first batch of durable spares is ready. */
async function openWithSpares(options: ArchiveOptions = {}): Promise<Archive> {
  const a = Archive.open(join(dir, 'archive'), options);
  await new Promise((r) => setTimeout(r, 100));
  return a;
}

function markOf(path: string): ReturnType<typeof readMark> {
  return withFile(path, 'r', (fd) => readMark(fd));
}

/** What a power loss after the answer may leave: the file back in the spare folder, its row and journal line gone. */
function undoPlacement(a: Archive, placed: string, sop: string): string {
  const spare = join(a.root, '.tmp', SPARE_DIR, 'lost-rename.spare');
  renameSync(placed, spare);
  const index = new ArchiveIndex(join(a.root, 'index.sqlite'));
  const path = index.instancePath(sop);
  if (path !== undefined) index.deleteRows({ seriesInstanceUid: index.listInstances().find((r) => r.sopInstanceUid === sop)!.seriesInstanceUid });
  index.close();
  rmSync(join(a.root, 'index.sqlite-placed'), { force: true });
  return spare;
}

/** A second, different copy of a stored instance, marked as complete, where a power loss would leave it. */
function markedSecondCopy(a: Archive, storedPath: string): { spare: string; copy: Buffer } {
  const copy = Buffer.from(readFileSync(storedPath));
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0xff;
  const spare = join(a.root, '.tmp', SPARE_DIR, 'second-copy.spare');
  withFile(spare, 'w', (fd) => { writeSync(fd, copy); expect(writeMark(fd, { size: copy.length, crc32: crc32(copy) })).toBe(true); });
  return { spare, copy };
}

describe.runIf(linux)('received instances with one flush', () => {
  it('a spare with a durable name gets the mark (size and CRC of the stored file); no spare yet: the classic two flushes, no mark', async () => {
    archive = Archive.open(join(dir, 'archive'));
    const first = await receive(archive); // straight after open: the pool has no spare yet
    expect(markOf(first.path)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 100));
    const second = await receive(archive);
    const stored = readFileSync(second.path);
    expect(markOf(second.path)).toEqual({ size: stored.length, crc32: crc32(stored) });
    const dataset = Buffer.from(datasetBytesOf(second.bytes));
    expect(Buffer.compare(stored.subarray(stored.length - dataset.length), dataset)).toBe(0);
  });

  it('durability none: no mark, no checksum', async () => {
    archive = await openWithSpares({ durability: 'none' });
    const r = await receive(archive);
    expect(markOf(r.path)).toBeUndefined();
  });

  it('a marked spare left by a power loss is placed and indexed at the next open, bytes unchanged', async () => {
    archive = await openWithSpares();
    const r = await receive(archive);
    const original = readFileSync(r.path);
    await archive.close();
    undoPlacement(archive, r.path, r.sop);
    archive = Archive.open(join(dir, 'archive'));
    expect(archive.recoveredSpares).toBe(1);
    expect(archive.listInstances().map((i) => i.sopInstanceUid)).toEqual([r.sop]);
    expect(Buffer.compare(readFileSync(r.path), original)).toBe(0);
    expect(archive.listInstances()[0]?.receivedFrom).toBe('MODALITY1');
    expect(readdirSync(join(archive.root, '.tmp', SPARE_DIR)).every((n) => n.endsWith('.spare') && !n.startsWith('lost'))).toBe(true);
  });

  it('a spare whose data does not match its mark (power lost during the flush: never answered) is removed, not indexed', async () => {
    archive = await openWithSpares();
    const r = await receive(archive);
    await archive.close();
    const spare = undoPlacement(archive, r.path, r.sop);
    withFile(spare, 'r+', (fd) => writeSync(fd, Buffer.from([0xee]), 0, 1, 2000));
    archive = Archive.open(join(dir, 'archive'));
    expect(archive.recoveredSpares).toBe(0);
    expect(archive.listInstances()).toEqual([]);
    expect(existsSync(spare)).toBe(false);
    expect(existsSync(r.path)).toBe(false);
  });

  it('a marked spare of an instance the archive already holds is dropped (duplicates: keep), the stored copy untouched', async () => {
    archive = await openWithSpares();
    const r = await receive(archive);
    const original = readFileSync(r.path);
    await archive.close();
    const { spare } = markedSecondCopy(archive, r.path);
    archive = Archive.open(join(dir, 'archive'));
    expect(archive.recoveredSpares).toBe(0);
    expect(existsSync(spare)).toBe(false);
    expect(Buffer.compare(readFileSync(r.path), original)).toBe(0);
    expect(archive.listInstances().map((i) => i.sopInstanceUid)).toEqual([r.sop]);
  });

  it('duplicates: keep also holds when the first copy lost its row (only journalled, or not even that)', async () => {
    archive = await openWithSpares();
    const r = await receive(archive);
    const original = readFileSync(r.path);
    await archive.close();
    for (const journalled of [true, false]) {
      const index = new ArchiveIndex(join(archive.root, 'index.sqlite'));
      index.deleteRows({ seriesInstanceUid: index.listInstances()[0]!.seriesInstanceUid });
      index.close();
      writeFileSync(join(archive.root, 'index.sqlite-placed'), journalled ? `${r.path.slice(archive.root.length + 1)}\n` : '');
      markedSecondCopy(archive, r.path);
      archive = Archive.open(join(dir, 'archive'));
      expect(archive.recoveredSpares, `journalled: ${journalled}`).toBe(0);
      expect(Buffer.compare(readFileSync(r.path), original)).toBe(0);
      expect(archive.listInstances().length).toBe(journalled ? 1 : 0); // not journalled: `reindex` finds it
      await archive.close();
      if (!journalled) await reindexArchive(archive.root);
    }
    archive = Archive.open(join(dir, 'archive'));
    expect(archive.listInstances().map((i) => i.sopInstanceUid)).toEqual([r.sop]);
  });

  it('duplicates: overwrite: the marked spare (the later copy) replaces the stored one', async () => {
    archive = await openWithSpares({ duplicates: 'overwrite' });
    const r = await receive(archive);
    await archive.close();
    const { copy } = markedSecondCopy(archive, r.path);
    archive = Archive.open(join(dir, 'archive'), { duplicates: 'overwrite' });
    expect(archive.recoveredSpares).toBe(1);
    expect(Buffer.compare(readFileSync(r.path), copy)).toBe(0);
    expect(archive.listInstances().map((i) => i.sopInstanceUid)).toEqual([r.sop]);
  });
});

describe.runIf(linux)('verify: the marks kept on stored files find later changes', () => {
  it('reports altered and missing files, counts unmarked ones (imported), and the CLI exits 1', async () => {
    archive = await openWithSpares();
    await receive(archive); // left as it was
    const edited = await receive(archive);
    const grown = await receive(archive);
    const gone = await receive(archive);
    const { bytes } = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
    const importedFrom = join(dir, 'import.dcm');
    writeFileSync(importedFrom, bytes);
    await archive.importFile(importedFrom);
    archive.writePendingRows();
    withFile(edited.path, 'r+', (fd) => writeSync(fd, Buffer.from([0x5a]), 0, 1, 3000)); // same size, one byte changed
    withFile(grown.path, 'a', (fd) => writeSync(fd, Buffer.from([0])));
    rmSync(gone.path);
    const report = await verifyArchive(archive.root); // while the archive is open: it only reads
    expect(report).toMatchObject({ instances: 5, verified: 1, unmarked: 1 });
    expect(Object.fromEntries(report.altered.map((a) => [a.sopInstanceUid, a.reason]))).toEqual({
      [edited.sop]: 'its bytes differ from those answered (CRC-32)',
      [grown.sop]: expect.stringMatching(/^\d+ bytes, \d+ when stored$/),
    });
    expect(report.missing.map((m) => m.sopInstanceUid)).toEqual([gone.sop]);
    let out = '';
    const code = await runCli(['verify', '--archive', archive.root], { stdout: { write: (s: string) => { out += s; } }, stderr: { write: () => undefined } });
    expect(code).toBe(1);
    expect(out).toMatch(/5 instances: 1 verified, 1 present without a checksum, 2 altered, 1 missing/);
    expect(out).toContain(`missing ${gone.path.slice(archive.root.length + 1)}`);
  });
});

