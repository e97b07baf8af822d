/**
 * The same print job, through our print SCU and queue, to two imagers: DCMTK's dcmprscp and
 * our built-in virtual imager, both as the IHEFULL printer of /etc/dcmtk/printers.cfg.
 * What each received must agree: film box attributes, the image boxes and their pixels.
 * dcmprscp is the independent reference for what a print SCP receives from us.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicomFile } from '../../core/dicom/read-dicom-file.js';
import { createFilmDocument, type FilmDocument } from '../../core/film/film-document.js';
import { loadPrinterProfile } from '../../core/film/printer-profile.js';
import { loadImage } from '../../core/imaging/load-image.js';
import { PrintQueue } from '../../core/jobs/print-queue.js';
import { JobStore } from '../../core/jobs/job-store.js';
import { filePreparer } from '../../core/jobs/render-film-content.js';
import type { JobOptions } from '../../core/jobs/job-types.js';
import { PrintScp } from '../../core/services/print-scp/print-scp.js';
import { startDcmprscp, type RunningDcmprscp } from '../support/dcmprscp.js';

const CT = join(__dirname, '../fixtures/dicom/ts/CT1_UNC.implicit_little_endian.dcm');
const OPTIONS: JobOptions = { bits: 12, filmSizeId: '8INX10IN', magnificationType: 'CUBIC' };

interface Received {
  format: string; filmSize: string; orientation: string; magnification: string;
  boxes: Array<{ position: number; rows: number; columns: number; bitsStored: number; pixels: Uint16Array }>;
}

async function printTo(port: number, calledAeTitle: string, docs: FilmDocument[], uid: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fs-same-job-'));
  try {
    const q = new PrintQueue({ store: new JobStore(dir), prepare: filePreparer(), retry: { baseMs: 200, maxMs: 1000, maxAttempts: 3 } });
    q.start();
    const job = q.submit({ printer: { name: calledAeTitle, host: '127.0.0.1', port, calledAeTitle, callingAeTitle: 'FSTEST', profile: 'IHEFULL' }, films: docs, options: OPTIONS, sources: { [uid]: CT } });
    const done = await q.waitFor(job.id, 60_000);
    await q.stop();
    expect(done.films.map((f) => f.failure ?? f.state)).toEqual(docs.map(() => 'printed'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const words = (bytes: Uint8Array): Uint16Array => {
  const copy = new Uint8Array(bytes);
  return new Uint16Array(copy.buffer, 0, copy.length >> 1);
};

/** What dcmprscp stored: Stored Print (film box) + Hardcopy Grayscale images (boxes). */
async function fromDcmprscp(p: RunningDcmprscp): Promise<Received[]> {
  const images = new Map<string, Received['boxes'][number]>();
  for (const f of p.hardcopyImages()) {
    const ds = await readDicomFile(f);
    const rows = ds.number(0x00280010) ?? 0;
    const columns = ds.number(0x00280011) ?? 0;
    images.set(ds.string(0x00080018) ?? '', { position: 0, rows, columns, bitsStored: ds.number(0x00280101) ?? 0, pixels: words(ds.bytes(0x7fe00010) ?? new Uint8Array()).subarray(0, rows * columns) });
  }
  const out: Received[] = [];
  // Print order: DCMTK numbers its Stored Print UIDs with a growing counter in the last components.
  const sps = await Promise.all(p.storedPrints().map((f) => readDicomFile(f)));
  const key = (uid: string): number[] => uid.split('.').slice(-2).map(Number);
  sps.sort((x, y) => {
    const [x1, x2] = key(x.string(0x00080018) ?? ''); const [y1, y2] = key(y.string(0x00080018) ?? '');
    return (x1 ?? 0) - (y1 ?? 0) || (x2 ?? 0) - (y2 ?? 0);
  });
  for (const sp of sps) {
    const fb = sp.sequence(0x21300030)[0];
    const boxes = sp.sequence(0x21300040).map((item) => {
      const img = images.get(item.sequence(0x00081140)[0]?.string(0x00081155) ?? '');
      if (!img) throw new Error('Stored Print references a missing Hardcopy image');
      return { ...img, position: item.number(0x20200010) ?? 0 };
    }).sort((a, b) => a.position - b.position);
    out.push({ format: fb?.string(0x20100010) ?? '', filmSize: fb?.string(0x20100050) ?? '', orientation: fb?.string(0x20100040) ?? '', magnification: fb?.string(0x20100060) ?? '', boxes });
  }
  return out;
}

