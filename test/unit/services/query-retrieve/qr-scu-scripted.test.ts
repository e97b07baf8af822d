/** C-FIND/C-MOVE/C-GET SCU against a scripted SCP: cancel, limits, statuses, aborts. */
import { afterEach, describe, expect, it } from 'vitest';
import { cFindRsp, cMoveRsp } from '../../../../core/network/dimse/messages.js';
import { DatasetBuilder } from '../../../../core/dicom/dataset-builder.js';
import { TransferSyntax } from '../../../../core/dicom/uids.js';
import { AssociationAbortedError, DicomError } from '../../../../core/network/errors.js';
import { findScu } from '../../../../core/services/query-retrieve-scu/find.js';
import { retrieveScu } from '../../../../core/services/query-retrieve-scu/retrieve.js';
import { QueryTags as Tags } from '../../../../core/services/query-retrieve-scu/index.js';
import { startScriptedQrScp, type ScriptedScp } from './scripted-qr-scp.js';

let scp: ScriptedScp | undefined;
afterEach(async () => { await scp?.close(); scp = undefined; });

const conn = (port: number): { host: string; port: number; calledAeTitle: string; callingAeTitle: string } =>
  ({ host: '127.0.0.1', port, calledAeTitle: 'SCRIPTED', callingAeTitle: 'FSTEST' });

