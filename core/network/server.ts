/**
 * Acceptor side: a TCP listener that negotiates each incoming association with an
 * AcceptorPolicy and gives established associations their service handlers.
 * Bounded: maximum concurrent associations (rejected transiently beyond it, PS3.8 Table 9-21
 * source 3 reason 2), ARTIM while waiting for the A-ASSOCIATE-RQ, DIMSE/idle timeouts.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { adoptAccepted } from './socket-reader.js';
import { configuredQuickAck } from './tcp-quick-ack.js';
import { RequestBudget } from './request-budget.js';
import { type NetworkConfig, networkConfig } from './config.js';
import { Association, type AssociationHandlers } from './association.js';
import { negotiateAsAcceptor, type AcceptorPolicy } from './negotiation/acceptor.js';
import { type AAssociateRq } from './pdu/types.js';
import { DimseTrace, type TraceEntry } from './dimse-trace.js';

export interface ServerEvents {
  /** An association was accepted; handlers may be chosen per association. */
  onAssociation?: (association: Association, rq: AAssociateRq) => void;
  /** An association was rejected (with the plain-language reason). */
  onRejected?: (rq: AAssociateRq, reason: string, remote: string) => void;
  /** Any association ended; `error` when it did not end with a release. */
  onClosed?: (association: Association, error: Error | undefined) => void;
  onTrace?: (remote: string, entry: TraceEntry) => void;
}

export interface DicomServerOptions {
  policy: AcceptorPolicy;
  handlers: AssociationHandlers | ((association: Association) => AssociationHandlers);
  config?: Partial<NetworkConfig>;
  events?: ServerEvents;
}

export class DicomServer {
  readonly config: NetworkConfig;
  private readonly server: Server;
  private readonly associations = new Set<Association>();
  private readonly sockets = new Set<Socket>();
  private accepting = true;
  private policy: AcceptorPolicy;
  /** Requests awaiting answers across all associations (request-budget.ts). */
  readonly budget: RequestBudget;

  constructor(private readonly options: DicomServerOptions) {
    this.config = networkConfig(options.config);
    this.policy = options.policy;
    this.budget = new RequestBudget(Math.max(1, this.config.maxRequestsInFlight));
    // Paused: the connection is handed to a socket reading into a reused buffer first (socket-reader.ts).
    this.server = createServer({ pauseOnConnect: true }, (socket) => this.onConnection(socket));
  }

  /** Listens and resolves with the bound port (pass 0 for a free port). */
  listen(port: number, host = '0.0.0.0'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  get activeAssociations(): number { return this.associations.size; }

  setPolicy(policy: AcceptorPolicy): void { this.policy = policy; }

  /**
   * Stops accepting new connections. With `graceful` (default) open associations may finish
   * (bounded by `timeoutMs`, then they are aborted); otherwise they are aborted at once.
   */
  async close(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    this.accepting = false;
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const all = [...this.associations];
    if (opts.graceful ?? true) {
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, opts.timeoutMs ?? 30_000).unref());
      await Promise.race([Promise.allSettled(all.map((a) => a.closed)), deadline]);
    }
    for (const a of this.associations) a.abort(2, 0);
    for (const s of this.sockets) s.destroy();
    await serverClosed;
  }

  private onConnection(accepted: Socket): void {
    if (!this.accepting) { accepted.destroy(); return; }
    const { socket, relay } = adoptAccepted(accepted);
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const trace = new DimseTrace(500, this.options.events?.onTrace ? (e) => this.options.events?.onTrace?.(remote, e) : undefined);
    // Senders on DCMTK's stack as shipped leave Nagle on (tcp-quick-ack.ts).
    const quickAck = configuredQuickAck(socket, this.config.quickAck, trace);
    const association = new Association('acceptor', socket, this.config, {}, trace, { relay, quickAck, budget: this.budget });
    let counted = false;
    association.onNegotiation = (ind) => {
      if (ind.kind !== 'associate-indication') return;
      const rq = ind.pdu;
      const decision = negotiateAsAcceptor(rq, this.policy, {
        activeAssociations: this.associations.size,
        maxAssociations: this.config.maxAssociations,
      });
      if (decision.kind === 'reject') {
        trace.add('info', `rejecting ${rq.callingAeTitle}: ${decision.text}`);
        this.options.events?.onRejected?.(rq, decision.text, remote);
        association.handleEvent({ id: 'Evt8', pdu: decision.rj });
        return;
      }
      this.associations.add(association);
      counted = true;
      association.markEstablished({
        contexts: decision.contexts,
        peerMaxPduLength: rq.userInformation.maximumLength ?? 0,
        peerImplementationClassUid: rq.userInformation.implementationClassUid,
        peerImplementationVersionName: rq.userInformation.implementationVersionName,
        ...(decision.asyncOpsWindow ? { asyncOpsWindow: decision.asyncOpsWindow } : {}),
      }, rq, decision.ac);
      const handlers = typeof this.options.handlers === 'function' ? this.options.handlers(association) : this.options.handlers;
      association.setHandlers(handlers);
      association.handleEvent({ id: 'Evt7', pdu: decision.ac });
      this.options.events?.onAssociation?.(association, rq);
    };
    association.closed.then(
      () => { if (counted) this.associations.delete(association); this.options.events?.onClosed?.(association, undefined); },
      (err: unknown) => { if (counted) this.associations.delete(association); this.options.events?.onClosed?.(association, err instanceof Error ? err : new Error(String(err))); },
    );
    // Evt5: transport connection indication; the machine starts ARTIM waiting for the RQ (AE-5).
    association.handleEvent({ id: 'Evt5' });
  }
}
