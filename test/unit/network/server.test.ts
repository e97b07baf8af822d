/**
 * The acceptor side against a scripted byte-level client: silence, aborts, PDUs out of
 * order, too many associations, release. Each case asserts what went over the wire.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DicomServer } from '../../../core/network/server.js';
import { answerEcho } from '../../../core/services/verification.js';
import { buildAssociateRq } from '../../../core/network/negotiation/requestor.js';
import { encodePdu } from '../../../core/network/pdu/encode.js';
import { encodeCommandSet, decodeCommandSet } from '../../../core/network/dimse/command-set.js';
import { cEchoRq, cStoreRq, cStoreRsp } from '../../../core/network/dimse/messages.js';
import { associate } from '../../../core/network/associate.js';
import type { Association } from '../../../core/network/association.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, TransferSyntax, VERIFICATION_SOP_CLASS } from '../../../core/dicom/uids.js';
import { scriptedClient } from '../../support/scripted-peer.js';

let server: DicomServer | undefined;
afterEach(async () => { await server?.close({ graceful: false }); server = undefined; });

/** How each association of the current test's server ended (late events of earlier servers go elsewhere). */
let closings: (Error | undefined)[] = [];

async function start(maxAssociations = 8, o: { quickAck?: boolean; onAssociation?: (a: Association) => void } = {}): Promise<number> {
  const mine: (Error | undefined)[] = [];
  closings = mine;
  server = new DicomServer({
    events: { onClosed: (_a, err) => mine.push(err), ...(o.onAssociation ? { onAssociation: o.onAssociation } : {}) },
    policy: {
      aeTitle: 'SCP', checkCalledAeTitle: true,
      supported: [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }],
      maxPduLength: 16384, implementationClassUid: IMPLEMENTATION_CLASS_UID, implementationVersionName: IMPLEMENTATION_VERSION_NAME,
    },
    handlers: { onRequest: answerEcho },
    config: { artimTimeoutMs: 300, maxAssociations, ...(o.quickAck !== undefined ? { quickAck: o.quickAck } : {}) },
  });
  return server.listen(0, '127.0.0.1');
}

const rq = () => buildAssociateRq({
  callingAeTitle: 'CLIENT', calledAeTitle: 'SCP', maxPduLength: 16384,
  proposals: [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }],
});

describe('DicomServer against a scripted client', () => {
  it('a client that connects and says nothing is closed when ARTIM expires (Sta2, PS3.8 9.1.5)', async () => {
    const port = await start();
    const client = await scriptedClient(port);
    const opened = Date.now();
    const closedAt = await client.closed;
    expect(closedAt - opened).toBeGreaterThanOrEqual(250);
    expect(closedAt - opened).toBeLessThan(2000);
    expect(client.received).toEqual([]);
  });

  it('a P-DATA-TF before any association gets A-ABORT and a close (Sta2, AA-1)', async () => {
    const port = await start();
    const client = await scriptedClient(port);
    client.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ presentationContextId: 1, isCommand: true, isLastFragment: true, data: new Uint8Array(4) }] }));
    expect((await client.nextPdu()).type).toBe('A-ABORT');
    await client.closed;
  });

  it('a full exchange: AC, C-ECHO-RSP for our message ID, RP on release', async () => {
    const port = await start();
    const client = await scriptedClient(port);
    client.send(encodePdu(rq()));
    const ac = await client.nextPdu();
    expect(ac.type).toBe('A-ASSOCIATE-AC');
    const echoCmd = encodeCommandSet(cEchoRq({ messageId: 42 }).command);
    client.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ presentationContextId: 1, isCommand: true, isLastFragment: true, data: echoCmd }] }));
    const rsp = await client.nextPdu();
    if (rsp.type !== 'P-DATA-TF') throw new Error(`expected P-DATA-TF, got ${rsp.type}`);
    const cmd = decodeCommandSet(rsp.pdvs[0]!.data, 65536);
    expect(cmd.commandField).toBe(0x8030);
    expect(cmd.messageIdBeingRespondedTo).toBe(42);
    expect(cmd.status).toBe(0);
    client.send(encodePdu({ type: 'A-RELEASE-RQ' }));
    expect((await client.nextPdu()).type).toBe('A-RELEASE-RP');
    await client.closed;
    await expect.poll(() => server?.activeAssociations).toBe(0);
    // A released association ends without an error on our side too.
    await expect.poll(() => closings.length).toBe(1);
    expect(closings[0]).toBeUndefined();
  });

  it('an abort from the client in Sta6 frees the association', async () => {
    const port = await start();
    const client = await scriptedClient(port);
    client.send(encodePdu(rq()));
    expect((await client.nextPdu()).type).toBe('A-ASSOCIATE-AC');
    await expect.poll(() => server?.activeAssociations).toBe(1);
    client.send(encodePdu({ type: 'A-ABORT', source: 0, reason: 0 }));
    await expect.poll(() => server?.activeAssociations).toBe(0);
    await expect.poll(() => closings.length).toBe(1);
    expect(closings[0]?.message).toMatch(/aborted/i);
  });

  it('beyond maxAssociations the RQ is rejected transiently (source 3, reason 2 local-limit-exceeded)', async () => {
    const port = await start(2);
    const held = [];
    for (let i = 0; i < 2; i++) {
      const c = await scriptedClient(port);
      c.send(encodePdu(rq()));
      expect((await c.nextPdu()).type).toBe('A-ASSOCIATE-AC');
      held.push(c);
    }
    const third = await scriptedClient(port);
    third.send(encodePdu(rq()));
    const rj = await third.nextPdu();
    expect(rj).toMatchObject({ type: 'A-ASSOCIATE-RJ', result: 2, source: 3, reason: 2 });
    await third.closed;
    for (const c of held) c.socket.destroy();
  });

  it('a second A-ASSOCIATE-RQ on an established association is an A-ABORT (Sta6, Evt6 -> AA-8)', async () => {
    const port = await start();
    const client = await scriptedClient(port);
    client.send(encodePdu(rq()));
    expect((await client.nextPdu()).type).toBe('A-ASSOCIATE-AC');
    client.send(encodePdu(rq()));
    const abort = await client.nextPdu();
    expect(abort).toMatchObject({ type: 'A-ABORT', source: 2 });
    await client.closed;
  });
});

