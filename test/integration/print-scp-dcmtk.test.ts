/**
 * DCMTK, a print SCU nobody here wrote, prints to the virtual imager: dcmpsprt builds the
 * job (Stored Print + Hardcopy Grayscale images in its database) and dcmprscu sends it.
 * Assertions compare what the virtual imager wrote with DCMTK's own files: the pixels of
 * every received image box, film attributes, the Presentation LUT and the annotation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { readDicomFile } from '../../core/dicom/read-dicom-file.js';
import { loadPrinterProfile } from '../../core/film/printer-profile.js';
import { PrintScp } from '../../core/services/print-scp/print-scp.js';
import type { FilmPrintedEvent } from '../../core/services/print-scp/print-association.js';
import { run } from '../support/peers.js';

const FIX = resolve('test/fixtures/dicom/modality');
const MR = join(FIX, 'MR_small.dcm');
const CT = join(FIX, 'CT_small.dcm');
const CR = join(FIX, 'CR-MONO1-10-chest.dcm');

interface FilmRecord {
  filmBox: { attributes: Record<string, string | number>; layout: { width: number; height: number } };
  filmSession: { attributes: Record<string, string | number>; referencedPresentationLut: string | null };
  presentationLut: { shape: string | null; entries: number | null } | null;
  imageBoxes: { position: number; rect: { x: number; y: number; width: number; height: number };
    image: { file: string; rows: number; columns: number; bitsStored: number } | null; status: number | null }[];
  annotations: { position: number; text: string }[];
  status: number;
  exchange: { request: string; sopClass: string; status: number }[];
}

/** A dcmpstat configuration for dcmpsprt/dcmprscu with one printer entry per variant, all pointing at our port. */
function writeConfig(dir: string, port: number, printers: Record<string, Record<string, string>>): string {
  for (const d of ['database', 'spool', 'lut', 'log']) mkdirSync(join(dir, d), { recursive: true });
  const lines = [
    '[[GENERAL]]', '[APPLICATION]', 'LogDirectory = log', 'LogLevel = ERROR',
    '[PRINT]', 'Spooler = dcmprscu', 'Directory = spool', 'DetailedLog = false', 'BinaryLog = false',
    'MinPrintResolution = 16\\16', 'MaxPrintResolution = 8192\\8192', 'DefaultIllumination = 2000', 'DefaultReflection = 10',
    '[DATABASE]', 'Directory = database', '[LUT]', 'Directory = lut', '[NETWORK]', 'aetitle = DCMTKSCU',
    '[[COMMUNICATION]]',
  ];
  for (const [name, keys] of Object.entries(printers)) {
    lines.push(`[${name}]`, 'Hostname = 127.0.0.1', `Port = ${port}`, 'Type = PRINTER', 'Description = test', 'MaxPDU = 32768', 'ImplicitOnly = false', 'DisableNewVRs = false');
    for (const [k, v] of Object.entries(keys)) lines.push(`${k} = ${v}`);
  }
  lines.push('[[LUT]]', '[LUT1]', 'Description = inverse ramp', 'Filename = lut1.dcm');
  const cfg = join(dir, 'print.cfg');
  writeFileSync(cfg, `${lines.join('\n')}\n`);
  return cfg;
}

/** A 4096-entry, 12-bit Presentation LUT file (matches 12-bit images, so dcmprscu sends it instead of burning it in) for dcmpsprt --plut, made with DCMTK's dump2dcm. */
async function writeLut(dir: string): Promise<void> {
  const values = Array.from({ length: 4096 }, (_, i) => 4095 - i).join('\\');
  const dump = [
    '(0008,0016) UI =PresentationLUTSOPClass', '(0008,0018) UI [1.2.3.4.5.6]',
    '(2050,0010) SQ (Sequence with explicit length #=1)', '(fffe,e000) na (Item with explicit length #=3)',
    '(0028,3002) US 4096\\0\\12', '(0028,3003) LO [INVERSE]', `(0028,3006) US ${values}`,
    '(fffe,e00d) na', '(fffe,e0dd) na',
  ].join('\n');
  writeFileSync(join(dir, 'lut.dump'), `${dump}\n`);
  const r = await run('dump2dcm', ['+l', '100000', join(dir, 'lut.dump'), join(dir, 'lut', 'lut1.dcm')]);
  if (r.code !== 0) throw new Error(`dump2dcm failed: ${r.stderr}`);
}

