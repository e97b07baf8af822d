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

  it('durable names: spares come in half-pool batches, each after one flush of their folder, marked durable', async () => {
    root = mkdtempSync(join(tmpdir(), 'fs-pool-'));
    const pool = new TempFilePool(root, { size: 4, durableNames: true });
    const taken: NonNullable<ReturnType<TempFilePool['take']>>[] = [];
    await expect.poll(() => { const s = pool.take(); if (s) taken.push(s); return taken.length; }).toBe(1);
    expect(taken[0]!.durableName).toBe(true);
    // Three left, so no batch yet (it starts when two are missing).
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(join(root, TEMP_DIR, SPARE_DIR)).length).toBe(4);
    const second = pool.take();
    expect(second?.durableName).toBe(true);
    await expect.poll(() => readdirSync(join(root, TEMP_DIR, SPARE_DIR)).length).toBe(6);
    // close() while a batch may still be flushing: nothing of the pool's own stays open.
    const third = pool.take();
    await pool.close();
    expect(openUnder(root).sort()).toEqual([taken[0]!.path, second!.path, ...(third ? [third.path] : [])].sort());
    for (const s of [taken[0]!, second!, ...(third ? [third] : [])]) closeSync(s.fd);
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
