/**
 * fsync of a folder: what makes a create, rename or unlink in it durable (POSIX; Linux
 * fsync(2) "Calling fsync() does not necessarily ensure that the entry in the directory
 * containing the file has also reached disk. For that an explicit fsync() on a file
 * descriptor for the directory is also needed.").
 */
import { closeSync, constants as fsConstants, fsync, fsyncSync, openSync } from 'node:fs';
import { promisify } from 'node:util';

const fsyncP = promisify(fsync);

/** On the thread pool. Opening and closing a folder take microseconds: only the flush goes there (each round trip may be on a C-STORE response's path). */
export async function syncFolder(folder: string): Promise<void> {
  const fd = openSync(folder, fsConstants.O_RDONLY);
  try {
    await fsyncP(fd);
  } finally {
    closeSync(fd);
  }
}

/** Synchronous: for start-up, before anything is served. */
export function syncFolderNow(folder: string): void {
  const fd = openSync(folder, fsConstants.O_RDONLY);
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
