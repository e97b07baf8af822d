/**
 * "Save diagnostics": one .tar.gz for the imager vendor or our support, holding
 *   README.txt             what is inside
 *   system.json            versions, OS, service state (no patient data)
 *   logs/                  the rotated main-process logs
 *   jobs/<id>.json         the print job as the queue keeps it (core/jobs/job-types.ts):
 *                          every DIMSE step's status per film (N-CREATE/N-SET/N-ACTION...,
 *                          status code, category, Error Comment), the printer's
 *                          N-EVENT-REPORTs, and the job history
 *   jobs/<id>.steps.txt    the same as readable lines, one per DIMSE step
 *   jobs/<id>.*            any other file the queue keeps for the job (e.g. <id>.trace.txt,
 *                          a PDU-level DimseTrace, when the queue writes one)
 * Jobs included: the ones asked for, else the failed / needs-attention ones (newest first).
 *
 * Job files hold film documents (SOP Instance UIDs, annotation templates) but no pixel data.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeTarGz, type TarEntry } from './tar-gzip.js';

export interface DiagnosticsInput {
  logFiles: readonly string[];
  /** The print queue folder (Workstation: <settingsDir>/print-queue). */
  queueDir: string;
  /** Jobs to include; default: failed and needs-attention jobs, newest first, at most maxJobs. */
  jobIds?: readonly string[];
  maxJobs?: number;
  system: Record<string, unknown>;
  now?: Date;
}

export interface DiagnosticsResult {
  file: string;
  entries: string[];
  jobs: string[];
}

/** Files larger than this are cut to their last MAX_FILE_BYTES (logs are rotated anyway). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const JOB_ID = /^[A-Za-z0-9_-]{1,80}$/;
const ATTENTION = new Set(['failed', 'needs-attention']);

/** Default file name: filmstation-diagnostics-YYYYMMDD-HHMMSS.tar.gz (local time). */
export function diagnosticsFileName(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `filmstation-diagnostics-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.tar.gz`;
}

export async function saveDiagnostics(outFile: string, input: DiagnosticsInput): Promise<DiagnosticsResult> {
  const now = input.now ?? new Date();
  const entries: TarEntry[] = [];
  for (const f of input.logFiles) {
    const data = await readTail(f);
    if (data) entries.push({ name: `logs/${safeName(basename(f))}`, data, mtime: now });
  }
  const jobs = input.jobIds ? input.jobIds.filter((id) => JOB_ID.test(id)) : await failedJobIds(input.queueDir, input.maxJobs ?? 20);
  for (const id of jobs) {
    const json = await readTail(join(input.queueDir, `${id}.json`));
    if (!json) continue;
    entries.push({ name: `jobs/${id}.json`, data: json, mtime: now });
    entries.push({ name: `jobs/${id}.steps.txt`, data: Buffer.from(jobTraceText(json), 'utf8'), mtime: now });
    for (const other of await siblings(input.queueDir, id)) {
      const data = await readTail(join(input.queueDir, other));
      if (data) entries.push({ name: `jobs/${safeName(other)}`, data, mtime: now });
    }
  }
  entries.unshift(
    { name: 'README.txt', data: Buffer.from(readme(now, jobs), 'utf8'), mtime: now },
    { name: 'system.json', data: Buffer.from(`${JSON.stringify(input.system, null, 2)}\n`, 'utf8'), mtime: now },
  );
  await writeTarGz(outFile, entries, now);
  return { file: outFile, entries: entries.map((e) => e.name), jobs };
}

/** Failed / needs-attention jobs of the queue folder, newest first. Unreadable files are skipped. */
export async function failedJobIds(queueDir: string, max: number): Promise<string[]> {
  let names: string[];
  try { names = await readdir(queueDir); } catch { return []; }
  const found: Array<{ id: string; updatedAt: string }> = [];
  for (const n of names) {
    if (!n.endsWith('.json')) continue;
    const id = n.slice(0, -'.json'.length);
    if (!JOB_ID.test(id)) continue;
    try {
      const job = JSON.parse(await readFile(join(queueDir, n), 'utf8')) as { state?: unknown; updatedAt?: unknown; films?: unknown };
      const films = Array.isArray(job.films) ? (job.films as Array<{ state?: unknown }>) : [];
      if (ATTENTION.has(String(job.state)) || films.some((f) => f.state === 'failed' || f.state === 'uncertain')) {
        found.push({ id, updatedAt: String(job.updatedAt ?? '') });
      }
    } catch { /* a torn or foreign file is not a job */ }
  }
  return found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, Math.max(0, max)).map((j) => j.id);
}

