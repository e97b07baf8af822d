/**
 * Query/Retrieve SCU against DCMTK dcmqrscp (the reference Q/R SCP), loaded with the test
 * fixtures, Japanese names included: C-FIND, C-MOVE to our Storage SCP, C-GET into our
 * archive, and the move-destination-unknown status (0xA801). What we store must be
 * byte-identical to what dcmqrscp sends (see sentByDcmqrscp).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../core/archive/archive.js';
import { StorageScp } from '../../core/services/storage-scp.js';
import { findScu } from '../../core/services/query-retrieve-scu/find.js';
import { retrieveScu } from '../../core/services/query-retrieve-scu/retrieve.js';
import { parseDicomFile } from '../../core/dicom/read-dicom-file.js';
import { TransferSyntax } from '../../core/dicom/uids.js';
import { run } from '../support/peers.js';
import { FIXTURES, datasetBytesOf, withoutTrailingPadding } from '../unit/archive/dicom-variants.js';
import { startDcmqrscp, type QrPeer } from './query-retrieve-support.js';

const OUR_AE = 'FSQR';
const FILES = ['charset/chrH31.dcm', 'charset/chrH32.dcm', 'ts/CT1_UNC.implicit_little_endian.dcm', 'modality/MR_small.dcm'];
let dir: string;
let archive: Archive;
let scp: StorageScp;
let qr: QrPeer;
const held = new Map<string, Uint8Array>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fs-qr-dcmtk-'));
  archive = Archive.open(join(dir, 'archive'), { durability: 'none' });
  scp = new StorageScp({ aeTitle: OUR_AE, archive });
  const scpPort = await scp.listen(0, '127.0.0.1');
  for (const f of FILES) {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, f)));
    held.set(parseDicomFile(bytes).string('SOPInstanceUID') ?? '', bytes);
  }
  qr = await startDcmqrscp({ aeTitle: 'DCMQRSCP', files: FILES.map((f) => join(FIXTURES, f)), destinations: { [OUR_AE]: ['127.0.0.1', scpPort] } });
}, 60_000);
afterAll(async () => {
  await qr?.stop();
  await scp?.close({ graceful: false });
  archive?.close();
  rmSync(dir, { recursive: true, force: true });
});

const conn = (): { host: string; port: number; calledAeTitle: string; callingAeTitle: string } =>
  ({ host: '127.0.0.1', port: qr.port, calledAeTitle: qr.aeTitle, callingAeTitle: OUR_AE });

/**
 * What dcmqrscp puts on the wire for a file it holds. dcmqrscp picks the presentation context
 * by SOP class alone, preferring Explicit VR Little Endian, and lets DCMTK re-encode a file
 * held in another uncompressed syntax (our CT fixture is Implicit VR). For those, DCMTK's own
 * `dcmconv +te` is the oracle of the re-encoded bytes; files held in Explicit VR LE are sent
 * as they are. DCMTK never sends a Data Set Trailing Padding element.
 */
async function sentByDcmqrscp(sopInstanceUid: string): Promise<{ bytes: Uint8Array; ts: string }> {
  const original = held.get(sopInstanceUid) ?? new Uint8Array();
  let file = original;
  if (parseDicomFile(original).part10.transferSyntaxUid !== TransferSyntax.ExplicitVRLittleEndian) {
    const src = join(dir, `${sopInstanceUid}.orig.dcm`);
    const out = join(dir, `${sopInstanceUid}.te.dcm`);
    writeFileSync(src, original);
    const r = await run('dcmconv', ['+te', src, out]);
    if (r.code !== 0) throw new Error(r.stderr);
    file = new Uint8Array(readFileSync(out));
  }
  const ts = parseDicomFile(file).part10.transferSyntaxUid;
  return { bytes: withoutTrailingPadding(datasetBytesOf(file), ts), ts };
}

async function expectIdentical(a: Archive, sopInstanceUid: string): Promise<void> {
  const row = a.listInstances().find((r) => r.sopInstanceUid === sopInstanceUid);
  expect(row, `${sopInstanceUid} stored`).toBeDefined();
  const ours = new Uint8Array(readFileSync(a.absolutePath(row?.path ?? '')));
  const sent = await sentByDcmqrscp(sopInstanceUid);
  expect(Buffer.compare(datasetBytesOf(ours), sent.bytes)).toBe(0);
  expect(parseDicomFile(ours).part10.transferSyntaxUid).toBe(sent.ts);
}

describe('dcmqrscp', () => {
  it('C-FIND at STUDY, SERIES and IMAGE level; a Japanese name decoded', async () => {
    const studies = await findScu({ ...conn(), query: { level: 'STUDY', patientName: 'Yamada*' } });
    expect(studies.status?.category).toBe('success');
    expect(studies.matches).toHaveLength(1);
    expect(studies.matches[0]?.patientName).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
    const studyUid = studies.matches[0]?.studyInstanceUid ?? '';
    const series = await findScu({ ...conn(), query: { level: 'SERIES', studyInstanceUid: studyUid } });
    expect(series.matches).toHaveLength(1);
    const images = await findScu({ ...conn(), query: { level: 'IMAGE', studyInstanceUid: studyUid, seriesInstanceUid: series.matches[0]?.seriesInstanceUid } });
    expect(images.matches.map((m) => m.sopInstanceUid)).toEqual(['1.3.6.1.4.1.5962.1.1.0.1.1.1175775771.5702.0']);
  });

  it('C-FIND, Patient Root at PATIENT level', async () => {
    const r = await findScu({ ...conn(), model: 'PATIENT_ROOT', query: { level: 'PATIENT', patientId: 'H3*' } });
    expect(r.matches.map((m) => m.patientId).sort()).toEqual(['H31EXAMPLE', 'H32EXAMPLE']);
  });

  it('C-MOVE of every study to our Storage SCP: byte-identical', async () => {
    const all = await findScu({ ...conn(), query: { level: 'STUDY' } });
    expect(all.matches).toHaveLength(FILES.length);
    for (const m of all.matches) {
      const report = await retrieveScu({ ...conn(), method: 'move', studyInstanceUid: m.studyInstanceUid ?? '' });
      expect(report.ok, JSON.stringify(report.series)).toBe(true);
      expect(report.completed).toBe(1);
    }
    for (const uid of held.keys()) await expectIdentical(archive, uid);
  });

  it('C-GET with role selection into a fresh archive: byte-identical, Japanese intact', async () => {
    const fresh = Archive.open(join(dir, 'get'), { durability: 'none' });
    try {
      const all = await findScu({ ...conn(), query: { level: 'STUDY' } });
      for (const m of all.matches) {
        const report = await retrieveScu({ ...conn(), method: 'get', archive: fresh, studyInstanceUid: m.studyInstanceUid ?? '' });
        expect(report.ok, JSON.stringify(report.series)).toBe(true);
        expect(report.stored).toBe(1);
      }
      for (const uid of held.keys()) await expectIdentical(fresh, uid);
    } finally {
      fresh.close();
    }
  });

  it('unknown move destination: 0xA801 "Refused: Move destination unknown" with the fix in words', async () => {
    const report = await retrieveScu({ ...conn(), method: 'move', studyInstanceUid: '1.3.6.1.4.1.5962.1.2.0.1175775771.5702.0', moveDestination: 'NOBODY' });
    expect(report.ok).toBe(false);
    expect(report.series[0]?.status?.code).toBe(0xa801);
    expect(report.series[0]?.status?.name).toBe('Refused: Move destination unknown');
    expect(report.series[0]?.status?.fix).toMatch(/AE title/);
  });
});
