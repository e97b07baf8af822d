/**
 * The persistent print queue. A job is on disk before anything is sent; each film's state
 * is saved before its N-ACTION goes out and after the answer, so after a crash we know
 * exactly which films were printed, which were not, and which are uncertain (N-ACTION sent,
 * no answer: never reprinted automatically, the user confirms). Jobs for one printer run
 * strictly in submission order (FIFO); different printers run in parallel. Transient
 * failures (refused connection, printer queue full C601/C602, printer WARNING/FAILURE)
 * are retried with exponential backoff; everything else fails the film with the reason.
 */
import { randomUUID } from 'node:crypto';
import type { FilmDocument } from '../film/film-document.js';
import { loadPrinterProfile, type PrinterProfile } from '../film/printer-profile.js';
import type { NetworkConfig } from '../network/config.js';
import { printFilms } from '../services/print-scu/print-films.js';
import { isTransientFilmFailure } from '../services/print-scu/print-films.js';
import { presentationLutFor, sessionAttributesFor } from '../services/print-scu/profile-request.js';
import type { FilmContent, FilmResult, PrintRequest, PrintResult, PrinterAddress, PrinterEvent } from '../services/print-scu/types.js';
import { JobError } from './errors.js';
import { type JobStore } from './job-store.js';
import { isFinal, printerKey, type FilmRecord, type JobOptions, type PrintJobRecord, type PrinterTarget } from './job-types.js';
import { DimseTrace } from '../network/dimse-trace.js';

export interface PreparedFilm { content: FilmContent; warnings: string[] }

/** Renders one film of a job for the printer (see render-film-content.ts for the default). */
export type FilmPreparer = (job: PrintJobRecord, film: FilmRecord, profile: PrinterProfile) => Promise<PreparedFilm>;

export type PrintFunction = (address: PrinterAddress, request: PrintRequest, o?: { onEvent?: (e: PrinterEvent) => void }) => Promise<PrintResult>;

export interface RetryPolicy { baseMs: number; maxMs: number; maxAttempts: number }

export interface PrintQueueOptions {
  store: JobStore;
  prepare: FilmPreparer;
  loadProfile?: (name: string) => Promise<PrinterProfile>;
  print?: PrintFunction;
  retry?: Partial<RetryPolicy>;
  networkConfig?: Partial<NetworkConfig>;
  /** Called after every saved change (progress for the UI / CLI). */
  onChange?: (job: PrintJobRecord) => void;
  /** Follow the printer's Print Job this long after each N-ACTION (0 = no). */
  followPrintJobMs?: number;
}

export interface SubmitInput {
  printer: PrinterTarget;
  films: FilmDocument[];
  options?: JobOptions;
  sources?: Record<string, string>;
  reprintOf?: string;
}

const DEFAULT_RETRY: RetryPolicy = { baseMs: 2_000, maxMs: 120_000, maxAttempts: 8 };

export class PrintQueue {
  private readonly store: JobStore;
  private readonly o: PrintQueueOptions;
  private readonly retry: RetryPolicy;
  private readonly jobs = new Map<string, PrintJobRecord>();
  private readonly workers = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly waiters = new Set<() => void>();
  private sequence = 0;
  private stopped = false;
  private started = false;

  constructor(o: PrintQueueOptions) {
    this.o = o;
    this.store = o.store;
    this.retry = { ...DEFAULT_RETRY, ...(o.retry ?? {}) };
  }

