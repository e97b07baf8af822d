/**
 * Storage against peers nobody here wrote: DCMTK storescu/storescp and Orthanc. Every
 * test compares the stored data set bytes with the bytes that were sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../core/archive/archive.js';
import { StorageScp } from '../../core/services/storage-scp.js';
import { sendFiles } from '../../core/services/storage-scu.js';
import { parseDicomFile } from '../../core/dicom/read-dicom-file.js';
import { TransferSyntax } from '../../core/dicom/uids.js';
import { run, startOrthanc, startStorescp, type RunningPeer } from '../support/peers.js';
import { datasetBytesOf, fixture, variant, withoutTrailingPadding } from '../unit/archive/dicom-variants.js';

let dir: string;
let archive: Archive;
let scp: StorageScp;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fs-storage-interop-'));
  mkdirSync(join(dir, 'in'));
  archive = Archive.open(join(dir, 'archive'));
  scp = new StorageScp({ aeTitle: 'FSARCHIVE', archive });
  port = await scp.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await scp.close({ graceful: false });
  await archive.close();
  rmSync(dir, { recursive: true, force: true });
});

function input(name: string, bytes: Uint8Array): string {
  const p = join(dir, 'in', name);
  writeFileSync(p, bytes);
  return p;
}

function storedFile(sopInstanceUid: string): Uint8Array {
  const row = archive.listInstances().find((r) => r.sopInstanceUid === sopInstanceUid);
  if (!row) throw new Error(`${sopInstanceUid} is not in the archive`);
  return new Uint8Array(readFileSync(archive.absolutePath(row.path)));
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

/** What a DCMTK-based sender puts on the wire for an unchanged file: its data set, minus trailing padding. */
function sentByDcmtk(fileBytes: Uint8Array): Uint8Array {
  return withoutTrailingPadding(datasetBytesOf(fileBytes), parseDicomFile(fileBytes).part10.transferSyntaxUid);
}

/** DCMTK storescp in bit-preserving mode (+B) as the oracle of what storescu sent. */
async function oracle(file: string, option: string): Promise<Uint8Array> {
  const scp = await startStorescp({ aeTitle: 'ORACLE', extraArgs: ['+B', '+xa'] });
  try {
    const r = await run('storescu', ['-aec', 'ORACLE', option, '-R', '127.0.0.1', String(scp.port), file]);
    if (r.code !== 0) throw new Error(r.stdout + r.stderr);
    const name = readdirSync(scp.dir).find((n) => !n.endsWith('.json')) ?? '';
    return datasetBytesOf(new Uint8Array(readFileSync(join(scp.dir, name))));
  } finally {
    await scp.stop();
  }
}

