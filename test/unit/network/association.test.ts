/**
 * The Association against a scripted byte-level peer: the edge cases real peers rarely
 * produce. Every wait in these tests is bounded; the point is that nothing hangs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { associate } from '../../../core/network/associate.js';
import { cEcho, verificationProposal } from '../../../core/services/verification.js';
import { encodePdu } from '../../../core/network/pdu/encode.js';
import { encodeCommandSet } from '../../../core/network/dimse/command-set.js';
import { nEventReportRq, cEchoRsp } from '../../../core/network/dimse/messages.js';
import { decodeCommandSet } from '../../../core/network/dimse/command-set.js';
import {
  type AAssociateAc, type AAssociateRq, type PDataTf, DICOM_APPLICATION_CONTEXT, emptyUserInformation,
} from '../../../core/network/pdu/types.js';
import {
  AssociationAbortedError, AssociationRejectedError, DicomError, DimseTimeoutError,
} from '../../../core/network/errors.js';
import { scriptedServer, type PeerConnection, type ScriptedServer } from '../../support/scripted-peer.js';

let server: ScriptedServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

function acFor(rq: AAssociateRq, maxLength = 16384): AAssociateAc {
  return {
    type: 'A-ASSOCIATE-AC', protocolVersion: 1, calledAeTitle: rq.calledAeTitle, callingAeTitle: rq.callingAeTitle,
    applicationContextName: DICOM_APPLICATION_CONTEXT,
    presentationContexts: rq.presentationContexts.map((pc) => ({ id: pc.id, result: 0, transferSyntax: pc.transferSyntaxes[0] ?? '' })),
    userInformation: { ...emptyUserInformation(), maximumLength: maxLength, implementationClassUid: '1.2.3.4', implementationVersionName: 'SCRIPTED' },
  };
}

function pdata(contextId: number, command: Uint8Array): PDataTf {
  return { type: 'P-DATA-TF', pdvs: [{ presentationContextId: contextId, isCommand: true, isLastFragment: true, data: command }] };
}

const cfg = { artimTimeoutMs: 300, dimseTimeoutMs: 300, connectTimeoutMs: 1000 };

async function establish(): Promise<{ peer: PeerConnection; assoc: Awaited<ReturnType<typeof associate>>; rq: AAssociateRq }> {
  server = await scriptedServer();
  const pending = associate({ host: '127.0.0.1', port: server.port, callingAeTitle: 'US', calledAeTitle: 'THEM', proposals: [verificationProposal()], config: cfg });
  const peer = await server.nextConnection();
  const rq = await peer.nextPdu();
  if (rq.type !== 'A-ASSOCIATE-RQ') throw new Error(`expected RQ, got ${rq.type}`);
  peer.send(encodePdu(acFor(rq)));
  return { peer, assoc: await pending, rq };
}

describe('requestor against a scripted peer', () => {
  it('a peer that accepts TCP but never answers the A-ASSOCIATE-RQ: ARTIM ends the attempt', async () => {
    server = await scriptedServer();
    const started = Date.now();
    const pending = associate({ host: '127.0.0.1', port: server.port, callingAeTitle: 'US', calledAeTitle: 'THEM', proposals: [verificationProposal()], config: cfg });
    const peer = await server.nextConnection();
    expect((await peer.nextPdu()).type).toBe('A-ASSOCIATE-RQ');
    const err = await pending.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DicomError);
    expect(Date.now() - started).toBeLessThan(3000);
    await peer.closed;
  });

  it('A-ASSOCIATE-RJ is reported with result, source and reason', async () => {
    server = await scriptedServer();
    const pending = associate({ host: '127.0.0.1', port: server.port, callingAeTitle: 'US', calledAeTitle: 'THEM', proposals: [verificationProposal()], config: cfg });
    const peer = await server.nextConnection();
    await peer.nextPdu();
    peer.send(encodePdu({ type: 'A-ASSOCIATE-RJ', result: 2, source: 3, reason: 1 }));
    const err = await pending.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AssociationRejectedError);
    expect((err as AssociationRejectedError).reason).toBe(1);
    expect((err as Error).message).toMatch(/transient/i);
  });

  it('a peer that aborts right after the RQ (Sta5)', async () => {
    server = await scriptedServer();
    const pending = associate({ host: '127.0.0.1', port: server.port, callingAeTitle: 'US', calledAeTitle: 'THEM', proposals: [verificationProposal()], config: cfg });
    const peer = await server.nextConnection();
    await peer.nextPdu();
    peer.send(encodePdu({ type: 'A-ABORT', source: 2, reason: 6 }));
    const err = await pending.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AssociationAbortedError);
  });

  it('a PDU declaring 0xFFFFFFFF bytes is refused at once with A-ABORT, no allocation', async () => {
    server = await scriptedServer();
    const pending = associate({ host: '127.0.0.1', port: server.port, callingAeTitle: 'US', calledAeTitle: 'THEM', proposals: [verificationProposal()], config: cfg });
    const peer = await server.nextConnection();
    await peer.nextPdu();
    peer.send(Uint8Array.from([0x02, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x01]));
    const err = await pending.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DicomError);
    const abort = await peer.nextPdu();
    expect(abort.type).toBe('A-ABORT');
  });

  it('a truncated A-ASSOCIATE-AC is a typed error and an A-ABORT', async () => {
    server = await scriptedServer();
    const pending = associate({ host: '127.0.0.1', port: server.port, callingAeTitle: 'US', calledAeTitle: 'THEM', proposals: [verificationProposal()], config: cfg });
    const peer = await server.nextConnection();
    const rq = await peer.nextPdu();
    if (rq.type !== 'A-ASSOCIATE-RQ') throw new Error('no rq');
    const ac = Buffer.from(encodePdu(acFor(rq)));
    // Keep the PDU header's length but cut an item short inside it.
    ac.writeUInt16BE(0xfff0, 6 + 68 + 2);
    peer.send(ac);
    const err = await pending.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DicomError);
    expect((await peer.nextPdu()).type).toBe('A-ABORT');
  });

  it('no C-ECHO response: the DIMSE timeout fires and the association is aborted', async () => {
    const { peer, assoc } = await establish();
    const started = Date.now();
    const err = await cEcho(assoc).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DimseTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
    const seen: string[] = [];
    for (;;) {
      const p = await peer.nextPdu(2000);
      seen.push(p.type);
      if (p.type === 'A-ABORT') break;
    }
    expect(seen.at(-1)).toBe('A-ABORT');
    await expect(assoc.closed).rejects.toBeInstanceOf(DicomError);
  });

  it('the peer aborts while a request is pending: the request fails with the abort', async () => {
    const { peer, assoc } = await establish();
    const echoing = cEcho(assoc, 5000);
    expect((await peer.nextPdu()).type).toBe('P-DATA-TF');
    peer.send(encodePdu({ type: 'A-ABORT', source: 0, reason: 0 }));
    await expect(echoing).rejects.toBeInstanceOf(AssociationAbortedError);
  });

  it('a response with an unknown message ID is a protocol error (A-ABORT), not a silent drop', async () => {
    const { peer, assoc } = await establish();
    const echoing = cEcho(assoc, 5000);
    const p = await peer.nextPdu();
    if (p.type !== 'P-DATA-TF') throw new Error('expected data');
    const rsp = cEchoRsp({ commandField: 0x0030, messageId: 999, commandDataSetType: 0x0101 }, 0);
    peer.send(encodePdu(pdata(1, encodeCommandSet(rsp.command))));
    await expect(echoing).rejects.toBeInstanceOf(DicomError);
    expect((await peer.nextPdu()).type).toBe('A-ABORT');
  });

  it('an N-EVENT-REPORT arriving while C-ECHO waits is answered, then the echo completes', async () => {
    const { peer, assoc } = await establish();
    const echoing = cEcho(assoc, 5000);
    const p = await peer.nextPdu();
    if (p.type !== 'P-DATA-TF') throw new Error('expected data');
    const echoRq = decodeCommandSet(p.pdvs[0]!.data, 65536);
    const report = nEventReportRq({ messageId: 77, affectedSopClassUid: '1.2.840.10008.1.1', affectedSopInstanceUid: '1.2.3', eventTypeId: 1 });
    peer.send(encodePdu(pdata(1, encodeCommandSet(report.command))));
    const answer = await peer.nextPdu();
    if (answer.type !== 'P-DATA-TF') throw new Error('expected the event report response');
    const answered = decodeCommandSet(answer.pdvs[0]!.data, 65536);
    expect(answered.commandField).toBe(0x8100);
    expect(answered.messageIdBeingRespondedTo).toBe(77);
    expect(answered.status).toBe(0);
    peer.send(encodePdu(pdata(1, encodeCommandSet(cEchoRsp(echoRq, 0).command))));
    expect((await echoing).status.category).toBe('success');
  });

  it('release collision: both sides send A-RELEASE-RQ; the release completes', async () => {
    const { peer, assoc } = await establish();
    const releasing = assoc.release();
    expect((await peer.nextPdu()).type).toBe('A-RELEASE-RQ');
    // The peer sends its own RQ instead of an RP: a collision (PS3.8 9.2.2, Sta7 Evt12).
    peer.send(encodePdu({ type: 'A-RELEASE-RQ' }));
    // As requestor we answer the collision with A-RELEASE-RP after receiving the peer's RP (Sta9 -> Sta11).
    const answer = await peer.nextPdu();
    expect(answer.type).toBe('A-RELEASE-RP');
    peer.send(encodePdu({ type: 'A-RELEASE-RP' }));
    await releasing;
    peer.socket.end();
    await expect(assoc.closed).resolves.toBeUndefined();
  });

  it('a normal release resolves `closed` (not reported as a failure)', async () => {
    const { peer, assoc } = await establish();
    const releasing = assoc.release();
    expect((await peer.nextPdu()).type).toBe('A-RELEASE-RQ');
    peer.send(encodePdu({ type: 'A-RELEASE-RP' }));
    await releasing;
    await expect(assoc.closed).resolves.toBeUndefined();
  });

  it('a peer that never answers A-RELEASE-RQ: release ends within ARTIM', async () => {
    const { peer, assoc } = await establish();
    const started = Date.now();
    await assoc.release().catch(() => undefined);
    expect(Date.now() - started).toBeLessThan(3000);
    await peer.closed;
  });
});
