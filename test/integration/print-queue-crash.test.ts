/**
 * The print queue survives a real crash: the process printing a job is killed with SIGKILL
 * mid-job; a new queue on the same folder resumes it. No film is lost, none is printed twice
 * (checked on the Stored Prints DCMTK dcmprscp made, one per N-ACTION: each film has its own
 * window, so its own pixels),
 * and a film caught between N-ACTION and its answer is 'uncertain', never reprinted.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicomFile } from '../../core/dicom/read-dicom-file.js';
import { JobStore } from '../../core/jobs/job-store.js';
import { PrintQueue } from '../../core/jobs/print-queue.js';
import { filePreparer } from '../../core/jobs/render-film-content.js';
import type { PrintJobRecord } from '../../core/jobs/job-types.js';
import { startDcmprscp, type RunningDcmprscp } from '../support/dcmprscp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CT = join(root, 'test/fixtures/dicom/ts/CT1_UNC.implicit_little_endian.dcm');
const FILMS = 8;

describe('print queue: SIGKILL mid-job, then resume', () => {
  let p: RunningDcmprscp;
  let dir: string;
  beforeAll(async () => { p = await startDcmprscp('IHEFULL'); dir = mkdtempSync(join(tmpdir(), 'fs-crash-queue-')); });
  afterAll(async () => { await p.stop(); rmSync(dir, { recursive: true, force: true }); });

  it('no film lost, none printed twice, the one in flight is uncertain', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/print-queue-runner.ts'), dir, String(p.port), p.aeTitle, CT, String(FILMS)],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // Kill as soon as the job file says one film printed (the others are still to come).
    const jobFile = (): string | undefined => readdirSync(dir).find((f) => f.endsWith('.json'));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const f = jobFile();
      if (f) {
        const job = JSON.parse(readFileSync(join(dir, f), 'utf8')) as PrintJobRecord;
        if (job.films.some((x) => x.state === 'printed')) break;
      }
      if (Date.now() > deadline) throw new Error(`the runner printed nothing: ${err}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    const id = jobFile()!.replace(/\.json$/, '');
    const before = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as PrintJobRecord;
    expect(before.films.filter((f) => f.state === 'printed').length).toBeLessThan(FILMS);

    // Restart: a new queue on the same folder.
    const q = new PrintQueue({ store: new JobStore(dir), prepare: filePreparer(), retry: { baseMs: 200, maxMs: 1000, maxAttempts: 5 } });
    q.start();
    const done = await q.waitFor(id, 60_000);
    await q.stop();
    const states = done.films.map((f) => f.state);
    expect(states.every((s) => s === 'printed' || s === 'uncertain'), states.join()).toBe(true);
    expect(states.filter((s) => s === 'uncertain').length).toBeLessThanOrEqual(1);

    // What the printer printed: one Stored Print per N-ACTION, each referencing its Hardcopy
    // image (dcmprscp stores a Hardcopy image at the image box N-SET already, so a film cut off
    // before N-ACTION leaves one behind that was never printed: count Stored Prints, not those).
    const pixelsOf = new Map<string, string>();
    for (const f of p.hardcopyImages()) {
      const ds = await readDicomFile(f);
      pixelsOf.set(ds.string(0x00080018) ?? '', createHash('sha256').update(ds.bytes(0x7fe00010) ?? new Uint8Array()).digest('hex'));
    }
    const hashes: string[] = [];
    for (const f of p.storedPrints()) {
      const sp = await readDicomFile(f);
      const refs = sp.sequence(0x21300040).map((item) => item.sequence(0x00081140)[0]?.string(0x00081155) ?? '');
      hashes.push(refs.map((r) => pixelsOf.get(r) ?? `missing ${r}`).join('+'));
    }
    // Each film has its own window, so its own pixels: no film printed twice.
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashes.every((h) => !h.includes('missing'))).toBe(true);
    const printed = states.filter((s) => s === 'printed').length;
    // Every film the queue calls printed is on the printer; an uncertain one may or may not be.
    expect(hashes.length === printed || hashes.length === printed + 1).toBe(true);
    expect(hashes.length).toBeLessThanOrEqual(FILMS);
    expect(existsSync(join(dir, `${id}.trace.txt`))).toBe(true);
  }, 120_000);
});