/** One line per DIMSE step of every film, then the printer's events and the job history. */
export function jobTraceText(jobJson: Buffer | string): string {
  let job: Record<string, unknown>;
  try { job = JSON.parse(String(jobJson)) as Record<string, unknown>; } catch { return '(job file is not valid JSON)\n'; }
  const out: string[] = [];
  const printer = (job.printer ?? {}) as Record<string, unknown>;
  out.push(`Job ${String(job.id)}  state ${String(job.state)}  attempts ${String(job.attempts ?? 0)}`);
  out.push(`Printer ${String(printer.name ?? '?')}  ${String(printer.calledAeTitle ?? '?')}@${String(printer.host ?? '?')}:${String(printer.port ?? '?')}  calling AE ${String(printer.callingAeTitle ?? '?')}  profile ${String(printer.profile ?? '?')}`);
  if (job.lastError) out.push(`Last error: ${String(job.lastError)}`);
  const lastPrinter = job.lastPrinter;
  if (lastPrinter) out.push(`Printer status at the last attempt: ${JSON.stringify(lastPrinter)}`);
  for (const f of Array.isArray(job.films) ? (job.films as Array<Record<string, unknown>>) : []) {
    out.push('', `Film ${Number(f.index ?? 0) + 1}: ${String(f.state)}  attempts ${String(f.attempts ?? 0)}${f.failure ? `  failure: ${String(f.failure)}` : ''}`);
    for (const s of Array.isArray(f.statuses) ? (f.statuses as Array<Record<string, unknown>>) : []) {
      const st = (s.status ?? {}) as Record<string, unknown>;
      const code = typeof st.code === 'number' ? `${st.code.toString(16).toUpperCase().padStart(4, '0')}H` : '?';
      const idx = s.index === undefined ? '' : `[${String(s.index)}]`;
      out.push(`  ${String(s.step)}${idx}  status ${code} ${String(st.category ?? '')} ${String(st.name ?? '')}${s.errorComment ? `  Error Comment: ${String(s.errorComment)}` : ''}`);
    }
    for (const w of Array.isArray(f.warnings) ? f.warnings : []) out.push(`  warning: ${String(w)}`);
  }
  const events = Array.isArray(job.events) ? job.events : [];
  if (events.length) {
    out.push('', 'N-EVENT-REPORT from the printer:');
    for (const e of events) out.push(`  ${JSON.stringify(e)}`);
  }
  const history = Array.isArray(job.history) ? (job.history as Array<Record<string, unknown>>) : [];
  if (history.length) {
    out.push('', 'History:');
    for (const h of history) out.push(`  ${String(h.at)}  ${h.film === undefined ? '' : `film ${Number(h.film) + 1}: `}${String(h.what)}`);
  }
  return `${out.join('\n')}\n`;
}

async function siblings(dir: string, id: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.startsWith(`${id}.`) && n !== `${id}.json` && !n.endsWith('.tmp'));
  } catch { return []; }
}

/** The file, or its last MAX_FILE_BYTES; undefined when it cannot be read. */
async function readTail(file: string): Promise<Buffer | undefined> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return undefined;
    const data = await readFile(file);
    return data.length > MAX_FILE_BYTES ? data.subarray(data.length - MAX_FILE_BYTES) : data;
  } catch { return undefined; }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 90);
}

function readme(now: Date, jobs: readonly string[]): string {
  return [
    'Filmstation diagnostics',
    `Created ${now.toISOString()}`,
    '',
    'system.json          application and OS versions, service state',
    'logs/                main-process logs (newest: filmstation.log)',
    'jobs/<id>.json       print job as stored by the queue: DIMSE step statuses per film, printer events, history',
    'jobs/<id>.steps.txt  the same, one line per DIMSE step',
    'jobs/<id>.trace.txt  PDU/DIMSE trace of the association, when the queue kept one',
    '',
    jobs.length ? `Jobs: ${jobs.join(', ')}` : 'No failed print job was found.',
    '',
  ].join('\n');
}
