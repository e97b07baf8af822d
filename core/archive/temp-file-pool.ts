/**
 * Temporary files opened ahead of need. Creating a file costs from a few hundred
 * microseconds to a millisecond on some file systems (measured on this machine's ext4 and
 * overlay), and a C-STORE's response waits for everything on its path: opening the next
 * instance's file while the current one is received takes that cost off the path. A pool
 * that is empty (many concurrent senders) simply lets the caller open synchronously.
 * A spare waits, empty, in <archive>/.tmp/ready/ and is written in place when taken (no
 * rename on the path: the commit's one rename moves it into the archive). Everything in
 * .tmp is removed at start-up, so a spare or a partial transfer never outlives a crash (a
 * partial transfer is a spare holding data); the exceptions are a spare carrying a
 * completion mark that its data matches, an answered instance whose rename a power loss
 * undid, which is placed instead (completion-mark.ts), and the reserve below.
 *
 * The reserve: with `reserve` > 0, empty spares are also kept on disk, closed, made while
 * the archive is idle and kept across restarts, so that a burst of instances (a study) takes
 * files that already exist instead of creating one per instance. Why: creating a file took
 * 0.05-1.3 ms of kernel CPU here (ext4 skips inodes freed in the last minutes one by one,
 * under the folder's lock), on a 2-core machine that a windowed sender keeps busy; and the
 * commit's rename out of the same folder spun on that lock meanwhile (perf: 77% of the
 * rename's time in rwsem_spin_on_owner). PostgreSQL recycles WAL segments for the same
 * reason. Opening an existing spare costs ~20 us and takes no folder lock for writing.
 */
import { closeSync, mkdirSync, open, close, openSync, constants as fsConstants, unlinkSync } from 'node:fs';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TEMP_DIR } from './paths.js';
import { syncFolder } from './folder-sync.js';

