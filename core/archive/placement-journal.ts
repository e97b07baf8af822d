/**
 * Instances placed in the archive whose index row may not be written yet.
 *
 * Why: a C-STORE response waits for everything on its path, and the SQLite row (a
 * transaction of six statements) is the largest piece left once the file is in place.
 * The Storage SCP therefore answers as soon as the file is renamed into the archive and
 * writes the row shortly after, batched with others (core/archive/archive.ts). The path
 * is appended here first (one small write to the page cache), so a process killed between
 * the answer and the row loses nothing: the next start indexes every journalled file the
 * index lacks. The journal is emptied once its rows are in and it has grown past 64 KiB.
 *
 * Power loss is no different from before: the index runs with synchronous = NORMAL, so
 * its last rows may be lost too; `reindex` rebuilds it from the files in either case.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

/** Emptied when it holds more than this and nothing is pending. */
const TRUNCATE_AT_BYTES = 64 * 1024;

export class PlacementJournal {
  private fd: number | undefined;
  private bytes = 0;
  private closed = false;

  constructor(private readonly file: string) {}

  /** Relative paths recorded by an earlier run (possibly without their rows). */
  leftovers(): string[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8').split('\n').filter((l) => l !== '');
  }

  record(relPath: string): void {
    // A commit finishing after the archive closed must not reopen the file (and hold it open).
    if (this.closed) throw new Error('the archive is closed');
    this.fd ??= openSync(this.file, 'a', 0o644);
    const line = Buffer.from(`${relPath}\n`, 'utf8');
    let off = 0;
    while (off < line.length) off += writeSync(this.fd, line, off, line.length - off);
    this.bytes += line.length;
  }

  /** Every recorded row is in the index: empty the journal once it is large (always with `force`). */
  settled(force = false): void {
    if (this.closed || (!force && this.bytes < TRUNCATE_AT_BYTES)) return;
    if (this.fd === undefined && !existsSync(this.file)) return;
    this.fd ??= openSync(this.file, 'a', 0o644);
    ftruncateSync(this.fd);
    this.bytes = 0;
  }

  close(): void {
    this.closed = true;
    if (this.fd === undefined) return;
    try { closeSync(this.fd); } catch { /* ours */ }
    this.fd = undefined;
  }
}
