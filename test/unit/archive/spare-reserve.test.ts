/**
 * The archive's reserve of empty spare files (ArchiveOptions.spareReserve,
 * core/archive/temp-file-pool.ts): made once the archive has received and gone idle, kept
 * across a restart, used by the next burst instead of creating files; never mistaken for a
 * partial transfer, and bounded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../core/archive/archive.js';
import { readMark, marksSupportedIn } from '../../../core/archive/completion-mark.js';
import { SPARE_DIR } from '../../../core/archive/temp-file-pool.js';
import { TEMP_DIR } from '../../../core/archive/paths.js';
import { receiveCt } from './receive-ct.js';

let dir: string;
let archive: Archive | undefined;

beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'fs-reserve-')); });
afterEach(async () => {
  await archive?.close();
  archive = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const spareFolder = (): string => join(dir, 'archive', TEMP_DIR, SPARE_DIR);
const spares = (): string[] => readdirSync(spareFolder()).sort();

const receive = async (a: Archive): Promise<string> => (await receiveCt(a)).path;

describe('spare reserve', () => {
  it('is made once the archive has received and gone idle, survives a restart, and the next burst creates no file', async () => {
    archive = Archive.open(join(dir, 'archive'), { spareReserve: 20 });
    await expect.poll(() => spares().length).toBe(8);
    await new Promise((r) => setTimeout(r, 700));
    expect(spares()).toHaveLength(8); // the open ones only: nothing received yet
    await receive(archive);
    await expect.poll(() => spares().length, { timeout: 5000 }).toBe(8 + 20);
    await archive.close();
    // Beside the reserve: a partial transfer left by a crash, and a temporary file.
    writeFileSync(join(spareFolder(), 'partial.spare'), 'half a data set');
    writeFileSync(join(dir, 'archive', TEMP_DIR, 'dead.part'), 'half a data set');
    const kept = spares().filter((n) => n !== 'partial.spare');

    archive = Archive.open(join(dir, 'archive'), { spareReserve: 20 });
    expect(readdirSync(join(dir, 'archive', TEMP_DIR)).sort()).toEqual([SPARE_DIR]);
    // 28 empty spares were left: 20 kept (the bound), the partial transfer removed.
    const found = spares();
    expect(found).toHaveLength(20);
    expect(found.every((n) => kept.includes(n))).toBe(true);
    // 10 instances (and the pool's 8 open spares refilled after each) fit in the 20: no file created.
    const placed: string[] = [];
    for (let i = 0; i < 10; i++) placed.push(await receive(archive));
    expect(spares().every((n) => found.includes(n))).toBe(true);
    expect(spares()).toHaveLength(10);
    expect(archive.listInstances()).toHaveLength(11);
    // Their names were flushed at open: the instances took the one-flush path (completion-mark.ts).
    if (process.platform === 'linux' && marksSupportedIn(dir)) {
      for (const p of placed) {
        const fd = openSync(p, 'r');
        try { expect(readMark(fd)).toBeDefined(); } finally { closeSync(fd); }
      }
    }
  });

  it('an archive opened without a reserve (one-shot commands) removes the one left by an earlier run', async () => {
    archive = Archive.open(join(dir, 'archive'), { spareReserve: 10 });
    await expect.poll(() => spares().length).toBe(8);
    await new Promise((r) => setTimeout(r, 200)); // and their folder flushed: ready to take
    await receive(archive);
    await expect.poll(() => spares().length, { timeout: 5000 }).toBe(8 + 10);
    await archive.close();
    const before = spares();
    archive = Archive.open(join(dir, 'archive'));
    expect(spares().some((n) => before.includes(n))).toBe(false);
  });
});
