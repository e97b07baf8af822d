/**
 * One writer per archive folder. Opening an archive empties its temporary folder (a crashed
 * run's leftovers) and places the marked spares there (completion-mark.ts): a second process
 * doing that while another receives into the same folder would delete the other's transfers
 * in progress and take its spares. So the archive holds `DIR/.lock` while open, and a second
 * opener is refused with a message naming the holder. Reading the index alone
 * (`filmstation studies`) takes no lock: SQLite's WAL lets readers in.
 *
 * Linux: flock(2), which the kernel releases when the holder dies, so a crash (kill -9, power
 * loss) never leaves a stale lock. Elsewhere: the file is created exclusively with our PID;
 * one whose process is gone is stale and taken over.
 */
import { closeSync, ftruncateSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_EX, LOCK_NB, flock } from '../platform/libc.js';
import { ArchiveError } from './errors.js';

export const LOCK_FILE = '.lock';

export class ArchiveLock {
  private constructor(private fd: number | undefined, private readonly path: string, private readonly pidFile: boolean) {}

  /** Takes the archive's lock, or throws ArchiveError('IN_USE'). */
  static acquire(root: string): ArchiveLock {
    const path = join(root, LOCK_FILE);
    const lock = flock();
    if (lock) {
      const fd = openSync(path, 'a+', 0o644);
      if (lock(fd, LOCK_EX | LOCK_NB) !== 0) {
        closeSync(fd);
        throw inUse(root, holderOf(path));
      }
      ftruncateSync(fd);
      writeSync(fd, holderText());
      return new ArchiveLock(fd, path, false);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o644);
        writeSync(fd, holderText());
        return new ArchiveLock(fd, path, true);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
        const holder = holderOf(path);
        const pid = Number(/^pid (\d+)/.exec(holder)?.[1]);
        if (pid > 0 && processAlive(pid)) throw inUse(root, holder);
        try { unlinkSync(path); } catch { /* another opener took it over first: retried once */ }
      }
    }
  }

  release(): void {
    if (this.fd === undefined) return;
    // flock: closing releases it (the file stays, empty of meaning). PID file: removed.
    if (this.pidFile) try { unlinkSync(this.path); } catch { /* already gone */ }
    try { closeSync(this.fd); } catch { /* ours */ }
    this.fd = undefined;
  }
}

function holderText(): string {
  return `pid ${process.pid} since ${new Date().toISOString()}\n`;
}

function holderOf(path: string): string {
  try { return readFileSync(path, 'utf8').trim().slice(0, 200); } catch { return ''; }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(root: string, holder: string): ArchiveError {
  if (holder.startsWith(`pid ${process.pid} `)) return new ArchiveError('IN_USE', `the archive ${root} is already open in this process`);
  return new ArchiveError('IN_USE', `the archive ${root} is open in another Filmstation process${holder ? ` (${holder})` : ''}: `
    + 'stop that one first, or let it do the work (`filmstation studies` can read the archive meanwhile)');
}
