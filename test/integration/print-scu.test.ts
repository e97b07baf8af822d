/**
 * Interoperability of the Print SCU and the print queue with DCMTK dcmprscp, run with the
 * printers of /etc/dcmtk/printers.cfg. Every assertion is on what dcmprscp STORED (Stored
 * Print + Hardcopy Grayscale images), compared with our own rendering of the same films.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomFile } from '../../core/dicom/read-dicom-file.js';
import { createFilmDocument, type FilmDocument, type ImageBoxContent } from '../../core/film/film-document.js';
import { loadPrinterProfile } from '../../core/film/printer-profile.js';
import { loadImage } from '../../core/imaging/load-image.js';
import { PrintQueue } from '../../core/jobs/print-queue.js';
import { JobStore } from '../../core/jobs/job-store.js';
import { filePreparer, filmContentFor } from '../../core/jobs/render-film-content.js';
import type { JobOptions } from '../../core/jobs/job-types.js';
import { pixelBytes } from '../../core/services/print-scu/print-datasets.js';
import { getPrinterStatus } from '../../core/services/print-scu/printer-status.js';
import type { FilmContent } from '../../core/services/print-scu/types.js';
import { startDcmprscp, type RunningDcmprscp } from '../support/dcmprscp.js';

const CT = join(__dirname, '../fixtures/dicom/ts/CT1_UNC.implicit_little_endian.dcm');
const WINDOWS: Array<[number, number]> = [[40, 400], [50, 350], [300, 1500], [-600, 1600], [40, 80]];

let ctUid = '';
beforeAll(async () => { ctUid = (await loadImage(CT)).sopInstanceUid ?? ''; });

/** Five CT boxes with different windows, paginated into films of `format`. */
function films(format: string, perFilm: number, filmSizeId = '8INX10IN'): FilmDocument[] {
  const out: FilmDocument[] = [];
  WINDOWS.forEach(([center, width], i) => {
    if (i % perFilm === 0) out.push(createFilmDocument({ displayFormat: format, filmSizeId, options: { copies: 1, marginMm: 4, gapMm: 2 } }));
    const f = out[out.length - 1] as FilmDocument;
    const boxes = [...f.boxes];
    boxes[i % perFilm] = { image: { sopInstanceUid: ctUid, frame: 0 }, view: { voi: { kind: 'window', center, width } } } satisfies ImageBoxContent;
    out[out.length - 1] = { ...f, boxes };
  });
  return out;
}

interface Stored { format: string; filmSize: string; orientation: string; boxes: Array<{ position: number; rows: number; columns: number; bitsStored: number; pixels: Uint8Array }> }

async function storedFilms(p: RunningDcmprscp): Promise<Stored[]> {
  const hg = new Map<string, Stored['boxes'][number] & { uid: string }>();
  for (const f of p.hardcopyImages()) {
    const ds = await readDicomFile(f);
    const uid = ds.string(0x00080018) ?? '';
    hg.set(uid, { uid, position: 0, rows: ds.number(0x00280010) ?? 0, columns: ds.number(0x00280011) ?? 0, bitsStored: ds.number(0x00280101) ?? 0, pixels: ds.bytes(0x7fe00010) ?? new Uint8Array() });
  }
  const out: Stored[] = [];
  // Print order: DCMTK numbers its UIDs with a growing counter in the last component.
  const sps = await Promise.all(p.storedPrints().map((f) => readDicomFile(f)));
  const key = (uid: string): number[] => uid.split('.').slice(-2).map(Number);
  sps.sort((a, b) => {
    const [a1, a2] = key(a.string(0x00080018) ?? ''); const [b1, b2] = key(b.string(0x00080018) ?? '');
    return (a1 ?? 0) - (b1 ?? 0) || (a2 ?? 0) - (b2 ?? 0);
  });
  for (const sp of sps) {
    const fb = sp.sequence(0x21300030)[0];
    const boxes = sp.sequence(0x21300040).map((item) => {
      const ref = item.sequence(0x00081140)[0]?.string(0x00081155) ?? '';
      const h = hg.get(ref);
      if (!h) throw new Error(`Stored Print references a missing Hardcopy image ${ref}`);
      return { ...h, position: item.number(0x20200010) ?? 0 };
    }).sort((a, b) => a.position - b.position);
    out.push({ format: fb?.string(0x20100010) ?? '', filmSize: fb?.string(0x20100050) ?? '', orientation: fb?.string(0x20100040) ?? '', boxes });
  }
  return out;
}

async function printThroughQueue(p: RunningDcmprscp, profile: string, docs: FilmDocument[], options: JobOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'fs-print-it-'));
  const q = new PrintQueue({ store: new JobStore(dir), prepare: filePreparer(), retry: { baseMs: 200, maxMs: 1000, maxAttempts: 3 } });
  q.start();
  const job = q.submit({
    printer: { name: profile, host: '127.0.0.1', port: p.port, calledAeTitle: p.aeTitle, callingAeTitle: 'FSTEST', profile },
    films: docs, options, sources: { [ctUid]: CT },
  });
  const done = await q.waitFor(job.id, 60_000);
  await q.stop();
  rmSync(dir, { recursive: true, force: true });
  return done;
}

