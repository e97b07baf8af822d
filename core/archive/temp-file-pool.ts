/**
 * Temporary files opened ahead of need. Creating a file costs from a few hundred
 * microseconds to a millisecond on some file systems (measured on this machine's ext4 and
 * overlay), and a C-STORE's response waits for everything on its path: opening the next
 * instance's file while the current one is received takes that cost off the path. A pool
 * that is empty (many concurrent senders) simply lets the caller open synchronously.
 * A spare waits, empty, in <archive>/.tmp/ready/ and is written in place when taken (no
 * rename on the path: the commit's one rename moves it into the archive). Everything in
 * .tmp is removed at start-up, so a spare or a partial transfer never outlives a crash;
 * a partial transfer is a spare holding data.
 */
import { closeSync, mkdirSync, open, unlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TEMP_DIR } from './paths.js';

/** Spares wait in their own folder, so a file in the temporary folder is always a transfer. */
export const SPARE_DIR = 'ready';

export interface OpenTempFile {
  path: string;
  fd: number;
}

export class TempFilePool {
  private readonly ready: OpenTempFile[] = [];
  private opening = 0;
  private refillScheduled = false;
  private closed = false;
  /** Resolves close()'s promise once the last open in flight has come back. */
  private drained: (() => void) | undefined;

  private readonly spareDir: string;

  constructor(private readonly root: string, private readonly size = 2) {
    this.spareDir = join(root, TEMP_DIR, SPARE_DIR);
    mkdirSync(this.spareDir, { recursive: true });
    this.refill();
  }

  /** A pre-opened, empty temporary file, or undefined when none is ready. */
  take(): OpenTempFile | undefined {
    const spare = this.ready.shift();
    // Even issuing an asynchronous open costs ~0.15 ms here (waking a thread-pool thread):
    // do it after the current work, when the response has gone.
    if (!this.refillScheduled) {
      this.refillScheduled = true;
      setImmediate(() => { this.refillScheduled = false; this.refill(); });
    }
    return spare;
  }

  /**
   * Closes and removes the spare files. A spare still being opened cannot be stopped: the
   * promise resolves once it has come back and been closed too (so that the archive's file
   * system can be unmounted, say).
   */
  close(): Promise<void> {
    this.closed = true;
    for (const f of this.ready.splice(0)) discardSpare(f);
    return this.opening === 0 ? Promise.resolve() : new Promise((resolve) => { this.drained = resolve; });
  }

  private refill(): void {
    while (!this.closed && this.ready.length + this.opening < this.size) {
      this.opening++;
      const path = join(this.spareDir, `${randomUUID()}.spare`);
      // The callback form gives a plain descriptor (the writer uses synchronous writes on it).
      open(path, 'wx', 0o644, (err, fd) => {
        this.opening--;
        // Could not pre-open (disk full, permissions): callers open themselves and report the error.
        if (!err) {
          if (this.closed) discardSpare({ path, fd });
          else this.ready.push({ path, fd });
        }
        if (this.closed && this.opening === 0) this.drained?.();
      });
    }
  }
}

function discardSpare(f: OpenTempFile): void {
  try { closeSync(f.fd); } catch { /* ours; nothing to do */ }
  try { unlinkSync(f.path); } catch { /* already gone */ }
}
