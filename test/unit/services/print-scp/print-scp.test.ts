/**
 * The virtual imager against our own association API on loopback: the normal path
 * (statuses, returned attributes, files written) and hostile input (malformed image box
 * N-SETs, UIDs never created, a second film session, missing references), each checked
 * for the right status, a living server and no output left behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { associate } from '../../../../core/network/associate.js';
import type { Association, DimseResponse } from '../../../../core/network/association.js';
import { CommandField } from '../../../../core/network/dimse/command-set.js';
import { nActionRq, nCreateRq, nDeleteRq, nGetRq, nSetRq, nEventReportRsp } from '../../../../core/network/dimse/messages.js';
import { parseDicomDataset } from '../../../../core/dicom/read-dicom-file.js';
import type { DicomDataset } from '../../../../core/dicom/dataset.js';
import { SopClass, TransferSyntax, WellKnownInstance } from '../../../../core/dicom/uids.js';
import { loadPrinterProfile, type PrinterProfile } from '../../../../core/film/printer-profile.js';
import { PrintScp } from '../../../../core/services/print-scp/print-scp.js';
import { encodeDimseDataset, type DatasetField } from '../../../../core/dicom/dataset-fields.js';
import { PrintTag } from '../../../../core/services/print-tags.js';

const META = SopClass.BasicGrayscalePrintManagementMeta;
const EXPLICIT: string = TransferSyntax.ExplicitVRLittleEndian;
const IMPLICIT: string = TransferSyntax.ImplicitVRLittleEndian;

let dir: string;
let scp: PrintScp;
let port: number;
let assoc: Association | undefined;
const events: { type: number; uid: string }[] = [];

async function start(profileName: string): Promise<PrinterProfile> {
  const profile = await loadPrinterProfile(profileName);
  scp = new PrintScp({ profile, aeTitle: 'VIRTUAL', outputFolder: join(dir, 'out') });
  port = await scp.listen(0, '127.0.0.1');
  return profile;
}

async function connect(opts: { printJob?: boolean; ts?: string } = {}): Promise<Association> {
  const ts = [opts.ts ?? EXPLICIT];
  assoc = await associate({
    host: '127.0.0.1', port, callingAeTitle: 'TESTSCU', calledAeTitle: 'VIRTUAL',
    proposals: [
      { abstractSyntax: META, transferSyntaxes: ts },
      { abstractSyntax: SopClass.PresentationLUT, transferSyntaxes: ts },
      { abstractSyntax: SopClass.BasicAnnotationBox, transferSyntaxes: ts },
      ...(opts.printJob ? [{ abstractSyntax: SopClass.PrintJob, transferSyntaxes: ts }] : []),
    ],
    handlers: {
      onRequest: (req) => {
        if (req.command.commandField !== CommandField.N_EVENT_REPORT_RQ) return undefined;
        events.push({ type: req.command.eventTypeId ?? -1, uid: req.command.affectedSopInstanceUid ?? '' });
        return nEventReportRsp(req.command, 0);
      },
    },
  });
  return assoc;
}

const ds = (fields: DatasetField[], ts = EXPLICIT): Uint8Array => encodeDimseDataset(fields, ts);
const parse = (r: DimseResponse): DicomDataset => parseDicomDataset(r.dataset ?? new Uint8Array(0), EXPLICIT);
const ref = (cls: string, uid: string): DatasetField[] => [{ tag: PrintTag.ReferencedSOPClassUID, value: cls }, { tag: PrintTag.ReferencedSOPInstanceUID, value: uid }];

async function createSession(a: Association, fields: DatasetField[] = []): Promise<DimseResponse> {
  return a.request(nCreateRq({ messageId: 0, affectedSopClassUid: SopClass.BasicFilmSession, dataset: ds([{ tag: PrintTag.NumberOfCopies, value: 1 }, ...fields]) }), { abstractSyntax: META });
}

async function createFilmBox(a: Association, sessionUid: string | undefined, fields: DatasetField[] = [{ tag: PrintTag.ImageDisplayFormat, value: 'STANDARD\\2,2' }]): Promise<DimseResponse> {
  const all = [...fields];
  if (sessionUid) all.push({ tag: PrintTag.ReferencedFilmSessionSequence, items: [ref(SopClass.BasicFilmSession, sessionUid)] });
  return a.request(nCreateRq({ messageId: 0, affectedSopClassUid: SopClass.BasicFilmBox, dataset: ds(all) }), { abstractSyntax: META });
}

function imageItem(o: { rows: number; columns: number; bits: 8 | 12; pixels?: Uint8Array; stored?: number; high?: number; pi?: string }): DatasetField[] {
  const bytes = o.bits === 8 ? 1 : 2;
  const pixels = o.pixels ?? new Uint8Array(o.rows * o.columns * bytes);
  return [
    { tag: PrintTag.SamplesPerPixel, value: 1 }, { tag: PrintTag.PhotometricInterpretation, value: o.pi ?? 'MONOCHROME2' },
    { tag: PrintTag.Rows, value: o.rows }, { tag: PrintTag.Columns, value: o.columns },
    { tag: PrintTag.BitsAllocated, value: o.bits === 8 ? 8 : 16 }, { tag: PrintTag.BitsStored, value: o.stored ?? o.bits },
    { tag: PrintTag.HighBit, value: o.high ?? o.bits - 1 }, { tag: PrintTag.PixelRepresentation, value: 0 },
    { tag: PrintTag.PixelData, vr: o.bits === 8 ? 'OB' : 'OW', value: pixels },
  ];
}

async function setImage(a: Association, uid: string, position: number, item: DatasetField[], extra: DatasetField[] = []): Promise<DimseResponse> {
  return a.request(nSetRq({
    messageId: 0, requestedSopClassUid: SopClass.BasicGrayscaleImageBox, requestedSopInstanceUid: uid,
    dataset: ds([{ tag: PrintTag.ImageBoxPosition, value: position }, { tag: PrintTag.BasicGrayscaleImageSequence, items: [item] }, ...extra]),
  }), { abstractSyntax: META });
}

function imageBoxUids(rsp: DimseResponse): string[] {
  return parse(rsp).sequence(PrintTag.ReferencedImageBoxSequence).map((i) => i.string(PrintTag.ReferencedSOPInstanceUID) ?? '');
}

/** Every file under the output folder (relative paths). */
function outputFiles(): string[] {
  const root = join(dir, 'out');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  walk(root, '');
  return out.sort();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fs-print-scp-'));
  events.length = 0;
});

