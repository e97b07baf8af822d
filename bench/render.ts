/**
 * Render benchmark (issue 5): a 4x5 CT film on 14INX17IN at the GENERIC profile's
 * STANDARD resolution (320 dpi: 4480 x 5440) and a 1x1 CR film, in per-box and composite
 * modes, beside DCMTK dcmj2pnm doing the same window + scale for each image (one process
 * per image, as a print pipeline built on it would run).
 *
 * Per image = read file + parse + decode + Modality/VOI/presentation + resample to the box.
 * dcmj2pnm writes a raw PGM (its cheapest output) to a temp file.
 *
 * Run: npx tsx bench/render.ts [iterations=5] [--threads=1]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createFilmDocument, type FilmDocument } from '../core/film/film-document.js';
import { loadPrinterProfile } from '../core/film/printer-profile.js';
import { renderFilm, type ImageResolver } from '../core/imaging/compose-film.js';
import { loadImage } from '../core/imaging/load-image.js';

const iterations = Number(process.argv[2] ?? '5');
// sharp defaults libvips to ONE thread on glibc Linux without jemalloc (fragmentation
// guard); a print workstation can afford one thread per core. --threads=1 keeps the default.
const threads = process.argv.includes('--threads=1') ? 1 : cpus().length;
sharp.concurrency(threads);
const fixture = (p: string): string => fileURLToPath(new URL(`../test/fixtures/dicom/${p}`, import.meta.url));
const CT = fixture('modality/CT_small.dcm');
const CR = fixture('modality/CR-ModalitySequenceLUT.dcm');

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] as number; };
const fmt = (ms: number): string => ms.toFixed(1).padStart(8);

type Film = Awaited<ReturnType<typeof renderFilm>>;

/** One measured run of each contender per round, in turn, so that the machine's drift
 * (20% within minutes here) falls on all of them alike; medians per contender. */
async function interleaved(contenders: (() => Promise<number>)[]): Promise<number[]> {
  const times = contenders.map(() => [] as number[]);
  for (const c of contenders) await c(); // warm-up (sharp init, helper thread, page cache)
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < contenders.length; k++) times[k]!.push(await (contenders[k] as () => Promise<number>)());
  }
  return times.map(median);
}

function filmRun(doc: FilmDocument, resolve: ImageResolver, profile: Awaited<ReturnType<typeof loadPrinterProfile>>, keep: (f: Film) => void): () => Promise<number> {
  return async () => {
    const t0 = performance.now();
    keep(await renderFilm(doc, resolve, { profile }));
    return performance.now() - t0;
  };
}

function dcmj2pnmRun(file: string, args: () => string[], count: number, out: string): () => Promise<number> {
  return () => {
    const t0 = performance.now();
    for (let k = 0; k < count; k++) execFileSync('dcmj2pnm', ['-q', ...args(), file, out]);
    return Promise.resolve(performance.now() - t0);
  };
}

async function main(): Promise<void> {
  const profile = await loadPrinterProfile('GENERIC');
  const tmp = mkdtempSync(join(tmpdir(), 'fs-bench-'));
  const out = join(tmp, 'out.pgm');
  // Every box decodes its file again, like a film of 20 different slices would.
  const resolveFile = (path: string): ImageResolver => async () => loadImage(path);
  const rows: string[] = [];
  try {
    // --- 4x5 CT film ---
    const ctBoxes = Array.from({ length: 20 }, () => ({ image: { sopInstanceUid: '1.2.3', frame: 0 }, view: { voi: { kind: 'window' as const, center: 40, width: 400 } } }));
    const ct = { ...createFilmDocument({ filmSizeId: '14INX17IN', displayFormat: 'STANDARD\\4,5', resolution: 'STANDARD' }), boxes: ctBoxes };
    let ctFilm: Film | undefined;
    const ctBoxWidth = (): string => String(ctFilm?.boxes[0]?.placement.width ?? 1066);
    const [ctPerMs, ctCompMs, ctRef] = await interleaved([
      filmRun(ct, resolveFile(CT), profile, (f) => { ctFilm = f; }),
      filmRun({ ...ct, mode: 'composite' }, resolveFile(CT), profile, () => undefined),
      dcmj2pnmRun(CT, () => ['+Ww', '40', '400', '+i', '1', '+Sxv', ctBoxWidth()], 20, out),
    ]) as [number, number, number];
    const ctBox = ctFilm!.boxes[0]!;

    // --- 1x1 CR film ---
    const cr = { ...createFilmDocument({ filmSizeId: '14INX17IN', displayFormat: 'STANDARD\\1,1', resolution: 'STANDARD' }),
      boxes: [{ image: { sopInstanceUid: '1.2.4', frame: 0 }, view: { voi: { kind: 'auto' as const } } }] };
    let crFilm: Film | undefined;
    const [crPerMs, crCompMs, crRef] = await interleaved([
      filmRun(cr, resolveFile(CR), profile, (f) => { crFilm = f; }),
      filmRun({ ...cr, mode: 'composite' }, resolveFile(CR), profile, () => undefined),
      dcmj2pnmRun(CR, () => ['+Wm', '+i', '1', '+Sxv', String(crFilm?.boxes[0]?.placement.width ?? 4430)], 1, out),
    ]) as [number, number, number];
    const crBox = crFilm!.boxes[0]!;
    const ctPer = { ms: ctPerMs, film: ctFilm! };
    const ctComp = { ms: ctCompMs };
    const crPer = { ms: crPerMs };
    const crComp = { ms: crCompMs };

    const l = ctPer.film.layout;
    rows.push(`Film 14INX17IN GENERIC STANDARD: ${l.width} x ${l.height} px; CT box ${l.boxes[0]!.width} x ${l.boxes[0]!.height}, image scaled 128 -> ${ctBox.placement.width}; CR 1976x1576 -> ${crBox.placement.width} x ${crBox.placement.height}`);
    rows.push(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}; median of ${iterations} runs, contenders in turn; libvips threads ${sharp.concurrency()}`);
    rows.push('');
    rows.push('                         ms/film   ms/image');
    rows.push(`CT 4x5 per-box          ${fmt(ctPer.ms)}   ${fmt(ctPer.ms / 20)}`);
    rows.push(`CT 4x5 composite        ${fmt(ctComp.ms)}   ${fmt(ctComp.ms / 20)}`);
    rows.push(`CT 4x5 dcmj2pnm x20     ${fmt(ctRef)}   ${fmt(ctRef / 20)}`);
    rows.push(`CR 1x1 per-box          ${fmt(crPer.ms)}   ${fmt(crPer.ms)}`);
    rows.push(`CR 1x1 composite        ${fmt(crComp.ms)}   ${fmt(crComp.ms)}`);
    rows.push(`CR 1x1 dcmj2pnm         ${fmt(crRef)}   ${fmt(crRef)}`);
    rows.push('');
    rows.push(`Targets: per image faster than dcmj2pnm: CT ${ctPer.ms / 20 < ctRef / 20 ? 'yes' : 'NO'}, CR ${crPer.ms < crRef ? 'yes' : 'NO'}; 20-image film < 1 s: per-box ${ctPer.ms < 1000 ? 'yes' : 'NO'}, composite ${ctComp.ms < 1000 ? 'yes' : 'NO'}`);
    console.log(rows.join('\n'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