/** dcmpsprt (create the job) then dcmprscu (send it); both run in `dir` (dcmpstat paths are relative). */
async function printWithDcmtk(dir: string, cfg: string, printer: string, args: string[], images: string[]): Promise<string> {
  rmSync(join(dir, 'database'), { recursive: true, force: true });
  mkdirSync(join(dir, 'database'));
  const build = await runIn(dir, 'dcmpsprt', ['-c', cfg, '-p', printer, ...args, ...images]);
  if (build.code !== 0) throw new Error(`dcmpsprt failed: ${build.stderr}`);
  const sp = readdirSync(join(dir, 'database')).find((f) => f.startsWith('SP_'));
  if (!sp) throw new Error(`dcmpsprt wrote no Stored Print: ${build.stderr}`);
  const send = await runIn(dir, 'dcmprscu', ['-c', cfg, '-p', printer, '-v', join('database', sp)]);
  // dcmprscu exits 0 even when the printer refused a request: its E: lines tell.
  if (send.code !== 0 || /^E: /m.test(send.stdout + send.stderr)) throw new Error(`dcmprscu failed (${send.code}): ${send.stderr}${send.stdout}`);
  return `${send.stdout}${send.stderr}`;
}

async function runIn(dir: string, cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cwd = process.cwd();
  process.chdir(dir);
  try { return await run(cmd, args, 60_000); } finally { process.chdir(cwd); }
}

/** Hardcopy Grayscale images DCMTK made, by matrix "CxR": their stored pixel values. */
async function hardcopies(dir: string): Promise<Map<string, { bits: number; values: number[] }>> {
  const out = new Map<string, { bits: number; values: number[] }>();
  for (const f of readdirSync(join(dir, 'database')).filter((n) => n.startsWith('HG_'))) {
    const ds = await readDicomFile(join(dir, 'database', f));
    const bytes = ds.bytes('PixelData') ?? new Uint8Array(0);
    const bits = ds.number('BitsAllocated') ?? 8;
    const values = bits === 8 ? [...bytes] : Array.from({ length: bytes.length / 2 }, (_, i) => ((bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8)) & 0xfff);
    out.set(`${ds.number('Columns')}x${ds.number('Rows')}`, { bits: ds.number('BitsStored') ?? bits, values });
  }
  return out;
}

async function pngValues(path: string, sixteen: boolean): Promise<{ width: number; height: number; values: number[] }> {
  const p = sharp(readFileSync(path)).toColourspace(sixteen ? 'grey16' : 'b-w');
  const { data, info } = await (sixteen ? p.raw({ depth: 'ushort' }) : p.raw()).toBuffer({ resolveWithObject: true });
  const values = sixteen ? [...new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2)] : [...data];
  return { width: info.width, height: info.height, values };
}

function latestFilm(printed: FilmPrintedEvent[]): { folder: string; record: FilmRecord } {
  const last = printed[printed.length - 1];
  if (!last) throw new Error('nothing printed');
  return { folder: last.folder, record: JSON.parse(readFileSync(join(last.folder, 'record.json'), 'utf8')) as FilmRecord };
}

