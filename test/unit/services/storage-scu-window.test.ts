/**
 * Our Storage SCU's Asynchronous Operations Window (PS3.7 D.3.3.3) against a scripted
 * acceptor: what goes into the A-ASSOCIATE-RQ, and what happens when a peer refuses it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendFiles } from '../../../core/services/storage-scu.js';
import { encodePdu } from '../../../core/network/pdu/encode.js';
import { decodeCommandSet, encodeCommandSet, type CommandSet } from '../../../core/network/dimse/command-set.js';
import { cStoreRsp } from '../../../core/network/dimse/messages.js';
import { type AAssociateAc, type AAssociateRq, DICOM_APPLICATION_CONTEXT, emptyUserInformation } from '../../../core/network/pdu/types.js';
import { scriptedServer, type PeerConnection, type ScriptedServer } from '../../support/scripted-peer.js';
import { fixture, variant } from '../archive/dicom-variants.js';

let server: ScriptedServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function acceptAll(rq: AAssociateRq): AAssociateAc {
  return {
    type: 'A-ASSOCIATE-AC', protocolVersion: 1, calledAeTitle: rq.calledAeTitle, callingAeTitle: rq.callingAeTitle,
    applicationContextName: DICOM_APPLICATION_CONTEXT,
    presentationContexts: rq.presentationContexts.map((pc) => ({ id: pc.id, result: 0, transferSyntax: pc.transferSyntaxes[0] ?? '' })),
    userInformation: { ...emptyUserInformation(), maximumLength: 16384, implementationClassUid: '1.2.3.4', implementationVersionName: 'OLDPACS' },
  };
}

async function nextRq(peer: PeerConnection): Promise<AAssociateRq> {
  const pdu = await peer.nextPdu();
  if (pdu.type !== 'A-ASSOCIATE-RQ') throw new Error(`expected an A-ASSOCIATE-RQ, got ${pdu.type}`);
  return pdu;
}

/** Reads one whole C-STORE-RQ (command and data set) and answers it with Success. */
async function answerOneStore(peer: PeerConnection): Promise<void> {
  let command: CommandSet | undefined;
  let contextId = 0;
  for (let done = false; !done;) {
    const pdu = await peer.nextPdu();
    if (pdu.type !== 'P-DATA-TF') throw new Error(`expected P-DATA-TF, got ${pdu.type}`);
    for (const pdv of pdu.pdvs) {
      if (pdv.isCommand) { command = decodeCommandSet(pdv.data, 65_536); contextId = pdv.presentationContextId; }
      else if (pdv.isLastFragment) done = true;
    }
  }
  if (!command) throw new Error('no command received');
  const rsp = encodeCommandSet(cStoreRsp(command, 0).command);
  peer.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ presentationContextId: contextId, isCommand: true, isLastFragment: true, data: rsp }] }));
}

describe('Storage SCU: Asynchronous Operations Window', () => {
  it('proposes 8 invoked / 1 performed; a peer that rejects that RQ is asked once more without it, and gets the instance', async () => {
    server = await scriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'fs-scu-window-'));
    const file = join(dir, 'ct.dcm');
    writeFileSync(file, variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm')).bytes);
    const sending = sendFiles({ host: '127.0.0.1', port: server.port, calledAeTitle: 'OLDPACS', callingAeTitle: 'FS', files: [file] });

    const first = await server.nextConnection();
    expect((await nextRq(first)).userInformation.asynchronousOperationsWindow).toEqual({ maxOperationsInvoked: 8, maxOperationsPerformed: 1 });
    first.send(encodePdu({ type: 'A-ASSOCIATE-RJ', result: 1, source: 1, reason: 1 }));

    const second = await server.nextConnection();
    const rq = await nextRq(second);
    expect(rq.userInformation.asynchronousOperationsWindow).toBeUndefined();
    second.send(encodePdu(acceptAll(rq)));
    await answerOneStore(second);
    expect((await second.nextPdu()).type).toBe('A-RELEASE-RQ');
    second.send(encodePdu({ type: 'A-RELEASE-RP' }));

    const report = await sending;
    expect(report.sent).toBe(1);
    expect(report.outstanding).toBe(1);
  });

  it('--window 1 proposes no window at all', async () => {
    server = await scriptedServer();
    dir = mkdtempSync(join(tmpdir(), 'fs-scu-window-'));
    const file = join(dir, 'ct.dcm');
    writeFileSync(file, variant(fixture('ts/CT1_UNC.implicit_little_endian.dcm')).bytes);
    const sending = sendFiles({ host: '127.0.0.1', port: server.port, calledAeTitle: 'OLDPACS', callingAeTitle: 'FS', files: [file], window: 1 });
    const peer = await server.nextConnection();
    expect((await nextRq(peer)).userInformation.asynchronousOperationsWindow).toBeUndefined();
    // A rejection without a window proposed is final: no second attempt.
    peer.send(encodePdu({ type: 'A-ASSOCIATE-RJ', result: 1, source: 1, reason: 1 }));
    const report = await sending;
    expect(report.sent).toBe(0);
    expect(report.results[0]?.error).toMatch(/reject/i);
    await expect(server.nextConnection(300)).rejects.toThrow();
  });
});