  /**
   * Loads every job from disk and resumes the unfinished ones. A film found in
   * 'action-sent' was being printed when the process stopped: it becomes 'uncertain'.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const job of this.store.loadAll()) {
      this.sequence = Math.max(this.sequence, job.sequence);
      if (!isFinal(job.state)) this.recover(job);
      this.jobs.set(job.id, job);
    }
    for (const key of new Set([...this.jobs.values()].map((j) => printerKey(j.printer)))) this.kick(key);
  }

  private recover(job: PrintJobRecord): void {
    let changed = false;
    for (const f of job.films) {
      if (f.state === 'action-sent') {
        f.state = 'uncertain';
        f.failure = 'The program stopped after the print request was sent and before the printer answered: the film may or may not have been printed.';
        this.note(job, 'film uncertain after restart (print request sent, no answer recorded)', f.index);
        changed = true;
      } else if (f.state === 'sending') {
        f.state = 'pending';
        this.note(job, 'film will be sent again after restart (it was not yet printed)', f.index);
        changed = true;
      }
    }
    if (job.state === 'running') { job.state = 'queued'; changed = true; }
    if (changed) { this.settleState(job); this.save(job); }
  }

  submit(input: SubmitInput): PrintJobRecord {
    if (input.films.length === 0) throw new JobError('BAD_STATE', 'A print job needs at least one film');
    const now = new Date().toISOString();
    const job: PrintJobRecord = {
      version: 1, id: `${now.slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`, sequence: ++this.sequence,
      createdAt: now, updatedAt: now, printer: { ...input.printer }, options: { ...(input.options ?? {}) },
      sources: { ...(input.sources ?? {}) },
      films: input.films.map((document, index) => ({ index, document, state: 'pending', attempts: 0, statuses: [], warnings: [] })),
      state: 'queued', attempts: 0, events: [], history: [],
      ...(input.reprintOf ? { reprintOf: input.reprintOf } : {}),
    };
    this.note(job, input.reprintOf ? `submitted (reprint of ${input.reprintOf})` : `submitted: ${job.films.length} film(s) for ${printerKey(job.printer)}`);
    // Durable before anything is sent.
    this.save(job);
    this.jobs.set(job.id, job);
    if (this.started && !this.stopped) this.kick(printerKey(job.printer));
    return structuredClone(job);
  }

  get(id: string): PrintJobRecord | undefined {
    const j = this.jobs.get(id) ?? this.store.load(id);
    return j ? structuredClone(j) : undefined;
  }

  /** Every job, oldest first (the history). */
  list(): PrintJobRecord[] {
    return [...this.jobs.values()].sort((a, b) => a.sequence - b.sequence).map((j) => structuredClone(j));
  }

  cancel(id: string): PrintJobRecord {
    const job = this.must(id);
    if (isFinal(job.state)) return structuredClone(job);
    job.cancelRequested = true;
    this.note(job, 'cancel requested');
    if (job.state !== 'running') this.finishCancel(job);
    else this.save(job);
    return structuredClone(job);
  }

  private finishCancel(job: PrintJobRecord): void {
    for (const f of job.films) if (f.state === 'pending') f.state = 'cancelled';
    const t = this.timers.get(job.id);
    if (t) { clearTimeout(t); this.timers.delete(job.id); }
    job.state = job.films.some((f) => f.state === 'uncertain') ? 'needs-attention' : 'cancelled';
    delete job.nextAttemptAt;
    this.save(job);
  }

  /** The user says whether an uncertain film came out of the printer; not printed = send again. */
  confirmUncertain(id: string, filmIndex: number, printed: boolean): PrintJobRecord {
    const job = this.must(id);
    const f = job.films[filmIndex];
    if (!f || f.state !== 'uncertain') throw new JobError('BAD_STATE', `Film ${filmIndex + 1} of job ${id} is not uncertain`);
    if (printed) {
      f.state = 'printed';
      f.printedAt ??= new Date().toISOString();
      this.note(job, 'user confirmed the uncertain film was printed', filmIndex);
    } else {
      f.state = 'pending';
      delete f.failure;
      this.note(job, 'user confirmed the uncertain film was NOT printed: it will be sent again', filmIndex);
    }
    this.settleState(job);
    if (job.state === 'needs-attention' || job.state === 'failed') {
      if (job.films.some((x) => x.state === 'pending')) job.state = 'queued';
    }
    this.save(job);
    if (this.started) this.kick(printerKey(job.printer));
    return structuredClone(job);
  }

  /** Prints films of a past job again as a new job (all films, or the given indexes). */
  reprint(id: string, filmIndexes?: number[]): PrintJobRecord {
    const job = this.must(id);
    const films = (filmIndexes ?? job.films.map((f) => f.index)).map((i) => {
      const f = job.films[i];
      if (!f) throw new JobError('BAD_STATE', `Job ${id} has no film ${i + 1}`);
      return f.document;
    });
    return this.submit({ printer: job.printer, films, options: job.options, sources: job.sources, reprintOf: id });
  }