describe('DCMTK storescu into our Storage SCP', () => {
  const cases: Array<[string, string, string, string]> = [
    ['implicit VR LE (-xi)', 'ts/CT1_UNC.implicit_little_endian.dcm', '-xi', TransferSyntax.ImplicitVRLittleEndian],
    ['explicit VR LE (-xe)', 'modality/MR_small.dcm', '-xe', TransferSyntax.ExplicitVRLittleEndian],
    ['JPEG lossless SV1 (-xs)', 'ts/JPEG-LL.dcm', '-xs', TransferSyntax.JPEGLosslessSV1],
    ['JPEG baseline (-xy)', 'ts/SC_rgb_jpeg_dcmtk.dcm', '-xy', TransferSyntax.JPEGBaseline8Bit],
    ['JPEG extended (-xx)', 'ts/JPGExtended.dcm', '-xx', TransferSyntax.JPEGExtended12Bit],
    ['JPEG 2000 lossless (-xv)', 'ts/MR_small_jp2klossless.dcm', '-xv', TransferSyntax.JPEG2000Lossless],
    ['JPEG-LS lossless (-xt)', 'ts/MR_small_jpeg_ls_lossless.dcm', '-xt', TransferSyntax.JPEGLSLossless],
    ['RLE lossless (-xr)', 'ts/MR_small_RLE.dcm', '-xr', TransferSyntax.RLELossless],
    ['deflated (-xd)', 'ts/image_dfl.dcm', '-xd', TransferSyntax.DeflatedExplicitVRLittleEndian],
  ];
  it.each(cases)('%s: stored byte-identical in the syntax it was sent in', async (_name, rel, option, ts) => {
    const { bytes } = variant(fixture(rel));
    // (A deflated data set keeps its old UIDs: they are inside the compressed stream.)
    const sopInstanceUid = parseDicomFile(bytes).string('SOPInstanceUID') ?? '';
    const file = input(`${option}.dcm`, bytes);
    const r = await run('storescu', ['-v', '-aet', 'DCMTKSCU', '-aec', 'FSARCHIVE', option, '-R', '127.0.0.1', String(port), file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Received Store Response \(Success\)/);
    const stored = storedFile(sopInstanceUid);
    const meta = parseDicomFile(stored).meta;
    expect(meta.string('TransferSyntaxUID')).toBe(ts);
    expect(meta.string('SourceApplicationEntityTitle')).toBe('DCMTKSCU');
    expect(same(datasetBytesOf(stored), await oracle(file, option))).toBe(true);
    // Uncompressed: storescu sends the file's data set as is (minus trailing padding).
    if (!parseDicomFile(bytes).get('PixelData')?.fragments && ts !== TransferSyntax.DeflatedExplicitVRLittleEndian) {
      expect(same(datasetBytesOf(stored), sentByDcmtk(bytes))).toBe(true);
    }
  });

  it('storescu converting explicit to implicit (-xi on an explicit file): stored as received, Implicit VR LE', async () => {
    const { bytes, uids } = variant(fixture('modality/CT_small.dcm'));
    const file = input('ct_small.dcm', bytes);
    const r = await run('storescu', ['-aet', 'DCMTKSCU', '-aec', 'FSARCHIVE', '-xi', '-R', '127.0.0.1', String(port), file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const stored = storedFile(uids.sopInstanceUid);
    expect(parseDicomFile(stored).meta.string('TransferSyntaxUID')).toBe(TransferSyntax.ImplicitVRLittleEndian);
    expect(same(datasetBytesOf(stored), await oracle(file, '-xi'))).toBe(true);
  });

  it('a whole folder in one association (storescu +sd)', async () => {
    const folder = join(dir, 'series');
    mkdirSync(folder);
    const original = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const made = Array.from({ length: 10 }, () => variant(original));
    made.forEach((m, i) => writeFileSync(join(folder, `im${i}.dcm`), m.bytes));
    const r = await run('storescu', ['-aet', 'DCMTKSCU', '-aec', 'FSARCHIVE', '+sd', '-xi', '-R', '127.0.0.1', String(port), folder], 60_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const m of made) expect(same(datasetBytesOf(storedFile(m.uids.sopInstanceUid)), sentByDcmtk(m.bytes))).toBe(true);
  });
});

describe('Orthanc C-STORE into our Storage SCP (REST /modalities/{id}/store)', () => {
  let orthanc: RunningPeer & { httpPort: number };
  let oracleScp: RunningPeer;
  beforeAll(async () => {
    // storescp +B receives the same C-STORE from Orthanc: what Orthanc put on the wire.
    oracleScp = await startStorescp({ aeTitle: 'ORACLE', extraArgs: ['+B', '+xa'] });
    orthanc = await startOrthanc({ aeTitle: 'ORTHANC', modalities: {
      filmstation: ['FSARCHIVE', '127.0.0.1', port], oracle: ['ORACLE', '127.0.0.1', oracleScp.port] } });
  });
  afterAll(async () => { await orthanc.stop(); await oracleScp.stop(); });

  it.each([['ts/CT1_UNC.implicit_little_endian.dcm'], ['ts/MR_small_jp2klossless.dcm'], ['charset/chrH31.dcm']])('%s arrives byte-identical to what Orthanc holds', async (rel) => {
    const { bytes, uids } = variant(fixture(rel));
    const base = `http://127.0.0.1:${orthanc.httpPort}`;
    const up = await fetch(`${base}/instances`, { method: 'POST', body: new Blob([new Uint8Array(bytes)]) });
    expect(up.status).toBe(200);
    const { ID } = await up.json() as { ID: string };
    const st = await fetch(`${base}/modalities/filmstation/store`, { method: 'POST', body: JSON.stringify({ Resources: [ID], Synchronous: true }) });
    expect(st.status, await st.clone().text()).toBe(200);
    const o = await fetch(`${base}/modalities/oracle/store`, { method: 'POST', body: JSON.stringify({ Resources: [ID], Synchronous: true }) });
    expect(o.status).toBe(200);
    const oracleName = readdirSync(oracleScp.dir).find((n) => n.endsWith(uids.sopInstanceUid)) ?? '';
    const onWire = datasetBytesOf(new Uint8Array(readFileSync(join(oracleScp.dir, oracleName))));
    const stored = storedFile(uids.sopInstanceUid);
    expect(parseDicomFile(stored).meta.string('SourceApplicationEntityTitle')).toBe('ORTHANC');
    expect(same(datasetBytesOf(stored), onWire)).toBe(true);
    if (!parseDicomFile(bytes).get('PixelData')?.fragments) expect(same(datasetBytesOf(stored), sentByDcmtk(bytes))).toBe(true);
  });
});

describe('our Storage SCU into DCMTK storescp', () => {
  let storescp: RunningPeer;
  beforeAll(async () => { // +B: storescp writes the data set exactly as received, so the file shows what we sent.
    storescp = await startStorescp({ aeTitle: 'DCMTKSCP', extraArgs: ['+xa', '+B'] }); });
  afterAll(async () => { await storescp.stop(); });

  it('sends implicit, explicit and compressed files untouched', async () => {
    const sources = ['ts/CT1_UNC.implicit_little_endian.dcm', 'modality/MR_small.dcm', 'ts/JPEG-LL.dcm', 'ts/MR_small_RLE.dcm', 'modality/test-SR.dcm']
      .map((rel, i) => ({ ...variant(fixture(rel)), path: '' , i }));
    for (const s of sources) s.path = input(`scu${s.i}.dcm`, s.bytes);
    const report = await sendFiles({ host: '127.0.0.1', port: storescp.port, calledAeTitle: 'DCMTKSCP', callingAeTitle: 'FSSCU', files: sources.map((s) => s.path) });
    expect(report.results.map((r) => r.status?.code)).toEqual([0, 0, 0, 0, 0]);
    // We offered an Asynchronous Operations Window; storescp grants none: one at a time.
    expect(report.outstanding).toBe(1);
    const written = readdirSync(storescp.dir).filter((n) => n !== 'orthanc.json');
    for (const s of sources) {
      const name = written.find((n) => n.endsWith(s.uids.sopInstanceUid));
      expect(name, `storescp file for ${s.uids.sopInstanceUid}`).toBeDefined();
      const got = new Uint8Array(readFileSync(join(storescp.dir, name ?? '')));
      expect(same(datasetBytesOf(got), datasetBytesOf(s.bytes))).toBe(true);
    }
  });

  it('transcodes an uncompressed file when the peer refuses its syntax', async () => {
    const only = await startStorescp({ aeTitle: 'IMPLONLY', extraArgs: ['+xi'] });
    try {
      const { bytes, uids } = variant(fixture('modality/MR_small.dcm'));
      const report = await sendFiles({ host: '127.0.0.1', port: only.port, calledAeTitle: 'IMPLONLY', callingAeTitle: 'FSSCU', files: [input('mr-ex.dcm', bytes)] });
      expect(report.results[0]).toMatchObject({ ok: true, sentTransferSyntaxUid: TransferSyntax.ImplicitVRLittleEndian });
      const name = readdirSync(only.dir).find((n) => n.endsWith(uids.sopInstanceUid)) ?? '';
      const got = parseDicomFile(new Uint8Array(readFileSync(join(only.dir, name))));
      expect(got.string('PatientName')).toBe(parseDicomFile(bytes).string('PatientName'));
      expect(got.part10.transferSyntaxUid).toBe(TransferSyntax.ImplicitVRLittleEndian);
    } finally {
      await only.stop();
    }
  });

  it('reports a compressed file the peer cannot take as not sent, and sends the rest', async () => {
    const only = await startStorescp({ aeTitle: 'IMPLONLY', extraArgs: ['+xi'] });
    try {
      const jpeg = variant(fixture('ts/JPEG-LL.dcm'));
      const ok = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
      const report = await sendFiles({ host: '127.0.0.1', port: only.port, calledAeTitle: 'IMPLONLY', callingAeTitle: 'FSSCU',
        files: [input('j.dcm', jpeg.bytes), input('ok.dcm', ok.bytes)] });
      expect(report.results.map((r) => r.ok)).toEqual([false, true]);
      expect(report.results[0]?.error).toMatch(/no presentation context/);
    } finally {
      await only.stop();
    }
  });
});

describe('our Storage SCU into Orthanc', () => {
  let orthanc: RunningPeer & { httpPort: number };
  beforeAll(async () => { orthanc = await startOrthanc({ aeTitle: 'ORTHANC' }); });
  afterAll(async () => { await orthanc.stop(); });

  it('Orthanc holds the data sets byte-identical', async () => {
    const sources = ['ts/CT1_UNC.implicit_little_endian.dcm', 'ts/MR_small_jp2klossless.dcm', 'charset/chrH31.dcm'].map((rel) => variant(fixture(rel)));
    const report = await sendFiles({ host: '127.0.0.1', port: orthanc.port, calledAeTitle: 'ORTHANC', callingAeTitle: 'FSSCU',
      files: sources.map((s, i) => input(`o${i}.dcm`, s.bytes)) });
    expect(report.sent).toBe(3);
    expect(report.outstanding).toBe(1); // Orthanc grants no window either
    const base = `http://127.0.0.1:${orthanc.httpPort}`;
    for (const s of sources) {
      const found = await (await fetch(`${base}/tools/lookup`, { method: 'POST', body: s.uids.sopInstanceUid })).json() as Array<{ ID: string; Type: string }>;
      const id = found.find((f) => f.Type === 'Instance')?.ID;
      expect(id).toBeDefined();
      const held = new Uint8Array(await (await fetch(`${base}/instances/${id ?? ''}/file`)).arrayBuffer());
      // Orthanc writes what it received through DCMTK: uncompressed data sets come out
      // unchanged but for trailing padding; for encapsulated ones compare the pixel data.
      const pixels = (b: Uint8Array): Buffer => Buffer.concat(parseDicomFile(b).get('PixelData')?.fragments ?? [parseDicomFile(b).get('PixelData')?.value ?? new Uint8Array(0)]);
      if (parseDicomFile(s.bytes).get('PixelData')?.fragments) {
        expect(Buffer.compare(pixels(held), pixels(s.bytes))).toBe(0);
        expect(parseDicomFile(held).string('PatientName')).toBe(parseDicomFile(s.bytes).string('PatientName'));
      } else {
        expect(same(sentByDcmtk(held), sentByDcmtk(s.bytes))).toBe(true);
      }
    }
  });
});
