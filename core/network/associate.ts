/**
 * Requestor side: open a TCP connection, negotiate, and hand back an established Association.
 *   const a = await associate({ host, port, callingAeTitle, calledAeTitle, proposals });
 *   const rsp = await cEcho(a); await a.release();
 */
import { type NetworkConfig, networkConfig } from './config.js';
import { Association, type AssociationHandlers } from './association.js';
import { connectTransport } from './transport.js';
import { configuredQuickAck } from './tcp-quick-ack.js';
import { ArtimTimeoutError, AssociationAbortedError, AssociationRejectedError, DicomError, TransportError } from './errors.js';
import { buildAssociateRq, interpretAssociateAc, type Proposal } from './negotiation/requestor.js';
import { describeRejection } from './negotiation/reject-reasons.js';
import { type AsynchronousOperationsWindow, type UserIdentityRq } from './pdu/types.js';
import { DimseTrace } from './dimse-trace.js';

export interface AssociateOptions {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  proposals: Proposal[];
  config?: Partial<NetworkConfig>;
  handlers?: AssociationHandlers;
  userIdentity?: UserIdentityRq;
  trace?: DimseTrace;
  /** Proposed Asynchronous Operations Window (PS3.7 D.3.3.3); omitted = synchronous. */
  asyncOpsWindow?: AsynchronousOperationsWindow;
}

export async function associate(opts: AssociateOptions): Promise<Association> {
  const config = networkConfig(opts.config);
  const rq = buildAssociateRq({
    callingAeTitle: opts.callingAeTitle,
    calledAeTitle: opts.calledAeTitle,
    proposals: opts.proposals,
    maxPduLength: config.maxPduLength,
    userIdentity: opts.userIdentity,
    asyncOpsWindow: opts.asyncOpsWindow,
  });
  const trace = opts.trace ?? new DimseTrace();
  trace.add('transport', `connecting to ${opts.host}:${opts.port}`);
  const { socket, relay } = await connectTransport({ host: opts.host, port: opts.port, timeoutMs: config.connectTimeoutMs });
  const quickAck = configuredQuickAck(socket, config.quickAck, trace);
  const association = new Association('requestor', socket, config, opts.handlers, trace, { quickAck, relay });

  return new Promise<Association>((resolve, reject) => {
    let settled = false;
    const settle = (err: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      association.onNegotiation = undefined;
      if (err) reject(err); else resolve(association);
    };
    // ARTIM only runs in Sta2/Sta13 (PS3.8 Table 9-10); the wait for A-ASSOCIATE-AC/RJ (Sta5)
    // is bounded here with the same duration, as DCMTK's connection timeout does.
    const timer = setTimeout(() => {
      settle(new ArtimTimeoutError('Sta5 (awaiting A-ASSOCIATE-AC or -RJ)', config.artimTimeoutMs));
      association.abort(2, 0);
    }, config.artimTimeoutMs);
    association.onNegotiation = (ind) => {
      switch (ind.kind) {
        case 'associate-confirm-accept':
          try {
            association.markEstablished(interpretAssociateAc(rq, ind.pdu), rq, ind.pdu);
            settle(undefined);
          } catch (err) {
            association.abort(2, 0);
            settle(err instanceof Error ? err : new DicomError('association', 'BAD_AC', String(err)));
          }
          return;
        case 'associate-confirm-reject':
          settle(new AssociationRejectedError(ind.pdu.result, ind.pdu.source, ind.pdu.reason,
            describeRejection(ind.pdu.result, ind.pdu.source, ind.pdu.reason)));
          return;
        case 'abort':
          settle(new AssociationAbortedError(`during negotiation with ${opts.calledAeTitle}@${opts.host}:${opts.port}`, ind.source, ind.reason));
          return;
        case 'protocol-error':
          settle(ind.error instanceof DicomError ? ind.error : new AssociationAbortedError('protocol error during negotiation'));
          return;
        default:
          return;
      }
    };
    association.closed.catch((err: unknown) => {
      settle(err instanceof Error ? err : new TransportError('CONNECTION_CLOSED', 'The connection closed during negotiation'));
    }).then(() => settle(new TransportError('CONNECTION_CLOSED', 'The connection closed during negotiation')), () => undefined);
    // Evt1 (A-ASSOCIATE request) then Evt2 (transport confirmed): the socket is already open.
    association.handleEvent({ id: 'Evt1', pdu: rq });
    association.handleEvent({ id: 'Evt2' });
  });
}
