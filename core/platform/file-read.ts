/**
 * Whole-file and file-start reads with two thread-pool round trips (open, read) instead of
 * the five or more of `fs.promises.readFile` (open, fstat, read per 512 KiB, close). Why:
 * each round trip wakes a pool thread and the event loop again, which cost this 2-core
 * machine ~0.1 ms of CPU apiece; for a 0.5 MB CT, 420-480 us of CPU per file with readFile,
 * 220-230 us here (measured side by side). The Storage SCU reads every file it sends, on the
 * same CPUs as the receiver when both run here; import and reindex read every file's header.
 * The size comes from fstat on the open descriptor (no I/O), and close is synchronous
 * (nothing to flush on a file opened for reading).
 */
import { closeSync, fstatSync, open, read } from 'node:fs';
import { promisify } from 'node:util';

const openP = promisify(open);

function readAt(fd: number, buf: Buffer, offset: number, position: number, end: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, offset, end - offset, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

/**
 * The file's bytes: what it holds when read (a file that shrinks meanwhile gives what is left).
 * `buffer(size)`: where to read them (at least `size` bytes, see read-buffers.ts); else a new one.
 */
export async function readWholeFile(path: string, buffer?: (size: number) => Buffer): Promise<Buffer> {
  return (await readFileStart(path, Number.MAX_SAFE_INTEGER, buffer)).bytes;
}

/** The file's size and its first `maxBytes` bytes (fewer when the file is shorter). */
export async function readFileStart(path: string, maxBytes: number, buffer?: (size: number) => Buffer): Promise<{ size: number; bytes: Buffer }> {
  const fd = await openP(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const wanted = Math.min(size, maxBytes);
    const buf = buffer ? buffer(wanted) : Buffer.allocUnsafe(wanted);
    let filled = 0;
    // One read nearly always; a read may return less (Linux caps one at ~2 GiB).
    while (filled < wanted) {
      const n = await readAt(fd, buf, filled, filled, wanted);
      if (n === 0) break;
      filled += n;
    }
    return { size, bytes: filled === buf.length ? buf : buf.subarray(0, filled) };
  } finally {
    closeSync(fd);
  }
}
