import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrintQueue, type FilmPreparer } from '../../../core/jobs/print-queue.js';
import { JobStore } from '../../../core/jobs/job-store.js';
import type { PrintJobRecord, PrinterTarget } from '../../../core/jobs/job-types.js';
import { createFilmDocument } from '../../../core/film/film-document.js';
import { CommandField } from '../../../core/network/dimse/command-set.js';
import { freePort } from '../../support/peers.js';
import { startFakePrinter, type FakePrinter, type FakePrinterOptions } from '../services/print-scu/fake-printer.js';

let dir: string;
let printers: FakePrinter[] = [];
let queues: PrintQueue[] = [];
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'fs-queue-')); });
afterEach(async () => {
  for (const q of queues) await q.stop();
  for (const p of printers) await p.close();
  queues = []; printers = [];
  rmSync(dir, { recursive: true, force: true });
});

const doc = (label: string) => createFilmDocument({ displayFormat: 'STANDARD\\1,2', filmSizeId: '8INX10IN', printer: label });
/** Synthetic rendering: two 8-bit boxes whose first pixel is the film index (to see which film arrived). */
const prepare: FilmPreparer = async (_job, film) => ({
  warnings: [],
  content: {
    filmBox: { imageDisplayFormat: 'STANDARD\\1,2', filmSizeId: '8INX10IN' },
    images: [1, 2].map((position) => ({ position, pixels: { width: 4, height: 2, bits: 8 as const, data: new Uint8Array(8).fill(film.index) } })),
  },
});
const target = (port: number): PrinterTarget => ({ name: 'test', host: '127.0.0.1', port, calledAeTitle: 'FAKEPRT', callingAeTitle: 'FSTEST', profile: 'IHEFULL' });
const queue = (extra: Partial<ConstructorParameters<typeof PrintQueue>[0]> = {}): PrintQueue => {
  const q = new PrintQueue({ store: new JobStore(dir), prepare, retry: { baseMs: 100, maxMs: 400, maxAttempts: 20 }, ...extra });
  queues.push(q);
  return q;
};
const fake = async (o: FakePrinterOptions = {}): Promise<FakePrinter> => { const p = await startFakePrinter(o); printers.push(p); return p; };
const actions = (p: FakePrinter): number => p.received.filter((r) => r === 'N-ACTION film-box').length;
const filmsPrinted = (p: FakePrinter): number[] => p.imageBoxes.filter((b) => b.position === 1).map((b) => b.pixels[0] as number);