describe('DCMTK dcmpsprt + dcmprscu print to the virtual imager (IHEFULL)', () => {
  let dir: string;
  let cfg: string;
  let scp: PrintScp;
  const printed: FilmPrintedEvent[] = [];
  const sessions: { folder: string; pdf: string | undefined }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fs-print-dcmtk-'));
    scp = new PrintScp({
      profile: await loadPrinterProfile('IHEFULL'), aeTitle: 'IHEFULL', outputFolder: join(dir, 'out'),
      onFilmPrinted: (e) => printed.push(e), onSessionClosed: (e) => sessions.push(e),
    });
    const port = await scp.listen(0, '127.0.0.1');
    const common = {
      Aetitle: 'IHEFULL', DisplayFormat: '1,1\\1,2\\2,2\\2,3\\3,3', FilmSizeID: '8INX10IN\\14INX17IN',
      MagnificationType: 'REPLICATE\\BILINEAR\\CUBIC\\NONE', BorderDensity: 'BLACK\\WHITE\\150', EmptyImageDensity: 'BLACK\\WHITE\\20',
      MaxDensity: '320', MinDensity: '20', SupportsPresentationLUT: 'true', PresentationLUTinFilmSession: 'false',
      PresentationLUTMatchRequired: 'false', SupportsImageSize: 'true', SupportsTrim: 'true',
    };
    cfg = writeConfig(dir, port, {
      VIRT12: { ...common, Supports12Bit: 'true' },
      VIRT8: { ...common, Supports12Bit: 'false' },
      ANYFORMAT: { ...common, Supports12Bit: 'true', DisplayFormat: '1,1\\2,1' },
    });
    await writeLut(dir);
  });

  afterAll(async () => {
    await scp.close({ graceful: true, timeoutMs: 5_000 });
    rmSync(dir, { recursive: true, force: true });
  });

  it('STANDARD\\2,2 with three 12-bit images: received pixels equal DCMTK\'s, the fourth box is empty', async () => {
    const before = printed.length;
    await printWithDcmtk(dir, cfg, 'VIRT12', ['--layout', '2', '2', '--filmsize', '8INX10IN', '--border', 'WHITE', '--empty-image', 'BLACK'], [MR, CT, CR]);
    expect(printed.length).toBe(before + 1);
    const { folder, record } = latestFilm(printed);
    expect(record.status).toBe(0);
    expect(record.filmBox.attributes.ImageDisplayFormat).toBe('STANDARD\\2,2');
    expect(record.filmBox.attributes.FilmSizeID).toBe('8INX10IN');
    expect(record.filmBox.attributes.BorderDensity).toBe('WHITE');
    expect(record.presentationLut?.shape).toBe('IDENTITY');
    expect(record.exchange.map((e) => `${e.request} ${e.status}`)).toContain('N-GET 0');
    const hg = await hardcopies(dir);
    const boxes = record.imageBoxes.filter((b) => b.image);
    expect(boxes).toHaveLength(3);
    expect(record.imageBoxes[3]?.image).toBeNull();
    for (const b of boxes) {
      const img = b.image as NonNullable<typeof b.image>;
      expect(img.bitsStored).toBe(12);
      const source = hg.get(`${img.columns}x${img.rows}`);
      expect(source, `DCMTK image ${img.columns}x${img.rows}`).toBeDefined();
      const got = await pngValues(join(folder, img.file), true);
      expect(got.values).toEqual(source?.values);
    }
    // Film picture: true matrix, border WHITE around, empty box BLACK, box 1 centre = its image centre (IDENTITY).
    const film = await pngValues(join(folder, 'film.png'), false);
    expect([film.width, film.height]).toEqual([record.filmBox.layout.width, record.filmBox.layout.height]);
    expect(film.values[2 * film.width + 2]).toBe(255);
    const r4 = record.imageBoxes[3]?.rect ?? { x: 0, y: 0, width: 0, height: 0 };
    expect(film.values[(r4.y + (r4.height >> 1)) * film.width + r4.x + (r4.width >> 1)]).toBe(0);
    const b1 = boxes[0] as (typeof boxes)[number];
    const i1 = b1.image as NonNullable<typeof b1.image>;
    const src = hg.get(`${i1.columns}x${i1.rows}`)?.values ?? [];
    const cx = i1.columns >> 1;
    const cy = i1.rows >> 1;
    const neighbourhood = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => Math.round(((src[(cy + dy) * i1.columns + cx + dx] as number) / 4095) * 255)));
    const centre = film.values[(b1.rect.y + (b1.rect.height >> 1)) * film.width + b1.rect.x + (b1.rect.width >> 1)] as number;
    expect(centre).toBeGreaterThanOrEqual(Math.min(...neighbourhood) - 1);
    expect(centre).toBeLessThanOrEqual(Math.max(...neighbourhood) + 1);
    await expect.poll(() => sessions.length).toBeGreaterThan(0);
    const pdf = sessions[sessions.length - 1]?.pdf ?? '';
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('8-bit images (printer without 12-bit support in the SCU config), STANDARD\\1,2', async () => {
    await printWithDcmtk(dir, cfg, 'VIRT8', ['--layout', '1', '2'], [MR, CR]);
    const { folder, record } = latestFilm(printed);
    const boxes = record.imageBoxes.filter((b) => b.image);
    expect(boxes.map((b) => b.image?.bitsStored)).toEqual([8, 8]);
    const got = await pngValues(join(folder, boxes[0]?.image?.file ?? ''), false);
    expect(got.values.length).toBe((boxes[0]?.image?.rows ?? 0) * (boxes[0]?.image?.columns ?? 0));
    expect(Math.max(...got.values)).toBeGreaterThan(100);
  });

  it('with --plut: DCMTK renders the LUT into the images and sends an IDENTITY Presentation LUT, which the film references', async () => {
    await printWithDcmtk(dir, cfg, 'VIRT12', ['--layout', '1', '1', '--plut', 'LUT1'], [MR]);
    const { folder, record } = latestFilm(printed);
    // What DCMTK keeps in the Stored Print after rendering: an identity ramp.
    const sp = readdirSync(join(dir, 'database')).find((f) => f.startsWith('SP_')) ?? '';
    const lutItem = (await readDicomFile(join(dir, 'database', sp))).sequence(0x21300080)[0]?.sequence('PresentationLUTSequence')[0];
    expect(lutItem?.numbers('LUTDescriptor')[0]).toBe(4096);
    expect(record.presentationLut?.shape).toBe('IDENTITY');
    const img = record.imageBoxes[0]?.image;
    const hg = await hardcopies(dir);
    const source = hg.get(`${img?.columns ?? 0}x${img?.rows ?? 0}`)?.values ?? [];
    const stored = await pngValues(join(folder, img?.file ?? ''), true);
    expect(stored.values).toEqual(source);
    const film = await pngValues(join(folder, 'film.png'), false);
    const w = img?.columns ?? 0;
    const s = source[((img?.rows ?? 0) >> 1) * w + (w >> 1)] as number;
    const r = record.imageBoxes[0]?.rect ?? { x: 0, y: 0, width: 0, height: 0 };
    const centre = film.values[(r.y + (r.height >> 1)) * film.width + r.x + (r.width >> 1)] as number;
    expect(Math.abs(centre - Math.round((s / 4095) * 255))).toBeLessThanOrEqual(40);
  });

  it('a layout the profile lacks (STANDARD\\2,1) is refused: dcmprscu fails, nothing is printed', async () => {
    const before = printed.length;
    await expect(printWithDcmtk(dir, cfg, 'ANYFORMAT', ['--layout', '2', '1'], [MR, CT])).rejects.toThrow(/film box|dcmprscu failed/i);
    expect(printed.length).toBe(before);
    const out = join(dir, 'out');
    const partial = existsSync(out) ? readdirSync(out, { recursive: true }).map(String).filter((f) => f.includes('.partial')) : [];
    expect(partial).toEqual([]);
  });
});