describe('DicomServer: requests outstanding at once', () => {
  const CT_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

  /** A server whose C-STORE answers take 40 ms, counting how many it holds at once. */
  async function slowStore(maxOperationsInvoked?: number, maxRequestsInFlight?: number): Promise<{ port: number; most: () => number }> {
    let now = 0;
    let most = 0;
    server = new DicomServer({
      policy: {
        aeTitle: 'SCP', checkCalledAeTitle: true,
        supported: [{ abstractSyntax: CT_STORAGE, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }],
        maxPduLength: 16384, implementationClassUid: IMPLEMENTATION_CLASS_UID, implementationVersionName: IMPLEMENTATION_VERSION_NAME,
        ...(maxOperationsInvoked !== undefined ? { maxOperationsInvoked } : {}),
      },
      handlers: {
        onRequest: async (req) => {
          most = Math.max(most, ++now);
          await new Promise((r) => setTimeout(r, 40));
          now -= 1;
          return cStoreRsp(req.command, 0);
        },
      },
      config: { artimTimeoutMs: 2000, ...(maxRequestsInFlight !== undefined ? { maxRequestsInFlight } : {}) },
    });
    return { port: await server.listen(0, '127.0.0.1'), most: () => most };
  }

  const storeMany = async (port: number, n: number, window?: number): Promise<number[]> => {
    const a = await associate({
      host: '127.0.0.1', port, callingAeTitle: 'CLIENT', calledAeTitle: 'SCP',
      proposals: [{ abstractSyntax: CT_STORAGE, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }],
      ...(window ? { asyncOpsWindow: { maxOperationsInvoked: window, maxOperationsPerformed: 1 } } : {}),
    });
    // 64 KiB data sets: one read of the socket (256 KiB) holds at most four of them.
    const dataset = new Uint8Array(64 * 1024);
    const rsps = await Promise.all(Array.from({ length: n }, (_, i) => a.request(cStoreRq({
      messageId: 0, affectedSopClassUid: CT_STORAGE, affectedSopInstanceUid: `1.2.3.${i + 1}`, dataset,
    }))));
    await a.release();
    return rsps.map((r) => r.status.code);
  };

  it('a peer sending past its window is read more slowly, not refused: all answered, the rest wait in TCP', async () => {
    const { port, most } = await slowStore();
    const statuses = await storeMany(port, 60);
    expect(statuses).toEqual(new Array(60).fill(0));
    // Granted 1 (no window asked) + a margin of 16: reading stops there; without the pause
    // all 60 would be held at once (they arrive within milliseconds of one another).
    expect(most()).toBeGreaterThanOrEqual(17);
    expect(most()).toBeLessThanOrEqual(17 + 4);
  });

  it('across associations, the server budget stops reading too: two pipelining peers, all answered, few held at once', async () => {
    const { port, most } = await slowStore(undefined, 4);
    const statuses = await Promise.all([storeMany(port, 20), storeMany(port, 20)]);
    expect(statuses.flat()).toEqual(new Array(40).fill(0));
    // Budget 4, plus what each association had already read when it was spent (a 256 KiB read
    // holds at most four of these messages). Per association alone it would be 17 + 4 each.
    expect(most()).toBeGreaterThanOrEqual(4);
    expect(most()).toBeLessThanOrEqual(4 + 2 * 4);
    expect(server?.budget.inFlight).toBe(0);
  });

  it('grants the window it was configured for, at most what the requestor offered', async () => {
    const { port } = await slowStore(8);
    for (const [offered, granted] of [[4, 4], [32, 8]] as const) {
      const a = await associate({
        host: '127.0.0.1', port, callingAeTitle: 'CLIENT', calledAeTitle: 'SCP',
        proposals: [{ abstractSyntax: CT_STORAGE, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }],
        asyncOpsWindow: { maxOperationsInvoked: offered, maxOperationsPerformed: 1 },
      });
      expect(a.maxOutstandingRequests).toBe(granted);
      await a.release();
    }
  });
});

describe.runIf(process.platform === 'linux')('DicomServer: prompt ACKs (tcp-quick-ack.ts)', () => {
  it('accepted associations acknowledge reads a Nagle sender may wait on, unless configured off', async () => {
    for (const quickAck of [true, false]) {
      const traces: string[] = [];
      const port = await start(8, { quickAck, onAssociation: (a) => traces.push(a.trace.toText()) });
      const a = await associate({ host: '127.0.0.1', port, callingAeTitle: 'CLIENT', calledAeTitle: 'SCP',
        proposals: [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }] });
      await a.release();
      expect(traces).toHaveLength(1);
      if (quickAck) expect(traces[0]).toMatch(/TCP_QUICKACK on/);
      else expect(traces[0]).not.toMatch(/TCP_QUICKACK/);
      await server?.close({ graceful: false });
      server = undefined;
    }
  });
});