describe('PrintQueue', () => {
  it('writes the job to disk before anything is sent, prints every film and keeps the history', async () => {
    const p = await fake();
    let onDiskBeforeSend = false;
    const q = queue({ prepare: async (job, film, profile) => {
      onDiskBeforeSend = existsSync(join(dir, `${job.id}.json`)) && p.received.length === 0;
      return prepare(job, film, profile);
    } });
    q.start();
    const job = q.submit({ printer: target(p.port), films: [doc('a'), doc('b')] });
    const done = await q.waitFor(job.id, 10_000);
    expect(onDiskBeforeSend).toBe(true);
    expect(done.state).toBe('done');
    expect(done.films.map((f) => f.state)).toEqual(['printed', 'printed']);
    expect(filmsPrinted(p)).toEqual([0, 1]);
    const saved = JSON.parse(readFileSync(join(dir, `${job.id}.json`), 'utf8')) as PrintJobRecord;
    expect(saved.state).toBe('done');
    expect(saved.history.map((h) => h.what)).toContain('printed');
    expect(saved.lastPrinter?.status).toBe('NORMAL');
    // The DIMSE trace of the attempt is kept beside the job, for the imager vendor.
    const trace = readFileSync(join(dir, `${job.id}.trace.txt`), 'utf8');
    expect(trace).toMatch(/^--- attempt at /);
    expect(trace).toMatch(/N-CREATE-RQ .*Basic Film Box/);
    expect(trace).toMatch(/N-ACTION-RQ/);
  });

  it('per-printer FIFO: jobs print in submission order', async () => {
    const p = await fake();
    const q = queue();
    const a = q.submit({ printer: target(p.port), films: [doc('a')] });
    const b = q.submit({ printer: target(p.port), films: [doc('b'), doc('c')] });
    q.start();
    await q.waitFor(b.id, 10_000);
    expect(q.get(a.id)?.state).toBe('done');
    expect(filmsPrinted(p)).toEqual([0, 0, 1]);
    expect(p.associations).toBe(2);
  });

  it('refused connection: the job waits, retries with backoff, and prints once the printer is up', async () => {
    const port = await freePort();
    const states: string[] = [];
    const q = queue({ onChange: (j) => { if (states[states.length - 1] !== j.state) states.push(j.state); } });
    q.start();
    const job = q.submit({ printer: target(port), films: [doc('a')] });
    await new Promise((r) => setTimeout(r, 350));
    expect(q.get(job.id)?.state).toBe('waiting-retry');
    expect(q.get(job.id)?.lastError).toMatch(/refused/i);
    const p = await fake({ port });
    const done = await q.waitFor(job.id, 10_000);
    expect(done.state).toBe('done');
    expect(done.attempts).toBeGreaterThan(1);
    expect(states).toContain('waiting-retry');
    expect(actions(p)).toBe(1);
  });

  it('queue full (C602) is retried; the film prints exactly once', async () => {
    let n = 0;
    const p = await fake({ rule: (req) => (req.command.commandField === CommandField.N_ACTION_RQ && n++ === 0 ? 0xc602 : undefined) });
    const q = queue();
    q.start();
    const job = q.submit({ printer: target(p.port), films: [doc('a')] });
    const done = await q.waitFor(job.id, 10_000);
    expect(done.state).toBe('done');
    expect(actions(p)).toBe(2);
    expect(done.films[0]?.statuses.some((s) => s.status.code === 0xc602)).toBe(true);
  });

  it('printer aborts after N-ACTION: the film is uncertain, never reprinted automatically; the user decides', async () => {
    let aborted = false;
    const p = await fake({ rule: (req) => {
      if (req.command.commandField === CommandField.N_ACTION_RQ && !aborted) { aborted = true; return 'abort'; }
      return undefined;
    } });
    const q = queue();
    q.start();
    const job = q.submit({ printer: target(p.port), films: [doc('a'), doc('b')] });
    const first = await q.waitFor(job.id, 10_000);
    // Film 2 was not sent yet when the association died: it is retried; film 1 waits for the user.
    expect(first.films[0]?.state).toBe('uncertain');
    expect(first.films[1]?.state).toBe('printed');
    expect(first.state).toBe('needs-attention');
    await new Promise((r) => setTimeout(r, 400));
    expect(actions(p)).toBe(2);
    const again = q.confirmUncertain(job.id, 0, false);
    expect(again.films[0]?.state).toBe('pending');
    const done = await q.waitFor(job.id, 10_000);
    expect(done.state).toBe('done');
    expect(actions(p)).toBe(3);
    expect(filmsPrinted(p)).toEqual([0, 1, 0]);
  });

  it('a printer failing every request fails the job with the reason (no endless retry)', async () => {
    const p = await fake({ rule: () => 0x0106 });
    const q = queue();
    q.start();
    const job = q.submit({ printer: target(p.port), films: [doc('a')] });
    const done = await q.waitFor(job.id, 10_000);
    expect(done.state).toBe('failed');
    expect(done.films[0]?.failure).toMatch(/does not accept one of the values/);
    expect(actions(p)).toBe(0);
  });

  it('restart after a crash: sent films are not sent again, the one in flight is uncertain, the rest resume', async () => {
    const p = await fake();
    const store = new JobStore(dir);
    // A job as it was on disk when the process died during film 2's N-ACTION.
    const q1 = queue();
    const submitted = q1.submit({ printer: target(p.port), films: [doc('a'), doc('b'), doc('c'), doc('d')] });
    const crashed = store.load(submitted.id) as PrintJobRecord;
    crashed.state = 'running';
    crashed.films[0]!.state = 'printed';
    crashed.films[1]!.state = 'action-sent';
    crashed.films[2]!.state = 'sending';
    store.save(crashed);
    const q2 = queue();
    q2.start();
    const done = await q2.waitFor(submitted.id, 10_000);
    expect(done.films.map((f) => f.state)).toEqual(['printed', 'uncertain', 'printed', 'printed']);
    expect(done.state).toBe('needs-attention');
    expect(filmsPrinted(p)).toEqual([2, 3]);
    expect(done.history.some((h) => /uncertain after restart/.test(h.what))).toBe(true);
    const ok = q2.confirmUncertain(submitted.id, 1, true);
    expect(ok.state).toBe('done');
  });

  it('cancel stops a waiting job; reprint makes a new job of a past one', async () => {
    const port = await freePort();
    const q = queue();
    q.start();
    const job = q.submit({ printer: target(port), films: [doc('a'), doc('b')] });
    await new Promise((r) => setTimeout(r, 250));
    const c = q.cancel(job.id);
    expect(c.state).toBe('cancelled');
    expect(c.films.map((f) => f.state)).toEqual(['cancelled', 'cancelled']);
    const p = await fake({ port });
    const re = q.reprint(job.id, [1]);
    expect(re.reprintOf).toBe(job.id);
    const done = await q.waitFor(re.id, 10_000);
    expect(done.state).toBe('done');
    expect(filmsPrinted(p)).toEqual([0]);
    expect(q.list().map((j) => j.state)).toEqual(['cancelled', 'done']);
  });
});