describe('DCMTK prints to the virtual imager as an AGFA Drystar (annotation, LUT in film session)', () => {
  let dir: string;
  let cfg: string;
  let scp: PrintScp;
  const printed: FilmPrintedEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fs-print-agfa-'));
    scp = new PrintScp({ profile: await loadPrinterProfile('AGFA'), outputFolder: join(dir, 'out'), onFilmPrinted: (e) => printed.push(e) });
    const port = await scp.listen(0, '127.0.0.1');
    cfg = writeConfig(dir, port, {
      AGFA: {
        Aetitle: 'AGFA_DI3000', DisplayFormat: '1,1\\2,1\\1,2\\2,2', FilmSizeID: '8INX10IN\\14INX17IN', MagnificationType: 'REPLICATE\\BILINEAR\\CUBIC',
        BorderDensity: 'BLACK\\WHITE\\150', EmptyImageDensity: 'BLACK\\WHITE\\150', MaxDensity: '320', MinDensity: '20',
        SupportsPresentationLUT: 'true', PresentationLUTinFilmSession: 'true', PresentationLUTMatchRequired: 'true',
        Supports12Bit: 'true', Annotation: '2\\ANNOTATION', SupportsImageSize: 'true', SupportsTrim: 'true',
      },
    });
    await writeLut(dir);
  });

  afterAll(async () => {
    await scp.close({ graceful: true, timeoutMs: 5_000 });
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints STANDARD\\2,1 with the annotation text (cut to the Drystar\'s 32 characters)', async () => {
    await printWithDcmtk(dir, cfg, 'AGFA', ['--layout', '2', '1', '-a', 'FILMSTATION ANNOTATION TEST TEXT WITH MORE THAN 32 CHARS', '-pd', '-pn', '-pl'], [MR, CT]);
    const { folder, record } = latestFilm(printed);
    expect(record.filmBox.attributes.ImageDisplayFormat).toBe('STANDARD\\2,1');
    expect(record.filmBox.attributes.AnnotationDisplayFormatID).toBe('ANNOTATION');
    expect(record.annotations.length).toBe(1);
    expect(record.annotations[0]?.text).toBe('FILMSTATION ANNOTATION TEST TEXT WITH MORE THAN 32 CHARS'.slice(0, 32));
    // PresentationLUTinFilmSession: the LUT reference arrived on the Film Session.
    expect(record.filmSession.referencedPresentationLut).not.toBeNull();
    expect(record.exchange.some((e) => e.sopClass.startsWith('Basic Annotation Box') && e.status === 0)).toBe(true);
    // The text is burned into the bottom margin: some bright pixels there on the (BLACK default) border.
    const film = await pngValues(join(folder, 'film.png'), false);
    const band = film.values.slice((film.height - 20) * film.width, film.height * film.width);
    expect(band.filter((v) => v > 200).length).toBeGreaterThan(20);
  });
});