const openP = promisify(open);
const closeP = promisify(close);

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
/** The reserve is topped up once nothing was taken or committed for this long, ms. */
export const RESERVE_IDLE_MS = 500;
/** Reserve spares created per flush of their folder. */
const RESERVE_BATCH = 64;

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
  /**
   * Empty spares to keep in reserve on disk (default 0: none). Made only after the pool has
   * been used and then left idle for RESERVE_IDLE_MS, so an archive that never receives makes
   * none; kept by close() for the next start.
   */
  reserve?: number;
  /**
   * Empty spares found in the spare folder at start (the archive checks that they are empty);
   * with durableNames the caller flushes their folder before the first take().
   */
  found?: string[];
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
  /** Paths of empty, closed spares (durable names with durableNames). */
  private readonly reserve: string[];
  private readonly reserveTarget: number;
  /** performance.now() of the last take() or activity(); undefined before the first. */
  private lastUse: number | undefined;
  private reserveTimer: NodeJS.Timeout | undefined;
  private replenishing: Promise<void> | undefined;
  /** A reserve spare could not be created (disk full...): no more tries until the next use. */
  private reserveFailed = false;

  constructor(private readonly root: string, options: TempFilePoolOptions = {}) {
    this.spareDir = join(root, TEMP_DIR, SPARE_DIR);
    this.durableNames = options.durableNames === true;
    this.size = options.size ?? (this.durableNames ? 8 : 2);
    this.maxSize = Math.max(this.size, options.maxSize ?? this.size);
    this.reserveTarget = Math.max(0, options.reserve ?? 0);
    this.reserve = [...(options.found ?? [])];
    mkdirSync(this.spareDir, { recursive: true });
    this.refill();
  }

  /** Empty spares in reserve, closed (not counting the open ones ready to take). */
  get reserved(): number { return this.reserve.length; }

  /** A pre-opened, empty temporary file, or undefined when none is ready. */
  take(): OpenTempFile | undefined {
    this.activity();
    const spare = this.ready.shift() ?? this.openReserved();
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

  /** The archive is busy (an instance was committed): the reserve waits for the next idle moment. */
  activity(): void {
    this.lastUse = performance.now();
    this.reserveFailed = false;
    this.scheduleReserve();
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
    if (this.reserveTimer !== undefined) { clearTimeout(this.reserveTimer); this.reserveTimer = undefined; }
    // Unflushed spares are counted as pending; ready ones are not.
    this.pending -= this.unflushed.length;
    // With a reserve, the open spares (empty: never handed out) join it for the next start.
    for (const f of [...this.ready.splice(0), ...this.unflushed.splice(0)]) this.release(f);
    const opens = this.pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => { this.drained = resolve; });
    return Promise.all([opens, this.replenishing]).then(() => undefined);
  }

  /** A spare of the pool's own, never handed out, no longer needed: kept as reserve or removed. */
  private release(f: OpenTempFile): void {
    if (this.reserveTarget === 0) { discardSpare(f); return; }
    try { closeSync(f.fd); } catch { /* ours; nothing to do */ }
  }

  /** Opens a reserve spare (an existing empty file: no folder lock taken for writing), if any is left. */
  private openReserved(): OpenTempFile | undefined {
    while (this.reserve.length > 0 && !this.closed) {
      const path = this.reserve.pop()!;
      try {
        const fd = openSync(path, fsConstants.O_WRONLY);
        return this.durableNames ? { path, fd, durableName: true } : { path, fd };
      } catch { /* removed meanwhile (someone emptied .tmp): try the next */ }
    }
    return undefined;
  }

  /** Tops the reserve up once the pool has been used and left idle for RESERVE_IDLE_MS. */
  private scheduleReserve(): void {
    if (this.closed || this.lastUse === undefined || this.reserveFailed || this.reserveTimer !== undefined || this.replenishing) return;
    if (this.reserve.length >= this.reserveTarget) return;
    const wait = Math.max(0, this.lastUse + RESERVE_IDLE_MS - performance.now());
    this.reserveTimer = setTimeout(() => {
      this.reserveTimer = undefined;
      if (this.lastUse !== undefined && performance.now() - this.lastUse < RESERVE_IDLE_MS) { this.scheduleReserve(); return; }
      this.replenishing = this.replenish().finally(() => {
        this.replenishing = undefined;
        this.scheduleReserve();
      });
    }, wait);
    this.reserveTimer.unref();
  }

  /**
   * Creates up to RESERVE_BATCH reserve spares, one at a time on the thread pool, stopping as
   * soon as the archive is used again; with durableNames their folder is flushed before they
   * join the reserve. Never rejects.
   */
  private async replenish(): Promise<void> {
    const made: string[] = [];
    const busy = (): boolean => this.closed || (this.lastUse !== undefined && performance.now() - this.lastUse < RESERVE_IDLE_MS);
    while (made.length < RESERVE_BATCH && this.reserve.length + made.length < this.reserveTarget && !busy()) {
      const path = join(this.spareDir, `${randomUUID()}.spare`);
      try {
        await closeP(await openP(path, 'wx', 0o644));
        made.push(path);
      } catch {
        this.reserveFailed = true;
        break;
      }
    }
    if (made.length === 0) return;
    if (this.durableNames) {
      try {
        await syncFolder(this.spareDir);
      } catch {
        this.reserveFailed = true;
        // Names not known durable are no use as reserve (completion-mark.ts).
        for (const path of made) try { unlinkSync(path); } catch { /* already gone */ }
        return;
      }
    }
    // After close() they stay on disk: the next start finds them.
    if (!this.closed) this.reserve.push(...made);
  }

  private refill(): void {
    let missing = this.size - this.ready.length - this.pending;
    if (this.closed || missing <= 0) return;
    // Reserve spares first: opening one is cheap enough for this thread.
    while (missing > 0) {
      const spare = this.openReserved();
      if (spare === undefined) break;
      this.ready.push(spare);
      missing--;
    }
    if (missing === 0) return;
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
          this.release({ path, fd });
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
      if (this.closed) this.release(f);
      else this.ready.push(durableName ? { ...f, durableName } : f);
    }
    if (this.closed && this.pending === 0) this.drained?.();
  }
}

function discardSpare(f: OpenTempFile): void {
  try { closeSync(f.fd); } catch { /* ours; nothing to do */ }
  try { unlinkSync(f.path); } catch { /* already gone */ }
}
