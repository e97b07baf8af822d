/**
 * A minimal tar writer (POSIX ustar, IEEE Std 1003.1-1988 layout) piped through Node's
 * gzip, for the diagnostics bundle: a .tar.gz opens on every OS without extra packages
 * (Windows 10+ has tar.exe, macOS and Linux have tar). Regular files only.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

export interface TarEntry {
  /** Path inside the archive, '/' separated, relative, at most 100 bytes (ustar name field). */
  name: string;
  data: Buffer;
  mtime?: Date;
}

const BLOCK = 512;

/** The 512-byte ustar header of one regular file. */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length === 0 || nameBytes.length > 100) throw new RangeError(`tar entry name must be 1-100 bytes: '${name}'`);
  if (name.startsWith('/') || name.split('/').includes('..')) throw new RangeError(`tar entry name must be relative: '${name}'`);
  if (!Number.isSafeInteger(size) || size < 0 || size > 0o77777777777) throw new RangeError(`tar entry too large: ${size}`);
  const h = Buffer.alloc(BLOCK, 0);
  nameBytes.copy(h, 0);
  h.write('0000644\0', 100, 'ascii');                       // mode
  h.write('0000000\0', 108, 'ascii');                       // uid
  h.write('0000000\0', 116, 'ascii');                       // gid
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write(`${Math.floor(mtime.getTime() / 1000).toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  h.write('        ', 148, 'ascii');                         // checksum counted as spaces
  h.write('0', 156, 'ascii');                                // typeflag: regular file
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** The whole tar stream in memory (the bundle is small: rotated logs and a few job files). */
export function tarBuffer(entries: readonly TarEntry[], now = new Date()): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(tarHeader(e.name, e.data.length, e.mtime ?? now), e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0)); // end of archive: two zero blocks
  return Buffer.concat(parts);
}

/** Writes entries as .tar.gz to `file` (through a temporary file, renamed when complete). */
export async function writeTarGz(file: string, entries: readonly TarEntry[], now = new Date()): Promise<void> {
  const tmp = `${file}.part`;
  try {
    await pipeline(Readable.from([tarBuffer(entries, now)]), createGzip({ level: 9 }), createWriteStream(tmp, { mode: 0o600 }));
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
