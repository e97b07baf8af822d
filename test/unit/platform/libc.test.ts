/** The Linux calls reached through koffi: present on Linux, and they do what they say. */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setsockopt, SYNC_FILE_RANGE_WRITE, syncFileRange } from '../../../core/platform/libc.js';

describe.runIf(process.platform === 'linux')('libc through koffi', () => {
  it('sync_file_range starts writeback of a written range (0 = success), and refuses a bad descriptor', () => {
    const call = syncFileRange();
    expect(call).toBeTypeOf('function');
    const dir = mkdtempSync(join(tmpdir(), 'fs-libc-'));
    try {
      const fd = openSync(join(dir, 'f'), 'w');
      writeSync(fd, Buffer.alloc(256 * 1024, 1));
      expect(call!(fd, 0, 256 * 1024, SYNC_FILE_RANGE_WRITE)).toBe(0);
      closeSync(fd);
      expect(call!(fd, 0, 1, SYNC_FILE_RANGE_WRITE)).toBe(-1); // EBADF: closed
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('setsockopt is reachable (used for TCP_QUICKACK; see test/integration/tcp-quick-ack.test.ts)', () => {
    expect(setsockopt()).toBeTypeOf('function');
    expect(setsockopt()!(-1, 6, 12, new Int32Array([1]), 4)).toBe(-1); // EBADF
  });
});
