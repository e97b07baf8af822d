/**
 * Query/Retrieve faults against a real PACS (Orthanc): the PACS dies mid-move, an unknown
 * move destination (0xA801), the user cancels a retrieve, the PACS is down or refuses us.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../core/archive/archive.js';
import { StorageScp } from '../../core/services/storage-scp.js';
import { findScu } from '../../core/services/query-retrieve-scu/find.js';
import { retrieveScu } from '../../core/services/query-retrieve-scu/retrieve.js';
import { AssociationRejectedError, DicomError, TransportError } from '../../core/network/errors.js';
import { fixture, newStudyUids, variant } from '../unit/archive/dicom-variants.js';
import { freePort } from '../support/peers.js';
import { orthancUpload, startOrthancQr, type OrthancQr } from './query-retrieve-support.js';

const OUR_AE = 'FSQR';
const COUNT = 40;
let dir: string;
let archive: Archive;
let scp: StorageScp;
let scpPort: number;
const study = newStudyUids(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));

async function orthancWithStudy(): Promise<OrthancQr> {
  const o = await startOrthancQr({ modalities: { [OUR_AE]: [OUR_AE, '127.0.0.1', scpPort] } });
  const ct = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
  for (let i = 0; i < COUNT; i++) await orthancUpload(o.httpPort, variant(ct, study).bytes);
  return o;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fs-qr-faults-'));
  archive = Archive.open(join(dir, 'archive'), { durability: 'none' });
  scp = new StorageScp({ aeTitle: OUR_AE, archive });
  scpPort = await scp.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await scp?.close({ graceful: false });
  archive?.close();
  rmSync(dir, { recursive: true, force: true });
});

const stored = (): number => archive.listInstances({ studyInstanceUid: study.studyInstanceUid }).length;

describe('Orthanc faults', () => {
  let orthanc: OrthancQr;
  beforeAll(async () => { orthanc = await orthancWithStudy(); }, 60_000);
  afterAll(async () => { await orthanc?.stop(); });
  const conn = (): { host: string; port: number; calledAeTitle: string; callingAeTitle: string } =>
    ({ host: '127.0.0.1', port: orthanc.port, calledAeTitle: orthanc.aeTitle, callingAeTitle: OUR_AE });

  it('unknown move destination: Orthanc 1.10 answers 0xC000 (not 0xA801, see the dcmqrscp test), a failure in words', async () => {
    const before = stored();
    const report = await retrieveScu({ ...conn(), method: 'move', studyInstanceUid: study.studyInstanceUid, moveDestination: 'NOBODY' });
    expect(report.ok).toBe(false);
    expect(report.error).toBeUndefined();
    expect(report.series).toHaveLength(1);
    expect(report.series[0]?.status?.code).toBe(0xc000);
    expect(report.series[0]?.status?.category).toBe('failure');
    expect(report.series[0]?.status?.text).toMatch(/could not process/);
    expect(stored()).toBe(before);
  });

  it('cancel a running C-MOVE: C-CANCEL, the PACS stops, the report says cancelled', async () => {
    const controller = new AbortController();
    const report = await retrieveScu({
      ...conn(), method: 'move', studyInstanceUid: study.studyInstanceUid, signal: controller.signal, cancelGraceMs: 5_000,
      onProgress: (p) => { if (p.completed >= 2) controller.abort(); },
    });
    expect(report.cancelled).toBe(true);
    expect(report.ok).toBe(false);
    expect(report.completed).toBeGreaterThanOrEqual(2);
    expect(report.completed).toBeLessThan(COUNT);
    // Orthanc answers the C-CANCEL with Cancel (0xFE00) and releases normally.
    expect(report.series[0]?.status?.category).toBe('cancel');
    expect(report.error).toBeUndefined();
  }, 30_000);

  it('association rejected: the called AE title is wrong, the reason is in the error', async () => {
    const err = await retrieveScu({ ...conn(), calledAeTitle: 'NOTORTHANC', method: 'move', studyInstanceUid: study.studyInstanceUid })
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AssociationRejectedError);
    expect((err as Error).message).toMatch(/called AE title/i);
  });
});

describe('PACS down', () => {
  it('nothing listens: a transport error, thrown before anything is asked', async () => {
    const port = await freePort();
    const err = await findScu({ host: '127.0.0.1', port, calledAeTitle: 'PACS', callingAeTitle: OUR_AE, query: { level: 'STUDY' } })
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('CONNECT_REFUSED');
  });

  it('the PACS dies mid-move: the retrieve ends with a network error, what arrived is kept', async () => {
    const orthanc = await orthancWithStudy();
    const before = stored();
    try {
      let killedAt = -1;
      const report = await retrieveScu({
        host: '127.0.0.1', port: orthanc.port, calledAeTitle: orthanc.aeTitle, callingAeTitle: OUR_AE,
        method: 'move', studyInstanceUid: study.studyInstanceUid,
        onProgress: (p) => { if (killedAt < 0 && p.completed >= 3) { killedAt = p.completed; orthanc.kill(); } },
      });
      expect(killedAt).toBeGreaterThanOrEqual(3);
      expect(report.ok).toBe(false);
      expect(report.error).toBeInstanceOf(DicomError);
      expect(['CONNECTION_CLOSED', 'CONNECTION_RESET', 'ASSOCIATION_ABORTED']).toContain((report.error as DicomError).code);
      expect(report.series[0]?.error).toMatch(/interrupted/);
      // The instances stored before the PACS died stay in the archive (and no partial file).
      await new Promise((r) => setTimeout(r, 300));
      const got = stored() - before;
      expect(got).toBeGreaterThanOrEqual(killedAt);
      expect(got).toBeLessThan(COUNT);
    } finally {
      await orthanc.stop();
    }
  }, 90_000);
});