afterEach(async () => {
  if (assoc && assoc.state === 'established') await assoc.release().catch(() => undefined);
  assoc = undefined;
  await scp.close({ graceful: true, timeoutMs: 2_000 });
  rmSync(dir, { recursive: true, force: true });
});

describe('virtual imager, normal path (IHEFULL)', () => {
  it('answers Printer N-GET with NORMAL status', async () => {
    await start('IHEFULL');
    const a = await connect();
    const rsp = await a.request(nGetRq({ messageId: 0, requestedSopClassUid: SopClass.Printer, requestedSopInstanceUid: WellKnownInstance.PrinterInstance }), { abstractSyntax: META });
    expect(rsp.status.code).toBe(0);
    expect(parse(rsp).string(PrintTag.PrinterStatus)).toBe('NORMAL');
    expect(parse(rsp).string(PrintTag.PrinterStatusInfo)).toBe('NORMAL');
    const wrong = await a.request(nGetRq({ messageId: 0, requestedSopClassUid: SopClass.Printer, requestedSopInstanceUid: '1.2.3' }), { abstractSyntax: META });
    expect(wrong.status.code).toBe(0x0112);
  });

  it('prints a 2x2 film with 8- and 12-bit boxes, writes PNGs, record and PDF, sends Print Job events', async () => {
    await start('IHEFULL');
    const a = await connect({ printJob: true });
    const session = await createSession(a, [{ tag: PrintTag.FilmSessionLabel, value: 'TEST' }]);
    expect(session.status.code).toBe(0);
    const sessionUid = session.command.affectedSopInstanceUid ?? '';
    const box = await createFilmBox(a, sessionUid, [
      { tag: PrintTag.ImageDisplayFormat, value: 'STANDARD\\2,2' }, { tag: PrintTag.FilmSizeID, value: '8INX10IN' },
      { tag: PrintTag.BorderDensity, value: 'WHITE' }, { tag: PrintTag.EmptyImageDensity, value: 'BLACK' },
    ]);
    expect(box.status.code).toBe(0);
    const boxUid = box.command.affectedSopInstanceUid ?? '';
    const uids = imageBoxUids(box);
    expect(uids).toEqual([1, 2, 3, 4].map((n) => `${boxUid}.${n}`));
    expect(boxUid.length).toBeLessThanOrEqual(62);
    // 8-bit box 1: constant 200; 12-bit box 2: constant 1024 (-> 64 in 8 bits).
    expect((await setImage(a, uids[0] ?? '', 1, imageItem({ rows: 10, columns: 10, bits: 8, pixels: new Uint8Array(100).fill(200) }))).status.code).toBe(0);
    const twelve = new Uint8Array(200);
    const dv = new DataView(twelve.buffer);
    for (let i = 0; i < 100; i++) dv.setUint16(i * 2, 1024, true);
    expect((await setImage(a, uids[1] ?? '', 2, imageItem({ rows: 10, columns: 10, bits: 12, pixels: twelve }))).status.code).toBe(0);
    const print = await a.request(nActionRq({ messageId: 0, requestedSopClassUid: SopClass.BasicFilmBox, requestedSopInstanceUid: boxUid, actionTypeId: 1 }), { abstractSyntax: META });
    expect(print.status.code).toBe(0);
    const jobUid = parse(print).sequence(PrintTag.ReferencedPrintJobSequence)[0]?.string(PrintTag.ReferencedSOPInstanceUID) ?? '';
    expect(jobUid).not.toBe('');
    await expect.poll(() => events.map((e) => e.type), { timeout: 5_000 }).toEqual([2, 3]);
    expect(events.every((e) => e.uid === jobUid)).toBe(true);
    const job = await a.request(nGetRq({ messageId: 0, requestedSopClassUid: SopClass.PrintJob, requestedSopInstanceUid: jobUid }), { abstractSyntax: SopClass.PrintJob });
    expect(parse(job).string(PrintTag.ExecutionStatus)).toBe('DONE');
    expect((await a.request(nDeleteRq({ messageId: 0, requestedSopClassUid: SopClass.BasicFilmBox, requestedSopInstanceUid: boxUid }), { abstractSyntax: META })).status.code).toBe(0);
    expect((await a.request(nDeleteRq({ messageId: 0, requestedSopClassUid: SopClass.BasicFilmSession, requestedSopInstanceUid: sessionUid }), { abstractSyntax: META })).status.code).toBe(0);

    const files = outputFiles();
    expect(files.filter((f) => !f.includes('.partial'))).toEqual(files);
    const film = files.find((f) => f.endsWith('film-001/film.png')) ?? '';
    expect(film).not.toBe('');
    const folder = join(dir, 'out', film.replace('/film-001/film.png', ''));
    expect(files.some((f) => f.endsWith('session.pdf'))).toBe(true);
    expect(readFileSync(join(folder, 'session.pdf')).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const record = JSON.parse(readFileSync(join(folder, 'film-001', 'record.json'), 'utf8')) as {
      filmBox: { attributes: Record<string, unknown>; layout: { width: number; height: number } };
      imageBoxes: { position: number; rect: { x: number; y: number; width: number; height: number }; image: { bitsStored: number } | null }[];
      exchange: { request: string; status: number }[];
    };
    expect(record.filmBox.attributes.ImageDisplayFormat).toBe('STANDARD\\2,2');
    expect(record.imageBoxes.map((b) => b.image?.bitsStored ?? null)).toEqual([8, 12, null, null]);
    expect(record.exchange.some((e) => e.request === 'N-SET' && e.status === 0)).toBe(true);
    // 8 x 10 in at the 320 dpi fallback pitch.
    const { data, info } = await sharp(join(folder, 'film-001', 'film.png')).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([record.filmBox.layout.width, record.filmBox.layout.height]);
    const at = (x: number, y: number): number => data[y * info.width + x] as number;
    const centre = (i: number): [number, number] => {
      const r = record.imageBoxes[i]?.rect ?? { x: 0, y: 0, width: 0, height: 0 };
      return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];
    };
    expect(at(...centre(0))).toBe(200);
    expect(at(...centre(1))).toBe(64);
    expect(at(...centre(2))).toBe(0); // empty image density BLACK
    expect(at(2, 2)).toBe(255); // border WHITE
    const box2 = await sharp(join(folder, 'film-001', 'box-02.png')).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    expect(box2.info.width).toBe(10);
    expect(new Uint16Array(box2.data.buffer, box2.data.byteOffset, 1)[0]).toBe(1024);
  });

  it('clamps Max Density with B605 and answers B603 for an empty film (still printed)', async () => {
    await start('IHEFULL');
    const a = await connect();
    const sessionUid = (await createSession(a)).command.affectedSopInstanceUid ?? '';
    const box = await createFilmBox(a, sessionUid, [{ tag: PrintTag.ImageDisplayFormat, value: 'STANDARD\\1,1' }, { tag: PrintTag.MaxDensity, value: 400 }]);
    expect(box.status.code).toBe(0xb605);
    expect(parse(box).number(PrintTag.MaxDensity)).toBe(320);
    const print = await a.request(nActionRq({ messageId: 0, requestedSopClassUid: SopClass.BasicFilmBox, requestedSopInstanceUid: box.command.affectedSopInstanceUid ?? '', actionTypeId: 1 }), { abstractSyntax: META });
    expect(print.status.code).toBe(0xb603);
    await expect.poll(() => outputFiles().some((f) => f.endsWith('film-001/film.png'))).toBe(true);
  });
});

