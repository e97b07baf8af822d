/**
 * Our Storage SCU against our Storage SCP on loopback, and a scripted byte-level sender
 * for the faults no well-behaved peer produces (abort in the middle of a data set).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../../core/archive/archive.js';
import { StorageScp, type StoredEvent } from '../../../core/services/storage-scp.js';
import { sendFiles } from '../../../core/services/storage-scu.js';
import { ReadBuffers } from '../../../core/services/storage/read-buffers.js';
import { associate } from '../../../core/network/associate.js';
import { cStoreRq } from '../../../core/network/dimse/messages.js';
import { encodeCommandSet } from '../../../core/network/dimse/command-set.js';
import { buildAssociateRq } from '../../../core/network/negotiation/requestor.js';
import { encodePdu } from '../../../core/network/pdu/encode.js';
import { parseDicomFile } from '../../../core/dicom/read-dicom-file.js';
import { StorageSopClass, TransferSyntax } from '../../../core/dicom/uids.js';
import { scriptedClient } from '../../support/scripted-peer.js';
import { CT_IMPLICIT, datasetBytesOf, fixture, newStudyUids, uidOfLength, variant } from '../archive/dicom-variants.js';
import { partialFiles } from '../../support/archive-tmp.js';

let dir: string;
let archive: Archive;
let scp: StorageScp;
let port: number;
const stored: StoredEvent[] = [];

async function startScp(options: { duplicates?: 'keep' | 'overwrite'; window?: number } = {}): Promise<void> {
  archive = Archive.open(join(dir, 'archive'), { duplicates: options.duplicates ?? 'keep' });
  scp = new StorageScp({ aeTitle: 'FSARCHIVE', archive, onStored: (e) => stored.push(e),
    ...(options.window !== undefined ? { asyncOperationsWindow: options.window } : {}) });
  port = await scp.listen(0, '127.0.0.1');
}

function writeInput(name: string, bytes: Uint8Array): string {
  const p = join(dir, 'in', name);
  writeFileSync(p, bytes);
  return p;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fs-scp-'));
  mkdirSync(join(dir, 'in'));
  stored.length = 0;
});

afterEach(async () => {
  await scp.close({ graceful: false });
  await archive.close();
  rmSync(dir, { recursive: true, force: true });
});

const send = (files: string[], calling = 'MODALITY1') =>
  sendFiles({ host: '127.0.0.1', port, calledAeTitle: 'FSARCHIVE', callingAeTitle: calling, files });

describe('Storage SCP: one instance', () => {
  it('stores the data set bytes exactly as sent, under study/series/instance, with source AE and TS in the meta header', async () => {
    await startScp();
    const original = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const { bytes, uids } = variant(original);
    const report = await send([writeInput('ct.dcm', bytes)]);
    expect(report.results[0]?.status?.code).toBe(0);
    expect(report.sent).toBe(1);
    const rel = `${uids.studyInstanceUid}/${uids.seriesInstanceUid}/${uids.sopInstanceUid}.dcm`;
    const storedBytes = new Uint8Array(readFileSync(join(archive.root, rel)));
    expect(Buffer.compare(datasetBytesOf(storedBytes), datasetBytesOf(bytes))).toBe(0);
    const file = parseDicomFile(storedBytes);
    expect(file.meta.string('SourceApplicationEntityTitle')).toBe('MODALITY1');
    expect(file.meta.string('TransferSyntaxUID')).toBe(TransferSyntax.ImplicitVRLittleEndian);
    expect(file.meta.string('MediaStorageSOPInstanceUID')).toBe(uids.sopInstanceUid);
    expect(file.meta.string('MediaStorageSOPClassUID')).toBe(StorageSopClass.CTImageStorage);
    const studies = archive.listStudies();
    expect(studies).toHaveLength(1);
    expect(studies[0]).toMatchObject({ studyInstanceUid: uids.studyInstanceUid, patientName: 'CompressedSamples^CT1', modalities: 'CT',
      seriesCount: 1, instanceCount: 1, receivedFrom: 'MODALITY1' });
    expect(partialFiles(join(archive.root, '.tmp'))).toEqual([]);
  });

  it('indexes a Japanese (ISO 2022 IR 87) patient name decoded, bytes stored untouched', async () => {
    await startScp();
    const bytes = fixture('charset/chrH31.dcm');
    const report = await send([writeInput('jp.dcm', bytes)]);
    expect(report.sent).toBe(1);
    const s = archive.listStudies()[0];
    expect(s?.patientName).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
    const row = archive.listInstances()[0];
    const storedBytes = new Uint8Array(readFileSync(archive.absolutePath(row?.path ?? '')));
    expect(Buffer.compare(datasetBytesOf(storedBytes), datasetBytesOf(bytes))).toBe(0);
  });
});

describe('Storage SCP: duplicates', () => {
  it('keeps the first copy by default and answers success to the second', async () => {
    await startScp();
    const { bytes } = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
    const changed = new Uint8Array(bytes);
    Buffer.from(changed.buffer).write('CompressedSamples^CT2', Buffer.from(changed).indexOf('CompressedSamples^CT1'), 'latin1');
    const r = await send([writeInput('a.dcm', bytes), writeInput('b.dcm', changed)]);
    expect(r.results.map((x) => x.status?.code)).toEqual([0, 0]);
    expect(archive.listInstances()).toHaveLength(1);
    expect(archive.listStudies()[0]?.patientName).toBe('CompressedSamples^CT1');
    const row = archive.listInstances()[0];
    expect(Buffer.compare(datasetBytesOf(new Uint8Array(readFileSync(archive.absolutePath(row?.path ?? '')))), datasetBytesOf(bytes))).toBe(0);
  });

  it('replaces the copy with duplicates=overwrite', async () => {
    await startScp({ duplicates: 'overwrite' });
    const { bytes } = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
    const changed = new Uint8Array(bytes);
    Buffer.from(changed.buffer).write('CompressedSamples^CT2', Buffer.from(changed).indexOf('CompressedSamples^CT1'), 'latin1');
    const r = await send([writeInput('a.dcm', bytes), writeInput('b.dcm', changed)]);
    expect(r.results.map((x) => x.status?.code)).toEqual([0, 0]);
    expect(archive.listInstances()).toHaveLength(1);
    expect(archive.listStudies()[0]?.patientName).toBe('CompressedSamples^CT2');
    const row = archive.listInstances()[0];
    expect(Buffer.compare(datasetBytesOf(new Uint8Array(readFileSync(archive.absolutePath(row?.path ?? '')))), datasetBytesOf(changed))).toBe(0);
  });
});

describe('Storage SCP: refusals', () => {
  it('answers 0xA900 when the data set is not the instance the command announced, and stores nothing', async () => {
    await startScp();
    const { bytes } = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
    const a = await associate({ host: '127.0.0.1', port, callingAeTitle: 'MODALITY1', calledAeTitle: 'FSARCHIVE',
      proposals: [{ abstractSyntax: StorageSopClass.CTImageStorage, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }] });
    const rsp = await a.request(cStoreRq({ messageId: 0, affectedSopClassUid: StorageSopClass.CTImageStorage,
      affectedSopInstanceUid: uidOfLength(30), dataset: datasetBytesOf(bytes) }), { service: 'storage' });
    await a.release();
    expect(rsp.status.code).toBe(0xa900);
    expect(rsp.command.errorComment).toMatch(/SOP Instance UID/);
    expect(archive.listInstances()).toEqual([]);
    expect(partialFiles(join(archive.root, '.tmp'))).toEqual([]);
  });

  it('answers 0xC000 to a data set that cannot be parsed', async () => {
    await startScp();
    const a = await associate({ host: '127.0.0.1', port, callingAeTitle: 'MODALITY1', calledAeTitle: 'FSARCHIVE',
      proposals: [{ abstractSyntax: StorageSopClass.CTImageStorage, transferSyntaxes: [TransferSyntax.ExplicitVRLittleEndian] }] });
    const garbage = new Uint8Array([0x08, 0x00, 0x18, 0x00, 0x55, 0x49, 0xff, 0x7f, 0x31, 0x2e]);
    const rsp = await a.request(cStoreRq({ messageId: 0, affectedSopClassUid: StorageSopClass.CTImageStorage,
      affectedSopInstanceUid: '1.2.3.4', dataset: garbage }), { service: 'storage' });
    await a.release();
    expect(rsp.status.code).toBe(0xc000);
    expect(archive.listInstances()).toEqual([]);
    expect(partialFiles(join(archive.root, '.tmp'))).toEqual([]);
  });

  it('files a hostile Study Instance UID inside the archive, never outside', async () => {
    await startScp();
    const original = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const hostile = '../../../../../../../../../../../../../evil'.slice(0, newStudyUids(original).studyInstanceUid.length);
    const { bytes } = variant(original, { studyInstanceUid: hostile.padEnd(42, 'x') });
    const r = await send([writeInput('evil.dcm', bytes)]);
    expect(r.sent).toBe(1);
    const row = archive.listInstances()[0];
    expect(row?.path).toMatch(/^x[0-9a-f]{32}\//);
    expect(existsSync(join(dir, 'evil'))).toBe(false);
    expect(existsSync(archive.absolutePath(row?.path ?? ''))).toBe(true);
  });
});

describe('Storage SCP: faults', () => {
  it('an A-ABORT in the middle of a data set leaves no file and no row', async () => {
    await startScp();
    const { bytes, uids } = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
    const dataset = datasetBytesOf(bytes);
    const peer = await scriptedClient(port);
    peer.send(encodePdu(buildAssociateRq({ callingAeTitle: 'MODALITY1', calledAeTitle: 'FSARCHIVE', maxPduLength: 16384,
      proposals: [{ abstractSyntax: StorageSopClass.CTImageStorage, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }] })));
    expect((await peer.nextPdu()).type).toBe('A-ASSOCIATE-AC');
    const command = encodeCommandSet(cStoreRq({ messageId: 1, affectedSopClassUid: StorageSopClass.CTImageStorage,
      affectedSopInstanceUid: uids.sopInstanceUid, dataset }).command);
    peer.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ presentationContextId: 1, isCommand: true, isLastFragment: true, data: command }] }));
    for (let off = 0; off < 200_000; off += 16_000) {
      peer.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ presentationContextId: 1, isCommand: false, isLastFragment: false, data: dataset.subarray(off, off + 16_000) }] }));
    }
    const tmp = join(archive.root, '.tmp');
    await expect.poll(() => partialFiles(tmp).length, { timeout: 5_000 }).toBe(1);
    peer.send(encodePdu({ type: 'A-ABORT', source: 0, reason: 0 }));
    await peer.closed;
    await expect.poll(() => partialFiles(tmp).length, { timeout: 5_000 }).toBe(0);
    expect(archive.listInstances()).toEqual([]);
    expect(readdirSync(archive.root).filter((n) => !n.startsWith('.') && !n.startsWith('index'))).toEqual([]);
  });

  it('a connection dropped in the middle of a data set leaves no file and no row', async () => {
    await startScp();
    const { bytes, uids } = variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm'));
    const dataset = datasetBytesOf(bytes);
    const peer = await scriptedClient(port);
    peer.send(encodePdu(buildAssociateRq({ callingAeTitle: 'MODALITY1', calledAeTitle: 'FSARCHIVE', maxPduLength: 16384,
      proposals: [{ abstractSyntax: StorageSopClass.CTImageStorage, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }] })));
    await peer.nextPdu();
    const command = encodeCommandSet(cStoreRq({ messageId: 1, affectedSopClassUid: StorageSopClass.CTImageStorage,
      affectedSopInstanceUid: uids.sopInstanceUid, dataset }).command);
    peer.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ presentationContextId: 1, isCommand: true, isLastFragment: true, data: command }] }));
    peer.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ presentationContextId: 1, isCommand: false, isLastFragment: false, data: dataset.subarray(0, 100_000) }] }));
    const tmp = join(archive.root, '.tmp');
    await expect.poll(() => partialFiles(tmp).length, { timeout: 5_000 }).toBe(1);
    peer.socket.destroy();
    await expect.poll(() => partialFiles(tmp).length, { timeout: 5_000 }).toBe(0);
    expect(archive.listInstances()).toEqual([]);
  });

  it('20 concurrent senders, 5 instances each, all stored', async () => {
    await startScp();
    const original = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const senders = Array.from({ length: 20 }, (_, s) => {
      const study = newStudyUids(original);
      return Array.from({ length: 5 }, (_, i) => writeInput(`s${s}-${i}.dcm`, variant(original, study).bytes));
    });
    const reports = await Promise.all(senders.map((files, s) => send(files, `SENDER${s}`)));
    expect(reports.map((r) => r.sent)).toEqual(Array(20).fill(5));
    expect(archive.listStudies()).toHaveLength(20);
    expect(archive.listInstances()).toHaveLength(100);
    expect(archive.listStudies().every((s) => s.instanceCount === 5 && s.seriesCount === 1)).toBe(true);
    expect(partialFiles(join(archive.root, '.tmp'))).toEqual([]);
    expect(archive.index.integrityCheck()).toBe('ok');
  });
});

describe('Storage SCP: asynchronous operations window (PS3.7 D.3.3.3)', () => {
  const study = (n: number) => {
    const original = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const uids = newStudyUids(original);
    return Array.from({ length: n }, () => variant(original, uids)).map((v, i) => ({ ...v, path: writeInput(`w${i}.dcm`, v.bytes) }));
  };

  /** Each file's data set is in the archive byte for byte as sent. */
  const expectStoredAsSent = (files: { bytes: Uint8Array; uids: { sopInstanceUid: string } }[]): void => {
    for (const f of files) {
      const row = archive.listInstances().find((r) => r.sopInstanceUid === f.uids.sopInstanceUid);
      const storedBytes = new Uint8Array(readFileSync(archive.absolutePath(row?.path ?? '')));
      expect(Buffer.compare(datasetBytesOf(storedBytes), datasetBytesOf(f.bytes))).toBe(0);
    }
  };

  /** For each instance begun, whether the sender's earlier ones were still being committed (Archive.beginInstance). */
  const watchBegins = (): boolean[] => {
    const othersFlushing: boolean[] = [];
    const begin = archive.beginInstance.bind(archive);
    vi.spyOn(archive, 'beginInstance').mockImplementation((meta, o) => {
      othersFlushing.push(o?.othersFlushing === true);
      return begin(meta, o);
    });
    return othersFlushing;
  };

  it('our SCU keeps several C-STOREs outstanding when granted; every instance is stored byte for byte', async () => {
    await startScp();
    const othersFlushing = watchBegins();
    const files = study(24);
    const report = await send(files.map((f) => f.path));
    // Instances that arrive while earlier ones flush leave their writeback to their own flush.
    expect(othersFlushing).toHaveLength(24);
    expect(othersFlushing[0]).toBe(false);
    expect(othersFlushing.some(Boolean)).toBe(true);
    expect(report.sent).toBe(24);
    // Granted 8 (our default both ways): more than one was in flight at once, never more than 8.
    expect(report.outstanding).toBeGreaterThan(1);
    expect(report.outstanding).toBeLessThanOrEqual(8);
    expect(archive.listInstances()).toHaveLength(24);
    expectStoredAsSent(files);
    expect(partialFiles(join(archive.root, '.tmp'))).toEqual([]);
  });

  it('our SCU reads each file into a buffer it uses again only once that C-STORE is answered', async () => {
    await startScp();
    const given = vi.spyOn(ReadBuffers.prototype, 'give');
    try {
      // Answers are held back until the window is full: eight requests sent, none answered.
      let open!: () => void;
      const gate = new Promise<void>((r) => { open = r; });
      const commit = archive.commit.bind(archive);
      let waiting = 0;
      vi.spyOn(archive, 'commit').mockImplementation(async (...args) => {
        waiting++;
        await gate;
        return commit(...args);
      });
      const files = study(12);
      const sending = send(files.map((f) => f.path));
      await vi.waitFor(() => expect(waiting).toBe(8), { timeout: 10_000 });
      expect(given).not.toHaveBeenCalled();
      open();
      const report = await sending;
      expect(report.sent).toBe(12);
      expect(given).toHaveBeenCalledTimes(12);
      expectStoredAsSent(files);
    } finally {
      given.mockRestore();
    }
  });

  it('one at a time when the SCP grants 1, or when the SCU asks for no window', async () => {
    await startScp({ window: 1 });
    const othersFlushing = watchBegins();
    expect((await send(study(6).map((f) => f.path))).outstanding).toBe(1);
    // The sender waits on each flush: every instance starts its writeback as it arrives.
    expect(othersFlushing).toEqual([false, false, false, false, false, false]);
    await scp.close({ graceful: false });
    await archive.close();
    rmSync(join(dir, 'archive'), { recursive: true, force: true });
    await startScp();
    const report = await sendFiles({ host: '127.0.0.1', port, calledAeTitle: 'FSARCHIVE', callingAeTitle: 'SYNC', window: 1, files: study(6).map((f) => f.path) });
    expect(report.sent).toBe(6);
    expect(report.outstanding).toBe(1);
  });
});

describe('Storage SCP: events', () => {
  it('emits study-received for the first instance and study-updated for the next', async () => {
    await startScp();
    const events: string[] = [];
    archive.events.on((e) => events.push(e.type));
    const original = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
    const study = newStudyUids(original);
    await send([writeInput('1.dcm', variant(original, study).bytes), writeInput('2.dcm', variant(original, study).bytes)]);
    expect(events).toEqual(['study-received', 'study-updated']);
    expect(stored.map((s) => s.status)).toEqual([0, 0]);
  });
});

void CT_IMPLICIT;
