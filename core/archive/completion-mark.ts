/**
 * Completion marks: a received instance made durable with one flush instead of two.
 *
 * The classic order (archive.ts) is: fdatasync the file, rename it into place, fsync the
 * folder so that the new name survives a power loss, answer. Each flush is a journal commit
 * of the disk (0.4-1.3 ms here), on the C-STORE response's path. With a mark:
 *  - the instance is written into a spare whose name in .tmp/ready was made durable ahead of
 *    use (temp-file-pool.ts: one folder flush per four spares, issued beside an instance's fsync);
 *  - at commit an extended attribute on the file records its size and CRC-32, and one fsync
 *    makes the data and the attribute durable together;
 *  - the rename into the archive and the answer follow; that folder is not flushed.
 * After a power loss the rename may be lost: the file is then still in .tmp/ready, under its
 * durable name, with its mark. At start-up (archive.ts) every spare whose size and CRC-32
 * match its mark is placed and indexed like a received instance; a spare whose data does not
 * match (the power went during the flush, so it was never answered) goes with the other
 * leftovers. The CRC is what makes a mark trustworthy: a journal may make the attribute
 * durable before the file's data.
 *
 * Needs fsetxattr (Linux, through koffi) and a file system that keeps user attributes
 * (ext4, XFS, btrfs; tmpfs since Linux 6.6), and relies, like every rename-based store, on a
 * rename being all or nothing across a crash (journalling file systems). Elsewhere the
 * archive keeps the classic order. The mark stays on the archived file (a user attribute,
 * not part of its bytes).
 */
import { closeSync, fstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { crc32 } from '../platform/crc32.js';
import { xattrs } from '../platform/libc.js';

export const MARK_ATTRIBUTE = 'user.filmstation.stored';

export interface CompletionMark {
  /** Bytes of the whole file. */
  size: number;
  /** CRC-32 (zlib's) of the whole file. */
  crc32: number;
}

const MARK_FORMAT = /^1 (\d{1,16}) ([0-9a-f]{8})$/;
/** Longest value read back: the format above is at most 27 bytes. */
const MARK_MAX_BYTES = 64;
/** File bytes read per step when checking a mark (bounded, whatever the file's size). */
const CHECK_CHUNK_BYTES = 1024 * 1024;

/** Sets the mark; false when the platform or the file system cannot (the caller flushes the classic way). */
export function writeMark(fd: number, mark: CompletionMark): boolean {
  const x = xattrs();
  if (!x) return false;
  const value = Buffer.from(`1 ${mark.size} ${(mark.crc32 >>> 0).toString(16).padStart(8, '0')}`, 'ascii');
  try {
    return x.set(fd, MARK_ATTRIBUTE, value, value.length, 0) === 0;
  } catch {
    return false;
  }
}

/** The file's mark, if it has a well-formed one. */
export function readMark(fd: number): CompletionMark | undefined {
  const x = xattrs();
  if (!x) return undefined;
  const value = Buffer.alloc(MARK_MAX_BYTES);
  let n: number;
  try {
    n = Number(x.get(fd, MARK_ATTRIBUTE, value, value.length));
  } catch {
    return undefined;
  }
  if (!(n > 0 && n <= value.length)) return undefined;
  const m = MARK_FORMAT.exec(value.toString('ascii', 0, n));
  if (!m) return undefined;
  return { size: Number(m[1]), crc32: Number.parseInt(m[2]!, 16) };
}

/** True when the open file's size and CRC-32 are the ones its mark records. */
export function fileMatchesMark(fd: number, mark: CompletionMark): boolean {
  if (fstatSync(fd).size !== mark.size) return false;
  const buf = Buffer.allocUnsafe(Math.min(CHECK_CHUNK_BYTES, Math.max(1, mark.size)));
  let crc = 0;
  let pos = 0;
  while (pos < mark.size) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, mark.size - pos), pos);
    if (n === 0) return false;
    crc = crc32(buf.subarray(0, n), crc);
    pos += n;
  }
  return crc === mark.crc32;
}

/** Whether marks can be set and read back on files in `dir` (a probe file, removed again). */
export function marksSupportedIn(dir: string): boolean {
  if (!xattrs()) return false;
  const probe = join(dir, `${randomUUID()}.probe`);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'wx', 0o644);
    const mark = { size: 0, crc32: crc32(new Uint8Array(0)) };
    if (!writeMark(fd, mark)) return false;
    const back = readMark(fd);
    return back !== undefined && back.size === mark.size && back.crc32 === mark.crc32;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) try { closeSync(fd); } catch { /* ours */ }
    try { unlinkSync(probe); } catch { /* not created */ }
  }
}

/** Continues a running CRC-32 over `bytes` (zlib's polynomial, as fileMatchesMark computes it). */
export function crc32Continue(bytes: Uint8Array, crc: number): number {
  return crc32(bytes, crc);
}
