/**
 * Jobs on disk, one JSON file per job, written crash-safely: write to a temporary file,
 * fsync it, rename over the old file (atomic on POSIX), fsync the directory. A reader
 * therefore always sees a whole old or a whole new job, never a torn one.
 */
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PrintJobRecord } from './job-types.js';
import { JobError } from './errors.js';

const ID = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_TRACE_BYTES = 4 * 1024 * 1024;

export class JobStore {
  readonly directory: string;
  constructor(directory: string) {
    this.directory = directory;
    mkdirSync(directory, { recursive: true });
  }

  private file(id: string): string {
    if (!ID.test(id)) throw new JobError('BAD_JOB_ID', `Job id '${id}' is not valid`);
    return join(this.directory, `${id}.json`);
  }

  /** Durable write: returns once the job is on disk (fsync of file and directory). */
  save(job: PrintJobRecord): void {
    const target = this.file(job.id);
    const tmp = `${target}.tmp`;
    const bytes = Buffer.from(`${JSON.stringify(job, null, 1)}\n`, 'utf8');
    const fd = openSync(tmp, 'w', 0o600);
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    try {
      const dfd = openSync(this.directory, 'r');
      try { fsyncSync(dfd); } finally { closeSync(dfd); }
    } catch { /* some platforms cannot fsync a directory; the rename is still atomic */ }
  }

  load(id: string): PrintJobRecord | undefined {
    let text: string;
    try { text = readFileSync(this.file(id), 'utf8'); } catch { return undefined; }
    return parseJob(text, id);
  }

  /** All jobs, oldest first. Unreadable files are reported, not fatal. */
  loadAll(onProblem?: (file: string, message: string) => void): PrintJobRecord[] {
    const out: PrintJobRecord[] = [];
    for (const f of readdirSync(this.directory)) {
      if (f.endsWith('.json.tmp')) { rmSync(join(this.directory, f), { force: true }); continue; }
      if (!f.endsWith('.json')) continue;
      try {
        out.push(parseJob(readFileSync(join(this.directory, f), 'utf8'), f));
      } catch (e) {
        onProblem?.(f, (e as Error).message);
      }
    }
    return out.sort((a, b) => a.sequence - b.sequence);
  }

  remove(id: string): void {
    rmSync(this.file(id), { force: true });
    rmSync(this.traceFile(id), { force: true });
  }

  /**
   * Appends one attempt's DIMSE trace to <id>.trace.txt, what the imager vendor asks for when
   * a film fails (the diagnostics bundle picks up every <id>.* file). Bounded: past
   * MAX_TRACE_BYTES further attempts are summarised in one line each.
   */
  appendTrace(id: string, heading: string, text: string): void {
    const file = this.traceFile(id);
    let size = 0;
    try { size = statSync(file).size; } catch { /* first attempt */ }
    const body = size > MAX_TRACE_BYTES ? '(trace omitted: the file reached its size limit)\n' : `${text}\n`;
    appendFileSync(file, `--- ${heading}\n${body}`, { mode: 0o600 });
  }

  traceFile(id: string): string {
    return this.file(id).replace(/\.json$/, '.trace.txt');
  }
}

function parseJob(text: string, where: string): PrintJobRecord {
  let j: unknown;
  try { j = JSON.parse(text); } catch (e) { throw new JobError('BAD_JOB_FILE', `${where}: not JSON: ${(e as Error).message}`); }
  const r = j as Partial<PrintJobRecord> | null;
  if (!r || r.version !== 1 || typeof r.id !== 'string' || !Array.isArray(r.films) || typeof r.sequence !== 'number' || !r.printer) {
    throw new JobError('BAD_JOB_FILE', `${where}: not a print job (version 1)`);
  }
  return r as PrintJobRecord;
}