/** What the virtual imager recorded: record.json (attributes) + box-NN.png (received values). */
async function fromVirtualImager(out: string): Promise<Received[]> {
  const result: Received[] = [];
  for (const session of readdirSync(out).sort()) {
    for (const film of readdirSync(join(out, session)).filter((n) => n.startsWith('film-')).sort()) {
      const record = JSON.parse(readFileSync(join(out, session, film, 'record.json'), 'utf8')) as {
        filmBox: { attributes: Record<string, string> };
        imageBoxes: Array<{ position: number; image?: { file: string; rows: number; columns: number; bitsStored: number } }>;
      };
      const boxes: Received['boxes'] = [];
      for (const b of record.imageBoxes.filter((x) => x.image)) {
        const img = b.image!;
        const { data, info } = await sharp(join(out, session, film, img.file)).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
        expect(info.channels).toBe(1);
        boxes.push({ position: b.position, rows: img.rows, columns: img.columns, bitsStored: img.bitsStored, pixels: words(data) });
      }
      const a = record.filmBox.attributes;
      result.push({ format: a.ImageDisplayFormat ?? '', filmSize: a.FilmSizeID ?? '', orientation: a.FilmOrientation ?? '', magnification: a.MagnificationType ?? '', boxes: boxes.sort((x, y) => x.position - y.position) });
    }
  }
  return result;
}

describe('one job, two imagers (dcmprscp and the virtual imager, both IHEFULL)', () => {
  let dcmtk: RunningDcmprscp;
  let imager: PrintScp;
  let imagerPort: number;
  let out: string;
  let docs: FilmDocument[];
  let uid: string;

  beforeAll(async () => {
    uid = (await loadImage(CT)).sopInstanceUid ?? '';
    const film = (windows: Array<[number, number]>): FilmDocument => {
      const f = createFilmDocument({ displayFormat: 'STANDARD\\2,2', filmSizeId: '8INX10IN', options: { copies: 1 } });
      return { ...f, boxes: f.boxes.map((_, i) => {
        const w = windows[i];
        return w ? { image: { sopInstanceUid: uid, frame: 0 }, view: { voi: { kind: 'window', center: w[0], width: w[1] } } } : null;
      }) };
    };
    // Two films: one full, one with an empty box (position 4 never set).
    docs = [film([[40, 400], [300, 1500], [-600, 1600], [40, 80]]), film([[50, 350], [0, 2000], [100, 700]])];
    dcmtk = await startDcmprscp('IHEFULL');
    out = mkdtempSync(join(tmpdir(), 'fs-same-job-vp-'));
    imager = new PrintScp({ profile: await loadPrinterProfile('IHEFULL'), outputFolder: out, aeTitle: 'FSVIRTUAL' });
    imagerPort = await imager.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await dcmtk?.stop();
    await imager?.close({ graceful: true, timeoutMs: 10_000 });
    rmSync(out, { recursive: true, force: true });
  });

  it('both receive the same film boxes, image boxes and pixels', async () => {
    await printTo(dcmtk.port, dcmtk.aeTitle, docs, uid);
    await printTo(imagerPort, 'FSVIRTUAL', docs, uid);
    await imager.close({ graceful: true, timeoutMs: 10_000 });
    const a = await fromDcmprscp(dcmtk);
    const b = await fromVirtualImager(out);
    expect(a).toHaveLength(2);
    expect(b).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      const [x, y] = [a[i]!, b[i]!];
      expect([y.format, y.filmSize, y.orientation, y.magnification]).toEqual([x.format, x.filmSize, x.orientation, x.magnification]);
      expect(y.boxes.map((box) => box.position)).toEqual(x.boxes.map((box) => box.position));
      x.boxes.forEach((bx, k) => {
        const by = y.boxes[k]!;
        expect([by.rows, by.columns, by.bitsStored]).toEqual([bx.rows, bx.columns, bx.bitsStored]);
        expect(by.pixels.length).toBe(bx.pixels.length);
        expect(Buffer.compare(Buffer.from(by.pixels.buffer, by.pixels.byteOffset, by.pixels.byteLength), Buffer.from(bx.pixels.buffer, bx.pixels.byteOffset, bx.pixels.byteLength))).toBe(0);
      });
    }
    // The second film's empty box: neither imager received an image for position 4.
    expect(a[1]!.boxes.map((box) => box.position)).toEqual([1, 2, 3]);
    expect(a[0]!.boxes[0]!.bitsStored).toBe(12);
  }, 120_000);
});