/** What we sent, rendered again the same way (the renderer is deterministic). */
async function expected(profile: string, doc: FilmDocument, options: JobOptions): Promise<FilmContent> {
  const resolve = async () => { const i = await loadImage(CT); return { frame: i.frame, attrs: i.attrs }; };
  return (await filmContentFor(doc, await loadPrinterProfile(profile), options, { resolve })).content;
}

function expectSamePixels(stored: Stored, sent: FilmContent): void {
  expect(stored.boxes.map((b) => b.position)).toEqual(sent.images.map((i) => i.position));
  sent.images.forEach((img, i) => {
    const b = stored.boxes[i] as Stored['boxes'][number];
    expect([b.columns, b.rows]).toEqual([img.pixels.width, img.pixels.height]);
    expect(b.bitsStored).toBe(img.pixels.bits);
    const want = pixelBytes(img.pixels, false);
    expect(b.pixels.length).toBeGreaterThanOrEqual(want.length);
    expect(Buffer.compare(Buffer.from(b.pixels.subarray(0, want.length)), Buffer.from(want))).toBe(0);
  });
}

describe.each([
  { profile: 'IHEFULL', format: 'STANDARD\\2,2', per: 4, options: { bits: 12, filmSizeId: '8INX10IN' } as JobOptions, storedFormat: 'STANDARD\\2,2' },
  { profile: 'KODAK', format: 'STANDARD\\2,2', per: 4, options: { bits: 8, filmSizeId: '8INX10IN', copies: 2 } as JobOptions, storedFormat: 'STANDARD\\2,2' },
  { profile: 'AGFA', format: 'STANDARD\\3,2', per: 6, options: { bits: 12, filmSizeId: '8INX10IN', annotate: true, label: 'FS TEST' } as JobOptions, storedFormat: 'STANDARD\\3,2' },
  // IHERESTRICTED takes STANDARD\1,1 only and Implicit VR only: the 2x2 layout goes as a composite film.
  { profile: 'IHERESTRICTED', format: 'STANDARD\\2,2', per: 4, options: { bits: 8, filmSizeId: '8INX10IN' } as JobOptions, storedFormat: 'STANDARD\\1,1' },
])('print to dcmprscp -p $profile', ({ profile, format, per, options, storedFormat }) => {
  let p: RunningDcmprscp;
  beforeAll(async () => { p = await startDcmprscp(profile); });
  afterAll(async () => { await p.stop(); });

  it('every film is stored with our display format, film size, bits and pixels', async () => {
    const docs = films(format, per);
    const job = await printThroughQueue(p, profile, docs, options);
    expect(job.films.map((f) => f.failure ?? f.state)).toEqual(docs.map(() => 'printed'));
    expect(job.state).toBe('done');
    const stored = await storedFilms(p);
    expect(stored).toHaveLength(docs.length);
    for (let i = 0; i < docs.length; i++) {
      const s = stored[i] as Stored;
      expect(s.format).toBe(storedFormat);
      expect(s.filmSize).toBe('8INX10IN');
      expect(s.orientation).toBe('PORTRAIT');
      expectSamePixels(s, await expected(profile, docs[i] as FilmDocument, options));
    }
    // These profiles give no pixel matrix: per-box images go at the CT's own 512 columns
    // (the boxes are taller than wide), for the imager to scale once, not at a guessed pitch.
    if (storedFormat !== 'STANDARD\\1,1') for (const s of stored) expect(s.boxes.map((b) => b.columns)).toEqual(s.boxes.map(() => 512));
    const occupied = docs.map((d) => d.boxes.filter((b) => b !== null).length);
    if (storedFormat === 'STANDARD\\1,1') expect(stored.map((s) => s.boxes.length)).toEqual(docs.map(() => 1));
    else expect(stored.map((s) => s.boxes.length)).toEqual(occupied);
    if (storedFormat !== format) expect(job.films[0]?.warnings.join('\n')).toMatch(/composite/);
    // dcmprscp has no Annotation Box: asked for, it is reported, not silently dropped.
    if (options.annotate) expect(job.films[0]?.warnings.join('\n')).toMatch(/annotation text was not printed/);
  }, 60_000);

  it('printer status: NORMAL in words', async () => {
    const prof = await loadPrinterProfile(profile);
    const s = await getPrinterStatus({ host: '127.0.0.1', port: p.port, calledAeTitle: p.aeTitle, callingAeTitle: 'FSTEST', implicitOnly: prof.network.implicitOnly === true });
    expect(s.reachable).toBe(true);
    expect(s.printer?.status).toBe('NORMAL');
    expect(s.summary).toBe('Ready');
  });
});