describe('DCMTK prints to an implicit-only, 16 KB PDU virtual imager (IHERESTRICTED)', () => {
  it('negotiates Max PDU 16384 and prints STANDARD\\1,1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-print-restricted-'));
    const printed: FilmPrintedEvent[] = [];
    const scp = new PrintScp({ profile: await loadPrinterProfile('IHERESTRICTED'), outputFolder: join(dir, 'out'), onFilmPrinted: (e) => printed.push(e) });
    try {
      const port = await scp.listen(0, '127.0.0.1');
      const cfg = writeConfig(dir, port, {
        RESTRICTED: { Aetitle: 'IHERESTRICTED', DisplayFormat: '1,1', FilmSizeID: '8INX10IN', MagnificationType: 'REPLICATE', MaxDensity: '320', Supports12Bit: 'true', SupportsPresentationLUT: 'true', PresentationLUTMatchRequired: 'true' },
      });
      const log = await printWithDcmtk(dir, cfg, 'RESTRICTED', ['--layout', '1', '1'], [MR]);
      expect(log).toMatch(/Max Send PDV: 16372/);
      expect(printed).toHaveLength(1);
      const record = JSON.parse(readFileSync(join(printed[0]?.folder ?? '', 'record.json'), 'utf8')) as FilmRecord;
      expect(record.imageBoxes[0]?.image?.bitsStored).toBe(12);
    } finally {
      await scp.close({ graceful: true, timeoutMs: 5_000 });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
