/**
 * A scripted Query/Retrieve SCP at the PDU level, for the cases no real PACS produces on
 * demand: pending responses paced by the test, C-CANCEL seen or ignored, out-of-resources and
 * partial-failure statuses, an abort in the middle. Built from the network core's codec pieces
 * (negotiation, PDU codec, DIMSE fragmenter/reassembler), not from Association, so it can
 * misbehave on purpose.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { negotiateAsAcceptor, type AcceptorPolicy } from '../../../../core/network/negotiation/acceptor.js';
import { decodePdu } from '../../../../core/network/pdu/decode.js';
import { encodePdu } from '../../../../core/network/pdu/encode.js';
import { PduFramer } from '../../../../core/network/pdu/framer.js';
import type { AAssociateRq, Pdu } from '../../../../core/network/pdu/types.js';
import { DimseReassembler } from '../../../../core/network/dimse/reassembler.js';
import { fragmentMessage } from '../../../../core/network/dimse/fragmenter.js';
import { encodeCommandSet, type CommandSet } from '../../../../core/network/dimse/command-set.js';
import type { DimseMessage } from '../../../../core/network/dimse/messages.js';
import { SopClass, TransferSyntax } from '../../../../core/dicom/uids.js';

export interface ScriptContext {
  command: CommandSet;
  dataset: Uint8Array | undefined;
  contextId: number;
  /** Sends a message (a response) on the request's context. */
  send(message: DimseMessage): void;
  /** Resolves when a C-CANCEL for this request arrives. */
  cancelled: Promise<CommandSet>;
  abort(): void;
  /** Closes the TCP connection without A-ABORT (the PACS process died). */
  drop(): void;
}

export interface ScriptedScp {
  port: number;
  /** Every C-CANCEL-RQ received. */
  cancels: CommandSet[];
  requests: CommandSet[];
  close(): Promise<void>;
}

const LIMITS = { maxAssociatePduLength: 1 << 20, maxPDataPduLength: 1 << 20 };

export async function startScriptedQrScp(script: (ctx: ScriptContext) => void | Promise<void>, aeTitle = 'SCRIPTED'): Promise<ScriptedScp> {
  const policy: AcceptorPolicy = {
    aeTitle, checkCalledAeTitle: false, maxPduLength: 65536, implementationClassUid: '1.2.3.4', implementationVersionName: 'SCRIPTED',
    supported: [
      SopClass.StudyRootQueryRetrieveInformationModelFind, SopClass.StudyRootQueryRetrieveInformationModelMove,
      SopClass.StudyRootQueryRetrieveInformationModelGet, SopClass.PatientRootQueryRetrieveInformationModelFind,
    ].map((abstractSyntax) => ({ abstractSyntax, transferSyntaxes: [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian] })),
  };
  const cancels: CommandSet[] = [];
  const requests: CommandSet[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const framer = new PduFramer(LIMITS);
    const reassembler = new DimseReassembler({ maxCommandLength: 65536, maxDatasetLength: 1 << 24 });
    const cancelWaiters = new Map<number, (c: CommandSet) => void>();
    const write = (pdu: Pdu): void => { if (!socket.destroyed) socket.write(encodePdu(pdu)); };
    socket.on('data', (chunk: Buffer) => {
      for (const raw of framer.push(chunk)) {
        const pdu = decodePdu(raw.bytes, LIMITS);
        if (pdu.type === 'A-ASSOCIATE-RQ') {
          const d = negotiateAsAcceptor(pdu as AAssociateRq, policy);
          write(d.kind === 'accept' ? d.ac : d.rj);
        } else if (pdu.type === 'A-RELEASE-RQ') {
          write({ type: 'A-RELEASE-RP' });
          socket.end();
        } else if (pdu.type === 'A-ABORT') {
          socket.destroy();
        } else if (pdu.type === 'P-DATA-TF') {
          for (const m of reassembler.pushPdu(pdu)) {
            if (m.command.commandField === 0x0fff) {
              cancels.push(m.command);
              cancelWaiters.get(m.command.messageIdBeingRespondedTo ?? -1)?.(m.command);
              continue;
            }
            requests.push(m.command);
            const contextId = m.presentationContextId;
            const id = m.command.messageId ?? 0;
            const cancelled = new Promise<CommandSet>((resolve) => cancelWaiters.set(id, resolve));
            void script({
              command: m.command, dataset: m.dataset, contextId, cancelled,
              send: (msg) => {
                for (const p of fragmentMessage(contextId, encodeCommandSet(msg.command), msg.dataset, 65536)) write(p);
              },
              abort: () => { write({ type: 'A-ABORT', source: 0, reason: 0 }); setTimeout(() => socket.destroy(), 50); },
              drop: () => socket.destroy(),
            });
          }
        }
      }
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    resolve(typeof a === 'object' && a ? a.port : 0);
  }));
  return {
    port, cancels, requests,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}
