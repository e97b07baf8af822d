/**
 * Temporary files opened ahead of need. Creating a file costs from a few hundred
 * microseconds to a millisecond on some file systems (measured on this machine's ext4 and
 * overlay), and a C-STORE's response waits for everything on its path: opening the next
 * instance's file while the current one is received takes that cost off the path. A pool
 * that is empty (many concurrent senders) simply lets the caller open synchronously.
 * A spare waits, empty, in <archive>/.tmp/ready/ and is written in place when taken (no
 * rename on the path: the commit's one rename moves it into the archive). Everything in
 * .tmp is removed at start-up, so a spare or a partial transfer never outlives a crash (a
 * partial transfer is a spare holding data); the one exception is a spare carrying a
 * completion mark that its data matches, an answered instance whose rename a power loss
 * undid, which is placed instead (completion-mark.ts).
 */
import { closeSync, mkdirSync, open, unlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TEMP_DIR } from './paths.js';
import { syncFolder } from './folder-sync.js';

/** Spares wait in their own folder, so a file in the temporary folder is always a transfer. */
export const SPARE_DIR = 'ready';

export interface OpenTempFile {
  path: string;
  fd: number;
  /** The spare's name is on the disk (its folder was flushed after it was created): completion-mark.ts. */
  durableName?: boolean;
}

/** durableNames: spares made durable by one flush of their folder (flushNames). */
const FLUSH_BATCH = 4;

export interface TempFilePoolOptions {
  /** Spares kept ready at first (default 2; 8 with durableNames). */
  size?: number;
  /** Found empty, the pool doubles, up to this many (default: no growth). Each is an open descriptor. */
  maxSize?: number;
  /**
   * Hand out only spares whose name survives a power loss (completion-mark.ts): their folder
   * is flushed once per FLUSH_BATCH spares (flushNames). Spares are still created one at a
   * time as they are taken: four created at once stalled the next instance's fsync (1 commit
   * in 4 took ~4 ms instead of ~0.7 here).
   */
  durableNames?: boolean;
}

export class TempFilePool {
  private readonly ready: OpenTempFile[] = [];
  /** Spares being created, or (durableNames) waiting for their folder's flush. */
  private pending = 0;
  /** durableNames: spares created, their folder not flushed since (see flushNames). */
  private readonly unflushed: OpenTempFile[] = [];
  private flushing: Promise<void> | undefined;
  private refillScheduled = false;
  private closed = false;
  /** Resolves close()'s promise once the last open in flight has come back. */
  private drained: (() => void) | undefined;

  private readonly spareDir: string;
  private size: number;
  private readonly maxSize: number;
  private readonly durableNames: boolean;

  constructor(private readonly root: string, options: TempFilePoolOptions = {}) {
    this.spareDir = join(root, TEMP_DIR, SPARE_DIR);
    this.durableNames = options.durableNames === true;
    this.size = options.size ?? (this.durableNames ? 8 : 2);
    this.maxSize = Math.max(this.size, options.maxSize ?? this.size);
    mkdirSync(this.spareDir, { recursive: true });
    this.refill();
  }

  /** A pre-opened, empty temporary file, or undefined when none is ready. */
  take(): OpenTempFile | undefined {
    const spare = this.ready.shift();
    // None ready: more instances are in flight than the pool holds (a sender with an
    // Asynchronous Operations Window, many senders). The caller opens its own file, on this
    // thread and (durableNames) without a mark, so the pool grows to the load, up to maxSize.
    if (!spare && !this.closed) this.size = Math.min(this.maxSize, this.size * 2);
    // Even issuing an asynchronous open costs ~0.15 ms here (waking a thread-pool thread):
    // do it after the current work, when the response has gone.
    if (!this.refillScheduled) {
      this.refillScheduled = true;
      setImmediate(() => { this.refillScheduled = false; this.refill(); });
    }
    return spare;
  }

  /**
   * With durableNames: once FLUSH_BATCH spares wait for it (or none is ready), flushes their
   * folder and hands them out when done; else does nothing. The archive calls it at each
   * commit, beside the instance's own fsync (the disk is being waited on then anyway).
   * Never rejects.
   */
  flushNames(): Promise<void> {
    if (this.unflushed.length === 0 || this.flushing !== undefined) return this.flushing ?? Promise.resolve();
    if (this.unflushed.length < FLUSH_BATCH && this.ready.length > 0) return Promise.resolve();
    const batch = this.unflushed.splice(0);
    this.flushing = syncFolder(this.spareDir).then(() => true, () => false).then((flushed) => {
      this.flushing = undefined;
      this.admit(batch, flushed);
    });
    return this.flushing;
  }

  /**
   * Closes and removes the spare files. A spare still being opened cannot be stopped: the
   * promise resolves once it has come back and been closed too (so that the archive's file
   * system can be unmounted, say).
   */
  close(): Promise<void> {
    this.closed = true;
    // Unflushed spares are counted as pending; ready ones are not.
    this.pending -= this.unflushed.length;
    for (const f of [...this.ready.splice(0), ...this.unflushed.splice(0)]) discardSpare(f);
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => { this.drained = resolve; });
  }

  private refill(): void {
    const missing = this.size - this.ready.length - this.pending;
    if (this.closed || missing <= 0) return;
    this.pending += missing;
    let left = missing;
    for (let i = 0; i < missing; i++) {
      const path = join(this.spareDir, `${randomUUID()}.spare`);
      // The callback form gives a plain descriptor (the writer uses synchronous writes on it).
      open(path, 'wx', 0o644, (err, fd) => {
        left--;
        if (err) {
          // Could not pre-open (disk full, permissions): callers open themselves and report the error.
          this.pending--;
        } else if (this.closed) {
          this.pending--;
          discardSpare({ path, fd });
        } else if (this.durableNames) {
          this.unflushed.push({ path, fd });
          // Nothing left to hand out: flush now rather than wait for the next instance's fsync.
          if (left === 0 && this.ready.length === 0) void this.flushNames();
        } else {
          this.admit([{ path, fd }], false);
        }
        if (this.closed && this.pending === 0) this.drained?.();
      });
    }
  }

  /** Spares that count as pending join the ready ones. */
  private admit(batch: OpenTempFile[], durableName: boolean): void {
    this.pending -= batch.length;
    for (const f of batch) {
      if (this.closed) discardSpare(f);
      else this.ready.push(durableName ? { ...f, durableName } : f);
    }
    if (this.closed && this.pending === 0) this.drained?.();
  }
}

function discardSpare(f: OpenTempFile): void {
  try { closeSync(f.fd); } catch { /* ours; nothing to do */ }
  try { unlinkSync(f.path); } catch { /* already gone */ }
}
