/**
 * Interoperability with DCMTK echoscu: a scripted acceptor (association PDUs hand-built here, so
 * this test exercises only the DIMSE layer) reassembles echoscu's C-ECHO-RQs with DimseReassembler
 * and answers with cEchoRsp + encodeCommandSet + fragmentMessage. We announce a tiny maximum PDU
 * length so that echoscu must fragment its command, and fragment our responses into tiny PDVs too.
 */
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { CommandField, encodeCommandSet } from '../../../../core/network/dimse/command-set.js';
import { fragmentMessage } from '../../../../core/network/dimse/fragmenter.js';
import { cEchoRsp } from '../../../../core/network/dimse/messages.js';
import { DimseReassembler } from '../../../../core/network/dimse/reassembler.js';
import type { PDataTf, Pdv } from '../../../../core/network/pdu/types.js';

const hasEchoscu = spawnSync('echoscu', ['--version']).status === 0;

function item(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h[0] = type;
  h.writeUInt16BE(body.length, 2);
  return Buffer.concat([h, body]);
}

function pduBytes(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(6);
  h[0] = type;
  h.writeUInt32BE(body.length, 2);
  return Buffer.concat([h, body]);
}

/** A-ASSOCIATE-AC accepting every proposed context with Implicit VR LE (PS3.8 9.3.3). */
function associateAc(rq: Buffer, ourMaxPdu: number): Buffer {
  const contextIds: number[] = [];
  for (let o = 74; o + 4 <= rq.length;) {
    const len = rq.readUInt16BE(o + 2);
    if (rq[o] === 0x20) contextIds.push(rq[o + 4] ?? 0);
    o += 4 + len;
  }
  const fixed = Buffer.alloc(68);
  fixed.writeUInt16BE(1, 0);
  rq.copy(fixed, 4, 10, 42); // called + calling AE titles, echoed
  const maxLen = Buffer.alloc(4);
  maxLen.writeUInt32BE(ourMaxPdu, 0);
  const items = [
    item(0x10, Buffer.from('1.2.840.10008.3.1.1.1')),
    ...contextIds.map((id) => item(0x21, Buffer.concat([Buffer.from([id, 0, 0, 0]), item(0x40, Buffer.from('1.2.840.10008.1.2'))]))),
    item(0x50, Buffer.concat([item(0x51, maxLen), item(0x52, Buffer.from('1.2.826.0.1.3680043.9.1'))])),
  ];
  return pduBytes(0x02, Buffer.concat([fixed, ...items]));
}

function parsePdvs(body: Buffer): Pdv[] {
  const pdvs: Pdv[] = [];
  for (let o = 0; o + 6 <= body.length;) {
    const len = body.readUInt32BE(o);
    const ctl = body[o + 5] ?? 0;
    pdvs.push({ presentationContextId: body[o + 4] ?? 0, isCommand: (ctl & 1) !== 0, isLastFragment: (ctl & 2) !== 0, data: body.subarray(o + 6, o + 4 + len) });
    o += 4 + len;
  }
  return pdvs;
}

function encodePData(p: PDataTf): Buffer {
  return pduBytes(0x04, Buffer.concat(p.pdvs.map((pdv) => {
    const h = Buffer.alloc(6);
    h.writeUInt32BE(pdv.data.length + 2, 0);
    h[4] = pdv.presentationContextId;
    h[5] = (pdv.isCommand ? 1 : 0) | (pdv.isLastFragment ? 2 : 0);
    return Buffer.concat([h, pdv.data]);
  })));
}

describe.skipIf(!hasEchoscu)('echoscu interop', () => {
  it('DCMTK echoscu accepts our C-ECHO-RSPs; we reassemble its fragmented C-ECHO-RQs', async () => {
    const received: Array<{ id: number | undefined; pdvs: number }> = [];
    const server = net.createServer((sock) => {
      let buf = Buffer.alloc(0);
      let pdvCount = 0;
      const reassembler = new DimseReassembler({ maxCommandLength: 65536, maxDatasetLength: 1 << 20 });
      sock.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 6) {
          const len = buf.readUInt32BE(2);
          if (buf.length < 6 + len) return;
          const type = buf[0];
          const body = buf.subarray(6, 6 + len);
          buf = buf.subarray(6 + len);
          if (type === 0x01) sock.write(associateAc(Buffer.concat([Buffer.alloc(6), body]), 64));
          else if (type === 0x05) sock.end(pduBytes(0x06, Buffer.alloc(4)));
          else if (type === 0x04) {
            for (const pdv of parsePdvs(body)) {
              pdvCount++;
              const msg = reassembler.push(pdv);
              if (msg === undefined) continue;
              received.push({ id: msg.command.messageId, pdvs: pdvCount });
              pdvCount = 0;
              const rsp = cEchoRsp(msg.command);
              for (const p of fragmentMessage(msg.presentationContextId, encodeCommandSet(rsp.command), undefined, 20)) {
                sock.write(encodePData(p));
              }
            }
          }
        }
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const out = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
        const p = spawn('echoscu', ['-v', '--repeat', '3', '-aet', 'FILMSTATION', '-aec', 'TEST', '127.0.0.1', String(port)]);
        let text = '';
        p.stdout.on('data', (d: Buffer) => { text += d.toString(); });
        p.stderr.on('data', (d: Buffer) => { text += d.toString(); });
        const timer = setTimeout(() => { p.kill(); reject(new Error(`echoscu timed out:\n${text}`)); }, 15000);
        p.on('close', (code) => { clearTimeout(timer); resolve({ code, text }); });
      });
      expect(out.text).not.toMatch(/E: /);
      expect(out.text.match(/Received Echo Response \(Success\)/g)).toHaveLength(3);
      expect(out.code).toBe(0);
      expect(received.map((r) => r.id)).toEqual([1, 2, 3]);
      // 68-byte command through a 64-byte maximum PDU: echoscu had to send at least two fragments.
      expect(received.every((r) => r.pdvs >= 2)).toBe(true);
      expect(CommandField.C_ECHO_RSP).toBe(0x8030);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