function match(i: number, ts: string): Uint8Array {
  return new DatasetBuilder(['', 'ISO 2022 IR 87']).text(Tags.QueryRetrieveLevel, 'CS', 'STUDY')
    .text(Tags.PatientName, 'PN', `Yamada^Tarou=山田^太郎${i}`).text(Tags.StudyInstanceUID, 'UI', `1.2.3.${i}`).encode(ts);
}
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('C-FIND', () => {
  it('matches in ISO 2022 IR 87 are decoded; the final status is success', async () => {
    scp = await startScriptedQrScp(async (c) => {
      for (let i = 0; i < 3; i++) c.send(cFindRsp(c.command, 0xff00, match(i, TransferSyntax.ExplicitVRLittleEndian)));
      await wait(5);
      c.send(cFindRsp(c.command, 0x0000));
    });
    const r = await findScu({ ...conn(scp.port), query: { level: 'STUDY', patientName: '山田*' } });
    expect(r.status?.code).toBe(0);
    expect(r.matches.map((m) => m.patientName)).toEqual(['Yamada^Tarou=山田^太郎0', 'Yamada^Tarou=山田^太郎1', 'Yamada^Tarou=山田^太郎2']);
  });

  it('the limit sends C-CANCEL naming the request; the Cancel status ends it', async () => {
    scp = await startScriptedQrScp(async (c) => {
      let stop = false;
      void c.cancelled.then(() => { stop = true; });
      for (let i = 0; i < 100 && !stop; i++) { c.send(cFindRsp(c.command, 0xff00, match(i, TransferSyntax.ExplicitVRLittleEndian))); await wait(2); }
      c.send(cFindRsp(c.command, stop ? 0xfe00 : 0x0000));
    });
    const r = await findScu({ ...conn(scp.port), query: { level: 'STUDY' }, limit: 5 });
    expect(r.matches).toHaveLength(5);
    expect(r.limitReached).toBe(true);
    expect(r.status?.category).toBe('cancel');
    expect(scp.cancels).toHaveLength(1);
    expect(scp.cancels[0]?.messageIdBeingRespondedTo).toBe(scp.requests[0]?.messageId);
  });

  it('Stop before any match: C-CANCEL goes out with the right message ID', async () => {
    scp = await startScriptedQrScp(async (c) => {
      await c.cancelled;
      c.send(cFindRsp(c.command, 0xfe00));
    });
    const stop = new AbortController();
    const pending = findScu({ ...conn(scp.port), query: { level: 'STUDY' }, signal: stop.signal });
    await wait(100);
    stop.abort();
    const r = await pending;
    expect(r.cancelled).toBe(true);
    expect(r.status?.code).toBe(0xfe00);
    expect(scp.cancels[0]?.messageIdBeingRespondedTo).toBe(scp.requests[0]?.messageId);
  });

  it('a PACS that ignores C-CANCEL is aborted after the grace period: Stop always stops', async () => {
    scp = await startScriptedQrScp(() => undefined);
    const stop = new AbortController();
    const started = Date.now();
    const pending = findScu({ ...conn(scp.port), query: { level: 'STUDY' }, signal: stop.signal, cancelGraceMs: 200 });
    await wait(50);
    stop.abort();
    const r = await pending;
    expect(r.cancelled).toBe(true);
    expect(r.status).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('out of resources (0xA700) is a result in words, not an exception', async () => {
    scp = await startScriptedQrScp((c) => { c.send(cFindRsp(c.command, 0xa700, undefined, { errorComment: 'too many matches' })); });
    const r = await findScu({ ...conn(scp.port), query: { level: 'STUDY' } });
    expect(r.status?.category).toBe('failure');
    expect(r.status?.name).toBe('Refused: Out of resources');
    expect(r.errorComment).toBe('too many matches');
  });
});

describe('C-MOVE', () => {
  const SERIES = ['1.2.3.1', '1.2.3.2'];

  it('series by series: progress from pending counts, partial failure reported for its series only', async () => {
    scp = await startScriptedQrScp(async (c) => {
      if (c.command.commandField === 0x0020) { // C-FIND: the series list
        for (const s of SERIES) {
          c.send(cFindRsp(c.command, 0xff00, new DatasetBuilder().text(Tags.QueryRetrieveLevel, 'CS', 'SERIES').text(Tags.SeriesInstanceUID, 'UI', s).encode(TransferSyntax.ExplicitVRLittleEndian)));
        }
        c.send(cFindRsp(c.command, 0));
        return;
      }
      const second = (scp?.requests.length ?? 0) === 3;
      c.send(cMoveRsp(c.command, 0xff00, { remaining: 2, completed: 1, failed: 0, warning: 0 }));
      await wait(5);
      if (second) {
        const failed = new DatasetBuilder().text(Tags.FailedSOPInstanceUIDList, 'UI', ['1.2.3.2.9']).encode(TransferSyntax.ExplicitVRLittleEndian);
        c.send(cMoveRsp(c.command, 0xb000, { completed: 2, failed: 1, warning: 0 }, failed));
      } else {
        c.send(cMoveRsp(c.command, 0x0000, { completed: 3, failed: 0, warning: 0 }));
      }
    });
    const progress: number[] = [];
    const r = await retrieveScu({ ...conn(scp.port), method: 'move', studyInstanceUid: '1.2.3', onProgress: (p) => progress.push(p.totalCompleted) });
    expect(r.ok).toBe(false);
    expect(r.series.map((s) => [s.seriesInstanceUid, s.status?.code, s.completed, s.failed])).toEqual([['1.2.3.1', 0, 3, 0], ['1.2.3.2', 0xb000, 2, 1]]);
    expect(r.series[1]?.failedSopInstanceUids).toEqual(['1.2.3.2.9']);
    expect(r.completed).toBe(5);
    expect(progress).toContain(4); // 3 of the first series + 1 pending of the second
    expect(scp.requests[1]?.moveDestination).toBe('FSTEST');
  });

  it('peer abort mid-retrieve: the report carries the typed error and the unretrieved series', async () => {
    scp = await startScriptedQrScp(async (c) => {
      c.send(cMoveRsp(c.command, 0xff00, { remaining: 5, completed: 1, failed: 0, warning: 0 }));
      await wait(20);
      c.abort();
    });
    const r = await retrieveScu({ ...conn(scp.port), method: 'move', studyInstanceUid: '1.2.3', seriesInstanceUids: SERIES });
    expect(r.ok).toBe(false);
    expect(r.error).toBeInstanceOf(AssociationAbortedError);
    expect(r.series.map((s) => s.error?.split(':')[0])).toEqual(['interrupted', 'not retrieved']);
  });

  it('PACS process dies (connection dropped, no A-ABORT): typed network error', async () => {
    scp = await startScriptedQrScp(async (c) => {
      c.send(cMoveRsp(c.command, 0xff00, { remaining: 5, completed: 1, failed: 0, warning: 0 }));
      await wait(20);
      c.drop();
    });
    const r = await retrieveScu({ ...conn(scp.port), method: 'move', studyInstanceUid: '1.2.3', perSeries: false });
    expect(r.error).toBeInstanceOf(DicomError);
    // The network core reports a TCP close in Sta6 as an A-P-ABORT (PS3.8 Evt17 -> AA-4).
    expect(['ASSOCIATION_ABORTED', 'CONNECTION_CLOSED', 'CONNECTION_RESET']).toContain((r.error as DicomError).code);
    expect(r.series[0]?.error).toMatch(/interrupted/);
  });

  it('0xA702 out of resources: status in words with the fix', async () => {
    scp = await startScriptedQrScp((c) => { c.send(cMoveRsp(c.command, 0xa702, { completed: 0, failed: 0, warning: 0 })); });
    const r = await retrieveScu({ ...conn(scp.port), method: 'move', studyInstanceUid: '1.2.3', perSeries: false });
    expect(r.series[0]?.status?.name).toBe('Refused: Out of resources: unable to perform sub-operations');
    expect(r.series[0]?.status?.fix).toBeDefined();
  });

  it('cancel: C-CANCEL, then 0xFE00; remaining series are not asked for', async () => {
    scp = await startScriptedQrScp(async (c) => {
      c.send(cMoveRsp(c.command, 0xff00, { remaining: 9, completed: 1, failed: 0, warning: 0 }));
      await c.cancelled;
      c.send(cMoveRsp(c.command, 0xfe00, { remaining: 8, completed: 2, failed: 0, warning: 0 }));
    });
    const stop = new AbortController();
    const r = await retrieveScu({ ...conn(scp.port), method: 'move', studyInstanceUid: '1.2.3', seriesInstanceUids: SERIES, signal: stop.signal,
      onProgress: () => stop.abort() });
    expect(r.cancelled).toBe(true);
    expect(r.series[0]?.status?.code).toBe(0xfe00);
    expect(r.series[0]?.completed).toBe(2);
    expect(r.series[1]?.error).toMatch(/cancelled/);
    expect(scp.requests).toHaveLength(1);
  });

  it('C-GET: a PACS that accepts no storage context with us as SCP is refused clearly', async () => {
    scp = await startScriptedQrScp(() => undefined);
    const { Archive } = await import('../../../../core/archive/archive.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'fs-qr-get-'));
    const archive = Archive.open(dir);
    try {
      await expect(retrieveScu({ ...conn(scp.port), method: 'get', archive, studyInstanceUid: '1.2.3' })).rejects.toThrow(/role selection/);
    } finally {
      await archive.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
