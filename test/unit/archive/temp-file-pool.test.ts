/** TempFilePool: spares opened ahead; close() leaves no file open or behind, also while opens are in flight. */
import { closeSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SPARE_DIR, TempFilePool } from '../../../core/archive/temp-file-pool.js';
import { TEMP_DIR } from '../../../core/archive/paths.js';

let root: string;
afterEach(() => { rmSync(root, { recursive: true, force: true }); });

/** Descriptors of this process open on files under `dir` (Linux: /proc/self/fd). */
function openUnder(dir: string): string[] {
  if (process.platform !== 'linux') return [];
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) out.push(target);
    } catch { /* closed meanwhile */ }
  }
  return out;
}

describe('TempFilePool', () => {
  it('close() while spares are still being opened: the promise resolves once they are closed and removed', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root, { size: 4 }); // four opens now in flight on the thread pool
    const closing = pool.close();
    await closing;
    expect(openUnder(root)).toEqual([]);
    expect(readdirSync(join(root, TEMP_DIR, SPARE_DIR))).toEqual([]);
  });

  it('hands out open spares in its folder, refills, and close() removes the ready ones', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root, { size: 2 });
    let spare: ReturnType<TempFilePool['take']>;
    await expect.poll(() => (spare ??= pool.take()) !== undefined).toBe(true);
    expect(spare?.path.startsWith(join(root, TEMP_DIR, SPARE_DIR))).toBe(true);
    await expect.poll(() => readdirSync(join(root, TEMP_DIR, SPARE_DIR)).length).toBe(3); // refilled
    await pool.close();
    // The taken spare is its taker's to close; the pool's own are gone.
    expect(readdirSync(join(root, TEMP_DIR, SPARE_DIR))).toEqual([spare!.path.split('/').pop()]);
    expect(openUnder(root)).toEqual([spare!.path]);
  });

  it('durable names: a spare is handed out only after a flush of its folder, one flush for several spares', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root, { size: 8, durableNames: true });
    const taken: NonNullable<ReturnType<TempFilePool['take']>>[] = [];
    // At start nothing is ready: the first eight are flushed as soon as they exist.
    await expect.poll(() => { const s = pool.take(); if (s) taken.push(s); return taken.length; }).toBe(1);
    // Take three more: each is replaced at once (one creation per take), but the new ones wait for a flush.
    for (let i = 0; i < 3; i++) { const s = pool.take(); if (s) taken.push(s); }
    await expect.poll(() => readdirSync(join(root, TEMP_DIR, SPARE_DIR)).length).toBe(12);
    expect(taken.every((s) => s.durableName === true)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    const fourLeft = [pool.take(), pool.take(), pool.take(), pool.take()];
    expect(fourLeft.every((s) => s?.durableName === true)).toBe(true);
    expect(pool.take()).toBeUndefined(); // the four new ones are not flushed yet
    await pool.flushNames(); // an instance's commit does this
    const next = pool.take();
    expect(next?.durableName).toBe(true);
    // close() while a flush may be in flight: nothing of the pool's own stays open.
    const mine = [...taken, ...fourLeft.map((s) => s!), next!];
    void pool.flushNames();
    await pool.close();
    expect(openUnder(root).sort()).toEqual(mine.map((s) => s.path).sort());
    for (const s of mine) closeSync(s.fd);
  });

  it('found empty, doubles up to maxSize (a sender with a window, many senders), and no further', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root, { size: 2, maxSize: 8 });
    // Nothing opened yet: each take finds the pool empty (2 -> 4 -> 8 -> 8).
    expect([pool.take(), pool.take(), pool.take()]).toEqual([undefined, undefined, undefined]);
    await expect.poll(() => readdirSync(join(root, TEMP_DIR, SPARE_DIR)).length).toBe(8);
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(join(root, TEMP_DIR, SPARE_DIR))).toHaveLength(8);
    await pool.close();
    expect(openUnder(root)).toEqual([]);
  });

  it('without durable names, spares are not marked durable', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root);
    let spare: ReturnType<TempFilePool['take']>;
    await expect.poll(() => (spare ??= pool.take()) !== undefined).toBe(true);
    expect(spare!.durableName).toBeUndefined();
    closeSync(spare!.fd);
    await pool.close();
  });
});
