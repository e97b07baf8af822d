/** TempFilePool: spares opened ahead; close() leaves no file open or behind, also while opens are in flight. */
import { closeSync, mkdtempSync, readdirSync, readlinkSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RESERVE_IDLE_MS, SPARE_DIR, TempFilePool } from '../../../core/archive/temp-file-pool.js';
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

describe('TempFilePool reserve (empty spares made while idle, kept across restarts)', () => {
  const spareNames = (): string[] => readdirSync(join(root, TEMP_DIR, SPARE_DIR)).sort();

  it('makes none before the pool is used; once used and then idle, fills up to the target, durable', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root, { size: 2, reserve: 10, durableNames: true });
    await expect.poll(() => spareNames().length).toBe(2); // the open ones only
    await new Promise((r) => setTimeout(r, RESERVE_IDLE_MS + 200));
    expect(pool.reserved).toBe(0); // never used: an archive that does not receive makes nothing
    let first: ReturnType<TempFilePool['take']>;
    await expect.poll(() => (first ??= pool.take()) !== undefined).toBe(true);
    closeSync(first!.fd);
    await expect.poll(() => pool.reserved, { timeout: 5000 }).toBe(10);
    expect(spareNames()).toHaveLength(1 + 2 + 10); // the taken one, the open ones, the reserve
    // A burst takes reserve spares, opened as they are (durable already): no file created on the way.
    const before = spareNames();
    // The ready one, then the ten: the one made to replace the first taken awaits its folder's flush.
    const taken = Array.from({ length: 11 }, () => pool.take());
    expect(pool.take()).toBeUndefined();
    expect(taken.every((s) => s !== undefined && s.durableName === true)).toBe(true);
    expect(taken.every((s) => before.includes(s!.path.split('/').pop()!))).toBe(true);
    for (const s of taken) closeSync(s!.fd);
    await pool.close();
  });

  it('waits while the pool is in use: no reserve spare is made between takes closer than the idle time', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root, { size: 2, reserve: 50 });
    const until = Date.now() + RESERVE_IDLE_MS * 2.5;
    while (Date.now() < until) {
      const s = pool.take();
      if (s) closeSync(s.fd);
      await new Promise((r) => setTimeout(r, RESERVE_IDLE_MS / 5));
    }
    expect(pool.reserved).toBe(0);
    await expect.poll(() => pool.reserved, { timeout: 5000 }).toBe(50);
    await pool.close();
  });

  it('close() keeps the open spares and the reserve on disk, closed; a new pool given them hands them out', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root, { size: 2, reserve: 5 });
    let spare: ReturnType<TempFilePool['take']>;
    await expect.poll(() => (spare ??= pool.take()) !== undefined).toBe(true);
    closeSync(spare!.fd);
    unlinkSync(spare!.path); // what a commit's rename does to it
    await expect.poll(() => pool.reserved, { timeout: 5000 }).toBe(5);
    await pool.close();
    expect(openUnder(root)).toEqual([]);
    const kept = spareNames();
    expect(kept).toHaveLength(2 + 5);
    const again = new TempFilePool(root, { size: 2, reserve: 5, found: kept.map((n) => join(root, TEMP_DIR, SPARE_DIR, n)) });
    expect(again.reserved).toBe(5); // two of the seven were opened at once as the ready ones
    const taken = Array.from({ length: 7 }, () => again.take());
    expect(taken.map((s) => s!.path.split('/').pop()).sort()).toEqual(kept);
    expect(spareNames()).toEqual(kept); // nothing created
    for (const s of taken) closeSync(s!.fd);
    await again.close();
  });

  it('without a reserve, close() still removes the spares it kept open', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root, { size: 3 });
    await expect.poll(() => spareNames().length).toBe(3);
    await pool.close();
    expect(spareNames()).toEqual([]);
  });
});