describe('virtual imager, hostile input', () => {
  it('refuses malformed image box N-SETs with 0x0106, unknown UIDs with 0x0112, and writes nothing', async () => {
    await start('IHEFULL');
    const a = await connect();
    const sessionUid = (await createSession(a)).command.affectedSopInstanceUid ?? '';
    const box = await createFilmBox(a, sessionUid);
    const uids = imageBoxUids(box);
    const uid = uids[0] ?? '';
    // Pixel Data one row short.
    const short = await setImage(a, uid, 1, imageItem({ rows: 10, columns: 10, bits: 8, pixels: new Uint8Array(90) }));
    expect(short.status.code).toBe(0x0106);
    expect(short.command.offendingElement).toEqual([PrintTag.PixelData]);
    // 16 bits stored: not 8/8/7 nor 16/12/11.
    expect((await setImage(a, uid, 1, imageItem({ rows: 4, columns: 4, bits: 12, stored: 16, high: 15 }))).status.code).toBe(0x0106);
    // 8 bits allocated with 12 stored.
    expect((await setImage(a, uid, 1, imageItem({ rows: 4, columns: 4, bits: 8, stored: 12, high: 11 }))).status.code).toBe(0x0106);
    // Colour.
    expect((await setImage(a, uid, 1, imageItem({ rows: 4, columns: 4, bits: 8, pi: 'RGB' }))).status.code).toBe(0x0106);
    // Wrong position for this box.
    expect((await setImage(a, uid, 3, imageItem({ rows: 4, columns: 4, bits: 8 }))).status.code).toBe(0x0106);
    // Two items in the image sequence.
    const two = await a.request(nSetRq({
      messageId: 0, requestedSopClassUid: SopClass.BasicGrayscaleImageBox, requestedSopInstanceUid: uid,
      dataset: ds([{ tag: PrintTag.ImageBoxPosition, value: 1 }, { tag: PrintTag.BasicGrayscaleImageSequence, items: [imageItem({ rows: 2, columns: 2, bits: 8 }), imageItem({ rows: 2, columns: 2, bits: 8 })] }]),
    }), { abstractSyntax: META });
    expect(two.status.code).toBe(0x0106);
    // Image box UIDs never created.
    expect((await setImage(a, `${uid}9`, 1, imageItem({ rows: 4, columns: 4, bits: 8 }))).status.code).toBe(0x0112);
    expect((await setImage(a, '1.2.3.4', 1, imageItem({ rows: 4, columns: 4, bits: 8 }))).status.code).toBe(0x0112);
    // Garbage bytes as the data set.
    const garbage = await a.request(nSetRq({ messageId: 0, requestedSopClassUid: SopClass.BasicGrayscaleImageBox, requestedSopInstanceUid: uid, dataset: new Uint8Array([0x20, 0x20, 0x10, 0x00, 0xff, 0xff, 0xff, 0x7f, 1]) }), { abstractSyntax: META });
    expect(isFailureCode(garbage.status.code)).toBe(true);
    // Image larger than its box with FAIL behaviour.
    const big = await setImage(a, uid, 1, imageItem({ rows: 2000, columns: 2000, bits: 8 }), [{ tag: PrintTag.RequestedDecimateCropBehavior, value: 'FAIL' }]);
    expect(big.status.code).toBe(0xc603);
    const demag = await setImage(a, uid, 1, imageItem({ rows: 2000, columns: 2000, bits: 8 }));
    expect(demag.status.code).toBe(0xb604);
    // The server is still alive and answering; nothing was written.
    const ok = await setImage(a, uids[1] ?? '', 2, imageItem({ rows: 4, columns: 4, bits: 8 }));
    expect(ok.status.code).toBe(0);
    expect(outputFiles()).toEqual([]);
  });

  it('a second Film Session on one association is 0x0111; film box without session reference 0x0120', async () => {
    await start('IHEFULL');
    const a = await connect();
    const first = await createSession(a);
    expect(first.status.code).toBe(0);
    const second = await createSession(a);
    expect(second.status.code).toBe(0x0111);
    const noRef = await createFilmBox(a, undefined);
    expect(noRef.status.code).toBe(0x0120);
    const wrongRef = await createFilmBox(a, '1.2.3.4.5');
    expect(wrongRef.status.code).toBe(0x0112);
  });

  it('refuses what the profile lacks: format, film size (0x0106), optional attributes (0x0105)', async () => {
    await start('GENERIC');
    const a = await connect();
    const sessionUid = (await createSession(a)).command.affectedSopInstanceUid ?? '';
    expect((await createFilmBox(a, sessionUid, [{ tag: PrintTag.ImageDisplayFormat, value: 'STANDARD\\7,7' }])).status.code).toBe(0x0106);
    expect((await createFilmBox(a, sessionUid, [{ tag: PrintTag.ImageDisplayFormat, value: 'STANDARD\\1,1' }, { tag: PrintTag.FilmSizeID, value: '14INX36IN' }])).status.code).toBe(0x0106);
    const smoothing = await createFilmBox(a, sessionUid, [{ tag: PrintTag.ImageDisplayFormat, value: 'STANDARD\\1,1' }, { tag: PrintTag.SmoothingType, value: 'MEDIUM' }]);
    expect(smoothing.status.code).toBe(0x0105);
    expect(smoothing.command.offendingElement).toEqual([PrintTag.SmoothingType]);
    expect((await createFilmBox(a, sessionUid, [{ tag: PrintTag.ImageDisplayFormat, value: 'STANDARD\\1,1' }, { tag: PrintTag.Trim, value: 'YES' }])).status.code).toBe(0x0105);
    // GENERIC is 8-bit only.
    const box = await createFilmBox(a, sessionUid, [{ tag: PrintTag.ImageDisplayFormat, value: 'STANDARD\\1,1' }]);
    expect(box.status.code).toBe(0);
    expect((await setImage(a, imageBoxUids(box)[0] ?? '', 1, imageItem({ rows: 4, columns: 4, bits: 12 }))).status.code).toBe(0x0106);
    // No Presentation LUT context on a printer without Presentation LUT support.
    expect(a.negotiated?.contexts.find((c) => c.abstractSyntax === SopClass.PresentationLUT)?.accepted).toBe(false);
  });

  it('an implicit-only, small-PDU profile negotiates as such', async () => {
    await start('IHERESTRICTED');
    const a = await connect({ ts: EXPLICIT });
    expect(a.negotiated?.contexts.find((c) => c.abstractSyntax === META)?.accepted).toBe(false);
    await a.release();
    const b = await connect({ ts: IMPLICIT });
    expect(b.negotiated?.contexts.find((c) => c.abstractSyntax === META)?.transferSyntax).toBe(IMPLICIT);
    expect(b.negotiated?.peerMaxPduLength).toBe(16384);
    const session = await b.request(nCreateRq({ messageId: 0, affectedSopClassUid: SopClass.BasicFilmSession, dataset: ds([{ tag: PrintTag.NumberOfCopies, value: 1 }], IMPLICIT) }), { abstractSyntax: META });
    expect(session.status.code).toBe(0);
    // OmitSOPClassUIDFromCreateResponse.
    expect(session.command.affectedSopClassUid).toBeUndefined();
  });

  it('an association aborted mid-film leaves no output and the server keeps serving', async () => {
    await start('IHEFULL');
    const a = await connect();
    const sessionUid = (await createSession(a)).command.affectedSopInstanceUid ?? '';
    const box = await createFilmBox(a, sessionUid);
    await setImage(a, imageBoxUids(box)[0] ?? '', 1, imageItem({ rows: 4, columns: 4, bits: 8 }));
    a.abort();
    await a.closed.catch(() => undefined);
    const b = await connect();
    expect((await createSession(b)).status.code).toBe(0);
    expect(outputFiles()).toEqual([]);
  });
});

function isFailureCode(code: number): boolean {
  return code !== 0 && (code & 0xf000) !== 0xb000;
}
