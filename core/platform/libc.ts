/**
 * The few Linux system calls Node does not expose, through koffi (a prebuilt FFI: no
 * compiler at install). Each is null off Linux or when the FFI cannot load; callers treat
 * them as optimisations and carry on without them.
 */
import { createRequire } from 'node:module';

interface Koffi { load(path: string): { func(signature: string): (...args: unknown[]) => number } }

let loaded: { setsockopt: SetSockOpt; syncFileRange: SyncFileRange; dup: Dup; fsetxattr: FSetXattr; fgetxattr: FGetXattr; flock: Flock } | null | undefined;

export type SetSockOpt = (fd: number, level: number, name: number, value: Int32Array, length: number) => number;
export type SyncFileRange = (fd: number, offset: number, nbytes: number, flags: number) => number;
export type Dup = (fd: number) => number;
export type Flock = (fd: number, operation: number) => number;
export type FSetXattr = (fd: number, name: string, value: Uint8Array, size: number, flags: number) => number;
/** Returns the value's length, or -1 (no such attribute, unsupported, buffer too small). */
export type FGetXattr = (fd: number, name: string, value: Uint8Array, size: number) => number;

function libc(): typeof loaded {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== 'linux') return loaded;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as Koffi;
    const lib = koffi.load('libc.so.6');
    loaded = {
      setsockopt: lib.func('int setsockopt(int, int, int, const void *, uint32_t)') as SetSockOpt,
      syncFileRange: lib.func('int sync_file_range(int, int64_t, int64_t, unsigned int)') as SyncFileRange,
      dup: lib.func('int dup(int)') as Dup,
      fsetxattr: lib.func('int fsetxattr(int, const char *, const void *, size_t, int)') as FSetXattr,
      fgetxattr: lib.func('intptr_t fgetxattr(int, const char *, void *, size_t)') as FGetXattr,
      flock: lib.func('int flock(int, int)') as Flock,
    };
  } catch {
    loaded = null;
  }
  return loaded;
}

/** setsockopt(2), or null. */
export function setsockopt(): SetSockOpt | null { return libc()?.setsockopt ?? null; }

/** sync_file_range(2), or null. */
export function syncFileRange(): SyncFileRange | null { return libc()?.syncFileRange ?? null; }

/** dup(2), or null. */
export function dup(): Dup | null { return libc()?.dup ?? null; }

/** fsetxattr(2) and fgetxattr(2), or null. */
export function xattrs(): { set: FSetXattr; get: FGetXattr } | null {
  const l = libc();
  return l ? { set: l.fsetxattr, get: l.fgetxattr } : null;
}

/** flock(2), or null. */
export function flock(): Flock | null { return libc()?.flock ?? null; }

/** flock operations: exclusive, and fail at once rather than wait. */
export const LOCK_EX = 2;
export const LOCK_NB = 4;

/** sync_file_range flag: start writeback of the dirty pages in the range, do not wait. */
export const SYNC_FILE_RANGE_WRITE = 2;

/** The file descriptor of a Node socket, when libuv exposes one (TCP on Unix). */
export function socketFd(socket: object): number | undefined {
  const fd = (socket as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}
