/**
 * A peer that accepts the association, then stops reading: our request must not wait
 * forever for the kernel to take it. The DIMSE timeout, counted while nothing moves,
 * aborts the association with an error that says so.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { associate } from '../../../core/network/associate.js';
import { cStoreRq } from '../../../core/network/dimse/messages.js';
import { negotiateAsAcceptor, type AcceptorPolicy } from '../../../core/network/negotiation/acceptor.js';
import { decodePdu } from '../../../core/network/pdu/decode.js';
import { encodePdu } from '../../../core/network/pdu/encode.js';
import { PduFramer } from '../../../core/network/pdu/framer.js';
import type { AAssociateRq } from '../../../core/network/pdu/types.js';
import { TransferSyntax } from '../../../core/dicom/uids.js';

const LIMITS = { maxAssociatePduLength: 1 << 20, maxPDataPduLength: 1 << 20 };
const CT = '1.2.840.10008.5.1.4.1.1.2'; // CT Image Storage

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(() => { for (const s of sockets) s.destroy(); server?.close(); server = undefined; });

/** Accepts the association, then never reads again. */
function deafScp(): Promise<number> {
  const policy: AcceptorPolicy = {
    aeTitle: 'DEAF', checkCalledAeTitle: false, maxPduLength: 65536, implementationClassUid: '1.2.3.4', implementationVersionName: 'DEAF',
    supported: [{ abstractSyntax: CT, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }],
  };
  return new Promise((resolve) => {
    server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
      const framer = new PduFramer(LIMITS);
      socket.on('data', (chunk: Buffer) => {
        for (const raw of framer.push(chunk)) {
          const pdu = decodePdu(raw.bytes, LIMITS);
          if (pdu.type !== 'A-ASSOCIATE-RQ') continue;
          const d = negotiateAsAcceptor(pdu as AAssociateRq, policy);
          socket.write(encodePdu(d.kind === 'accept' ? d.ac : d.rj));
          socket.pause(); // and stays deaf
        }
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const a = server!.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

describe('sending to a peer that stops reading', () => {
  it('is aborted after the DIMSE timeout without progress, with an error that says what stalled', async () => {
    const port = await deafScp();
    const association = await associate({
      host: '127.0.0.1', port, callingAeTitle: 'FSTEST', calledAeTitle: 'DEAF', config: { dimseTimeoutMs: 500 },
      proposals: [{ abstractSyntax: CT, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] }],
    });
    // Far more than the loopback buffers hold, so the kernel stops taking it.
    const dataset = new Uint8Array(64 * 1024 * 1024);
    const t = performance.now();
    await expect(association.request(cStoreRq({ messageId: 1, affectedSopClassUid: CT, affectedSopInstanceUid: '1.2.3', dataset })))
      .rejects.toThrow(/No read of our C-STORE-RQ.*stopped taking data.*500 ms/);
    expect(performance.now() - t).toBeLessThan(4000);
    await association.closed.catch(() => undefined);
    expect(association.state).toBe('closed');
  });
});
