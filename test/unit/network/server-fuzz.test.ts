/**
 * Bounded fuzz of the whole receiving path of our SCP: framer, PDU decoder, upper-layer state
 * machine, DIMSE reassembly and negotiation, over real sockets. Mutated conversations from real
 * DCMTK captures are thrown at a running DicomServer; it must close or answer each one within
 * ARTIM, keep no association or memory behind, and still answer a normal C-ECHO at the end.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DicomServer } from '../../../core/network/server.js';
import { answerEcho, echo } from '../../../core/services/verification.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, TransferSyntax, VERIFICATION_SOP_CLASS } from '../../../core/dicom/uids.js';
import { prng, type Rand } from '../../fuzz/pdu-fuzz-inputs.js';

const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`../../fixtures/pdu/${name}`, import.meta.url)));

/** A real echoscu conversation, PDU by PDU, with the called AE title set to ours. */
function conversation(): Buffer[] {
  const rq = Buffer.from(fixture('echoscu-associate-rq.bin'));
  // Called AE title: bytes 10..25 of the A-ASSOCIATE-RQ (PS3.8 Table 9-11).
  Buffer.from('FUZZSCP'.padEnd(16, ' ')).copy(rq, 10);
  return [rq, fixture('echoscu-p-data-tf-c-echo-rq.bin'), fixture('echoscu-release-rq.bin')];
}

function mutate(pdus: Buffer[], rand: Rand): Buffer {
  const out = pdus.map((p) => Buffer.from(p));
  const target = out[Math.floor(rand() * out.length)]!;
  const kind = Math.floor(rand() * 6);
  const flips = 1 + Math.floor(rand() * 8);
  switch (kind) {
    case 0: // flip random bytes
      for (let i = 0; i < flips; i++) target[Math.floor(rand() * target.length)] = Math.floor(rand() * 256);
      break;
    case 1: // rewrite a length field (PDU or item) with a hostile value
      target.writeUInt32BE([0, 1, 0x7fffffff, 0xffffffff, Math.floor(rand() * 0xffff)][Math.floor(rand() * 5)]!, 2);
      break;
    case 2: { // truncate one PDU but keep its declared length
      const cut = Math.floor(rand() * target.length);
      out[out.indexOf(target)] = target.subarray(0, cut);
      break;
    }
    case 3: // reorder the conversation
      out.reverse();
      break;
    case 4: // duplicate a PDU (a second A-ASSOCIATE-RQ, a second release...)
      out.splice(Math.floor(rand() * out.length), 0, Buffer.from(target));
      break;
    default: // random garbage appended
      out.push(Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))));
  }
  return Buffer.concat(out);
}

/** Sends bytes in random chunks; resolves when the server closes the connection (or after waitMs). */
function throwAt(port: number, bytes: Buffer, rand: Rand, waitMs: number): Promise<'closed' | 'open'> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let done = false;
    const finish = (how: 'closed' | 'open'): void => { if (!done) { done = true; socket.destroy(); resolve(how); } };
    socket.on('error', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('data', () => undefined);
    socket.on('connect', () => {
      let offset = 0;
      while (offset < bytes.length) {
        const n = 1 + Math.floor(rand() * 300);
        socket.write(bytes.subarray(offset, offset + n));
        offset += n;
      }
    });
    setTimeout(() => finish('open'), waitMs);
  });
}

describe('SCP receiving mutated conversations', () => {
  let server: DicomServer;
  let port: number;
  beforeAll(async () => {
    server = new DicomServer({
      policy: {
        aeTitle: 'FUZZSCP', checkCalledAeTitle: true,
        supported: [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }],
        maxPduLength: 16384, implementationClassUid: IMPLEMENTATION_CLASS_UID, implementationVersionName: IMPLEMENTATION_VERSION_NAME,
      },
      handlers: { onRequest: answerEcho },
      config: { artimTimeoutMs: 200, dimseTimeoutMs: 200, idleTimeoutMs: 400 },
    });
    port = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => { await server.close({ graceful: false }); });

  it('the unmutated conversation is answered (the harness itself works)', async () => {
    const rand = prng(1);
    expect(await throwAt(port, Buffer.concat(conversation()), rand, 2000)).toBe('closed');
  });

  it('200 mutated conversations: every connection ends, nothing leaks, the server still answers', async () => {
    const rand = prng(20261127);
    const base = conversation();
    const rssBefore = process.memoryUsage().rss;
    const outcomes = { closed: 0, open: 0 };
    // Twenty at a time keeps the test short while still overlapping associations.
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all(Array.from({ length: 20 }, () => throwAt(port, mutate(base, rand), rand, 1500)));
      for (const r of results) outcomes[r]++;
    }
    // Every hostile connection was closed by the server within ARTIM/idle limits.
    expect(outcomes.open).toBe(0);
    await expect.poll(() => server.activeAssociations, { timeout: 3000 }).toBe(0);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    expect(grownMb).toBeLessThan(100);
    const ok = await echo({ host: '127.0.0.1', port, calledAeTitle: 'FUZZSCP', callingAeTitle: 'AFTER' });
    expect(ok.ok).toBe(true);
  }, 60_000);
});