  /** Resolves when the job is finished or needs the user (done, failed, cancelled, needs-attention). */
  waitFor(id: string, timeoutMs = 10 * 60_000): Promise<PrintJobRecord> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => { this.waiters.delete(check); reject(new JobError('BAD_STATE', `Job ${id} not finished within ${timeoutMs} ms`)); }, timeoutMs);
      const check = (): void => {
        const j = this.jobs.get(id);
        if (!j) { this.waiters.delete(check); clearTimeout(deadline); reject(new JobError('UNKNOWN_JOB', `No job ${id}`)); return; }
        if (isFinal(j.state) || j.state === 'needs-attention') { this.waiters.delete(check); clearTimeout(deadline); resolve(structuredClone(j)); }
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Stops scheduling; waits for the jobs being printed to reach a safe point. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.workers.values()]);
  }

  // ------------------------------------------------------------------ scheduling

  private must(id: string): PrintJobRecord {
    const j = this.jobs.get(id);
    if (!j) throw new JobError('UNKNOWN_JOB', `No print job ${id}`);
    return j;
  }

  private note(job: PrintJobRecord, what: string, film?: number): void {
    job.history.push({ at: new Date().toISOString(), what, ...(film !== undefined ? { film } : {}) });
    if (job.history.length > 500) job.history.splice(0, job.history.length - 500);
  }

  private save(job: PrintJobRecord): void {
    job.updatedAt = new Date().toISOString();
    this.store.save(job);
    this.o.onChange?.(structuredClone(job));
    for (const w of [...this.waiters]) w();
  }

  private kick(key: string): void {
    if (this.stopped || this.workers.has(key)) return;
    const w = this.work(key).finally(() => {
      this.workers.delete(key);
      // New work may have arrived while finishing.
      if (!this.stopped && this.nextFor(key, Date.now()).job) this.kick(key);
    });
    this.workers.set(key, w);
  }

  /** Head of the printer's FIFO: the oldest unfinished job; runnable when queued or its retry is due. */
  private nextFor(key: string, now: number): { job?: PrintJobRecord; waitMs?: number } {
    const head = [...this.jobs.values()]
      .filter((j) => printerKey(j.printer) === key && (j.state === 'queued' || j.state === 'waiting-retry' || j.state === 'running'))
      .sort((a, b) => a.sequence - b.sequence)[0];
    if (!head) return {};
    if (head.state === 'waiting-retry' && head.nextAttemptAt && Date.parse(head.nextAttemptAt) > now) {
      return { waitMs: Date.parse(head.nextAttemptAt) - now };
    }
    return { job: head };
  }

  private async work(key: string): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const { job, waitMs } = this.nextFor(key, Date.now());
      if (!job) {
        if (waitMs !== undefined) {
          const timerKey = `printer:${key}`;
          const old = this.timers.get(timerKey);
          if (old) clearTimeout(old);
          const t = setTimeout(() => { this.timers.delete(timerKey); this.kick(key); }, waitMs);
          this.timers.set(timerKey, t);
        }
        return;
      }
      await this.runJob(job);
    }
  }

  private async runJob(job: PrintJobRecord): Promise<void> {
    job.state = 'running';
    job.attempts++;
    delete job.nextAttemptAt;
    this.note(job, `attempt ${job.attempts}`);
    this.save(job);
    let profile: PrinterProfile;
    try {
      profile = await (this.o.loadProfile ?? ((n: string) => loadPrinterProfile(n)))(job.printer.profile);
    } catch (e) {
      this.failPending(job, `Printer profile: ${(e as Error).message}`);
      return;
    }
    const todo = job.films.filter((f) => f.state === 'pending');
    const contents: FilmContent[] = [];
    const sent: FilmRecord[] = [];
    for (const f of todo) {
      try {
        const p = await this.o.prepare(job, f, profile);
        f.warnings.push(...p.warnings.filter((w) => !f.warnings.includes(w)));
        contents.push(p.content);
        sent.push(f);
      } catch (e) {
        f.state = 'failed';
        f.failure = `Could not render the film: ${(e as Error).message}`;
        this.note(job, f.failure, f.index);
      }
    }
    if (sent.length === 0) { this.settleState(job); this.save(job); return; }

    let session;
    try {
      session = sessionAttributesFor(profile, job.options);
    } catch (e) {
      this.failPending(job, (e as Error).message);
      return;
    }
    const trace = new DimseTrace(2000);
    const address: PrinterAddress = {
      host: job.printer.host, port: job.printer.port, calledAeTitle: job.printer.calledAeTitle, callingAeTitle: job.printer.callingAeTitle,
      implicitOnly: profile.network.implicitOnly === true,
      config: { ...(profile.network.maxPdu ? { maxPduLength: profile.network.maxPdu } : {}), ...(this.o.networkConfig ?? {}) },
      trace,
    };
    const lut = presentationLutFor(profile, job.options);
    const request: PrintRequest = {
      session: session.value, films: contents,
      ...(lut ? { presentationLut: lut } : {}),
      ...(this.o.followPrintJobMs ? { followPrintJobMs: this.o.followPrintJobMs } : {}),
      onFilmPhase: (i, phase, detail) => this.onFilmPhase(job, sent[i] as FilmRecord, phase, detail),
    };
    let result: PrintResult;
    try {
      result = await (this.o.print ?? printFilms)(address, request, { onEvent: (e) => { job.events.push(e); } });
    } catch (e) {
      // printFilms reports failures as results; an exception here is a bug or a cancel.
      result = { ok: false, films: sent.map(() => ({ outcome: 'not-sent', statuses: [], warnings: [] })), events: [],
        error: { code: e instanceof JobError ? e.code : 'INTERNAL', message: (e as Error).message, transient: false },
        negotiated: { presentationLut: false, annotation: false, printJob: false }, elapsedMs: 0 };
    }
    try {
      this.store.appendTrace(job.id, `attempt at ${new Date().toISOString()} to ${job.printer.calledAeTitle}@${job.printer.host}:${job.printer.port}`, trace.toText());
    } catch { /* the trace is diagnostics only: never fail a job for it */ }
    if (result.printer) job.lastPrinter = result.printer;
    const warningPrinter = result.printer?.status === 'WARNING' || result.printer?.status === 'FAILURE';
    let retry = false;
    sent.forEach((f, i) => {
      const r = result.films[i];
      if (job.cancelRequested && (f.state === 'sending' || f.state === 'pending')) { f.state = 'pending'; return; }
      if (f.state === 'sending' || f.state === 'pending') {
        // Never reached N-ACTION: safe to send again.
        f.state = 'pending';
        const transient = result.error?.transient === true || (r !== undefined && (isTransientFilmFailure(r) || (warningPrinter && r.outcome === 'failed')));
        if (r?.outcome === 'failed' && !transient) {
          f.state = 'failed';
          f.failure = r.failure?.message ?? 'failed';
        } else if (result.error && !result.error.transient) {
          f.state = 'failed';
          f.failure = result.error.message;
        } else retry = true;
      } else if (f.state === 'failed' && r && (isTransientFilmFailure(r) || (warningPrinter && r.outcome === 'failed'))) {
        f.state = 'pending';
        retry = true;
      }
    });
    if (result.error) { job.lastError = result.error.message; this.note(job, `error: ${result.error.message}`); }
    if (job.cancelRequested) { this.finishCancel(job); return; }
    if (retry) {
      if (job.attempts >= this.retry.maxAttempts) {
        this.failPending(job, `Gave up after ${job.attempts} attempts: ${job.lastError ?? 'printer not ready'}`);
        return;
      }
      const delay = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (job.attempts - 1));
      job.state = 'waiting-retry';
      job.nextAttemptAt = new Date(Date.now() + delay).toISOString();
      this.note(job, `will retry in ${Math.round(delay / 1000)} s`);
      this.save(job);
      return;
    }
    this.settleState(job);
    this.save(job);
  }

  private async onFilmPhase(job: PrintJobRecord, f: FilmRecord, phase: 'creating' | 'action-sent' | 'printed' | 'failed', detail?: FilmResult): Promise<void> {
    switch (phase) {
      case 'creating':
        if (job.cancelRequested) throw new JobError('CANCELLED', 'The job was cancelled');
        f.state = 'sending';
        break;
      case 'action-sent':
        f.state = 'action-sent';
        f.attempts++;
        break;
      case 'printed':
        f.state = 'printed';
        f.printedAt = new Date().toISOString();
        if (detail) {
          f.statuses.push(...detail.statuses);
          for (const w of detail.warnings) f.warnings.push(`${w.step}${w.index ? ` ${w.index}` : ''}: ${w.status.text}`);
          if (detail.printJob?.executionStatus) f.printJobStatus = detail.printJob.executionStatus;
        }
        this.note(job, 'printed', f.index);
        break;
      case 'failed':
        if (detail) f.statuses.push(...detail.statuses);
        if (detail?.outcome === 'uncertain') {
          f.state = 'uncertain';
          f.failure = detail.failure?.message ?? 'No answer to the print request';
          this.note(job, 'uncertain: print request sent, no answer', f.index);
        } else {
          f.state = 'failed';
          f.failure = detail?.failure?.message ?? 'failed';
          this.note(job, `failed: ${f.failure}`, f.index);
        }
        break;
    }
    // Durable before the next request (in particular before N-ACTION goes out).
    this.save(job);
  }

  private failPending(job: PrintJobRecord, message: string): void {
    for (const f of job.films) if (f.state === 'pending' || f.state === 'sending') { f.state = 'failed'; f.failure = message; }
    job.lastError = message;
    this.note(job, `failed: ${message}`);
    this.settleState(job);
    this.save(job);
  }

  private settleState(job: PrintJobRecord): void {
    const s = job.films.map((f) => f.state);
    if (s.some((x) => x === 'pending' || x === 'sending' || x === 'action-sent')) { if (job.state !== 'waiting-retry') job.state = 'queued'; return; }
    if (s.includes('uncertain')) job.state = 'needs-attention';
    else if (s.every((x) => x === 'printed')) job.state = 'done';
    else if (s.includes('failed')) job.state = 'failed';
    else if (s.every((x) => x === 'printed' || x === 'cancelled')) job.state = 'cancelled';
    else job.state = 'failed';
  }
}
