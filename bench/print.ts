/**
 * Print benchmark: the same 20 CT images (one CT slice, 20 different windows) as five
 * 2x2 films, printed to the same DCMTK dcmprscp (printer IHEFULL of printers.cfg) by
 * Filmstation and by DCMTK (dcmpsprt renders each film into its database, dcmprscu sends
 * them), in one run. Wall time and peak RSS for each.
 *
 *   npx tsx bench/print.ts
 *
 * Ours runs in a child process (so its peak RSS is its own): film documents -> persistent
 * queue (fsync'd job file) -> rendering at the printer matrix -> Print SCU. DCMTK's time
 * includes its process start-ups (5 x dcmpsprt + 1 x dcmprscu); its peak RSS is the
 * largest of those processes (GNU time). dcmprscp runs as DCMTK ships it (Nagle enabled:
 * it writes every PDU in two pieces, and the second waits for the receiver's ACK, which
 * Linux delays ~40 ms unless the receiver asks for prompt ACKs, as our SCU does with
 * TCP_QUICKACK: core/network/tcp-quick-ack.ts); the same server answers both senders.
 * A second round runs dcmprscp with DCMTK's TCP_NODELAY=1, which removes the stall for
 * any sender. The printers.cfg profiles give no pixel matrix, so our per-box images go at
 * the CT's own resolution (core/imaging/compose-film.ts), as dcmpsprt's do.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFilmDocument, type FilmDocument, type ImageBoxContent } from '../core/film/film-document.js';
import { loadImage } from '../core/imaging/load-image.js';
import { PrintQueue } from '../core/jobs/print-queue.js';
import { JobStore } from '../core/jobs/job-store.js';
import { filePreparer } from '../core/jobs/render-film-content.js';
import { startDcmprscp } from '../test/support/dcmprscp.js';
import { writeDcmtkPrintConfig } from '../test/support/dcmprscp.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CT = join(root, 'test/fixtures/dicom/ts/CT1_UNC.implicit_little_endian.dcm');
const FILMS = 5;
const PER_FILM = 4;
const windows = Array.from({ length: FILMS * PER_FILM }, (_, i) => ({ center: -600 + i * 80, width: 300 + i * 60 }));

async function ours(port: number, aeTitle: string): Promise<void> {
  const started = performance.now();
  const uid = (await loadImage(CT)).sopInstanceUid ?? '';
  const docs: FilmDocument[] = [];
  for (let f = 0; f < FILMS; f++) {
    const boxes: ImageBoxContent[] = [];
    for (let b = 0; b < PER_FILM; b++) {
      const w = windows[f * PER_FILM + b] as { center: number; width: number };
      boxes.push({ image: { sopInstanceUid: uid, frame: 0 }, view: { voi: { kind: 'window', center: w.center, width: w.width } } });
    }
    docs.push({ ...createFilmDocument({ displayFormat: 'STANDARD\\2,2', filmSizeId: '8INX10IN', options: { copies: 1 } }), boxes });
  }
  const dir = mkdtempSync(join(tmpdir(), 'fs-bench-queue-'));
  const q = new PrintQueue({ store: new JobStore(dir), prepare: filePreparer() });
  q.start();
  const job = q.submit({ printer: { name: 'bench', host: '127.0.0.1', port, calledAeTitle: aeTitle, callingAeTitle: 'FSBENCH', profile: 'IHEFULL' },
    films: docs, options: { bits: 8, filmSizeId: '8INX10IN' }, sources: { [uid]: CT } });
  const done = await q.waitFor(job.id);
  await q.stop();
  rmSync(dir, { recursive: true, force: true });
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, state: done.state, printed: done.films.filter((f) => f.state === 'printed').length })}\n`);
}

function timed(cmd: string, args: string[], env: Record<string, string>): { ms: number; rssKb: number; ok: boolean; err: string } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  const lines = r.stderr.trim().split('\n');
  return { ms: performance.now() - t, rssKb: Number(lines[lines.length - 1]) || 0, ok: r.status === 0, err: r.stderr };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--ours') { await ours(Number(process.argv[3]), process.argv[4] ?? 'IHEFULL'); return; }
  // Round 1: dcmprscp as installed. Round 2: with DCMTK's TCP_NODELAY=1 for dcmprscp and dcmprscu:
  // stock dcmprscp writes each response in two pieces, and Nagle + the receiver's delayed ACK then
  // stall every response by about 40 ms, whoever the sender is.
  const rounds: Record<string, string>[] = [{}, { TCP_NODELAY: '1' }];
  for (const env of rounds) await round(env);
}

async function round(env: Record<string, string>): Promise<void> {
  const scp = await startDcmprscp('IHEFULL', { env });
  try {
    // Ours, in its own process (tsx start-up excluded: timed inside, from loading the image to the job's end).
    const t0 = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--ours', String(scp.port), scp.aeTitle], { encoding: 'utf8', cwd: root });
    const wallWithStartup = performance.now() - t0;
    const o = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { ms: number; maxRssKb: number; state: string; printed: number };
    const afterOurs = scp.storedPrints().length;

    // DCMTK: dcmpsprt renders each film into its own database, dcmprscu sends them.
    const dir = mkdtempSync(join(tmpdir(), 'fs-bench-dcmtk-'));
    const cfg = writeDcmtkPrintConfig(dir, 'IHEFULL', scp.port, { callingAeTitle: 'DCMTKBENCH' });
    const t1 = performance.now();
    let rss = 0;
    const render: string[] = [];
    for (let f = 0; f < FILMS; f++) {
      const r = timed('dcmpsprt', ['-c', cfg.file, '-p', 'IHEFULL', '--layout', '2', '2', '--filmsize', '8INX10IN', ...Array.from({ length: PER_FILM }, () => CT)], env);
      rss = Math.max(rss, r.rssKb);
      if (!r.ok) throw new Error(`dcmpsprt failed: ${r.err}`);
      render.push(r.ms.toFixed(0));
    }
    const sps = spawnSync('sh', ['-c', `ls ${cfg.database}/SP_*.dcm`], { encoding: 'utf8' }).stdout.trim().split('\n');
    const send = timed('dcmprscu', ['-c', cfg.file, '-p', 'IHEFULL', ...sps], env);
    rss = Math.max(rss, send.rssKb);
    const dcmtkMs = performance.now() - t1;
    const afterDcmtk = scp.storedPrints().length - afterOurs;
    rmSync(dir, { recursive: true, force: true });

    const row = (name: string, ms: number, rssKb: number, films: number): string =>
      `${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${(ms / FILMS).toFixed(0).padStart(6)} ms/film  ${(rssKb / 1024).toFixed(0).padStart(5)} MB peak RSS  ${films} films stored`;
    console.log(`\nPrint benchmark: ${FILMS} films x ${PER_FILM} CT images (STANDARD\\2,2, 8INX10IN) to dcmprscp IHEFULL${'TCP_NODELAY' in env ? ' with TCP_NODELAY=1' : ' as installed'}`);
    console.log(row('Filmstation (queue+render+SCU)', o.ms, o.maxRssKb, afterOurs));
    console.log(row('  same, incl. node/tsx start-up', wallWithStartup, o.maxRssKb, afterOurs));
    console.log(row('DCMTK dcmpsprt x5 + dcmprscu', dcmtkMs, rss, afterDcmtk));
    console.log(`  dcmpsprt per film: ${render.join(', ')} ms; dcmprscu: ${send.ms.toFixed(0)} ms`);
    console.log(`Ratio ours/DCMTK: ${(o.ms / dcmtkMs).toFixed(2)} (target <= 0.20); job ${o.state}, ${o.printed} printed`);
  } finally {
    await scp.stop();
  }
}

await main();
