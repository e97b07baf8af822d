/** File reads (Storage SCU, archive headers): the exact bytes, any size, errors, no descriptor left open. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileStart, readWholeFile } from '../../../core/platform/file-read.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'fs-read-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const openDescriptors = (): number => (process.platform === 'linux' ? readdirSync('/proc/self/fd').length : 0);

describe('readWholeFile', () => {
  it('returns the exact bytes of files of every size, and closes each', async () => {
    const before = openDescriptors();
    for (const size of [0, 1, 4096, 525_000, 3 * 1024 * 1024 + 17]) {
      const bytes = randomBytes(size);
      const path = join(dir, `f${size}`);
      writeFileSync(path, bytes);
      const read = await readWholeFile(path);
      expect(read.length).toBe(size);
      expect(Buffer.compare(read, bytes)).toBe(0);
    }
    expect(openDescriptors()).toBe(before);
  });

  it('rejects a missing file or a folder, and leaves nothing open', async () => {
    const before = openDescriptors();
    await expect(readWholeFile(join(dir, 'missing.dcm'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readWholeFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    expect(openDescriptors()).toBe(before);
  });

  it('readFileStart: the size and at most the first N bytes', async () => {
    const bytes = randomBytes(100_000);
    writeFileSync(join(dir, 'f'), bytes);
    const start = await readFileStart(join(dir, 'f'), 65_536);
    expect(start.size).toBe(100_000);
    expect(Buffer.compare(start.bytes, bytes.subarray(0, 65_536))).toBe(0);
    const whole = await readFileStart(join(dir, 'f'), 1_000_000);
    expect(Buffer.compare(whole.bytes, bytes)).toBe(0);
  });
});
