/**
 * One DICOM association, requestor or acceptor side: the socket, the PDU framer and codec,
 * the PS3.8 upper-layer state machine, DIMSE fragmentation/reassembly and the bookkeeping
 * of outstanding requests. Services (verification, print, storage...) are written on top of
 * `request()` and the handler hooks, one file per service.
 *
 * Every wait is bounded: ARTIM (inside the state machine), the DIMSE response timeout per
 * request, and the optional idle timeout. Nothing here fails silently: every failure ends in
 * a typed DicomError given to the caller that waits, and in the association's `closed` promise.
 */
import { type Socket } from 'node:net';
import {
  AssociationAbortedError, DicomError, DimseProtocolError, DimseTimeoutError,
  NoPresentationContextError, TransportError,
} from './errors.js';
import { type NetworkConfig } from './config.js';
import { type AAssociateAc, type AAssociateRq, type Pdu, type PDataTf, type PduLimits } from './pdu/types.js';
import { decodePdu } from './pdu/decode.js';
import { encodePdu, encodePDataTfParts, pDataTfLength } from './pdu/encode.js';
import { PduFramer } from './pdu/framer.js';
import type { ChunkRelay } from './socket-reader.js';
import type { RequestBudget } from './request-budget.js';
import { describePdu } from './pdu/describe.js';
import { UpperLayerMachine, eventForReceivedPdu, type UpperLayerEvent, type UpperLayerIndication, type Role } from './state-machine/upper-layer-machine.js';
import { type CommandSet, encodeCommandSet, CommandField, DataSetType } from './dimse/command-set.js';
import { type DimseMessage, validateMessage, describeCommand, responseTo, serviceClassOf } from './dimse/messages.js';
import { fragmentMessage } from './dimse/fragmenter.js';
import { DimseReassembler, type DatasetSink } from './dimse/reassembler.js';
import { MessageIdAllocator } from './dimse/message-ids.js';
import { describeStatus, type ServiceClass, type StatusInfo } from './dimse/status.js';
import { type NegotiatedAssociation, type NegotiatedContext, findContext } from './negotiation/index.js';
import { describeAbort } from './negotiation/reject-reasons.js';
import { DimseTrace } from './dimse-trace.js';

/** A response as the caller sees it: the command, the data set bytes if any, and the status in words. */
export interface DimseResponse {
  command: CommandSet;
  dataset?: Uint8Array;
  status: StatusInfo;
  presentationContextId: number;
}

/** A request received from the peer, with what a handler needs to answer it. */
export interface IncomingRequest {
  command: CommandSet;
  dataset?: Uint8Array;
  /** True when the data set went to a DatasetSink (see `openDatasetSink`) instead of memory. */
  streamed: boolean;
  context: NegotiatedContext;
  association: Association;
}

/** P-DATA-TF PDUs up to this size are encoded into one buffer (see writePdu). */
const SMALL_PDU_BYTES = 4 * 1024;

export interface AssociationHandlers {
  /**
   * Answers a request from the peer. Return the response message (use dimse/messages.ts
   * factories). When absent, or when it returns undefined, a default answer is given:
   * C-ECHO success, N-EVENT-REPORT success (PS3.4 H.4.1: the SCU must answer event
   * reports), anything else 0x0211 "unrecognized operation".
   */
  onRequest?: (req: IncomingRequest) => Promise<DimseMessage | undefined> | DimseMessage | undefined;
  /** Lets a service stream a large data set (C-STORE) to disk instead of memory. */
  openDatasetSink?: (command: CommandSet, context: NegotiatedContext) => DatasetSink | undefined;
  /**
   * The peer asks to release and every answer is out: finish work deferred past the answers
   * before A-RELEASE-RP goes (the archive writes the index rows it batches), so a peer that
   * has released sees all of it. A failure here does not stop the release.
   */
  beforeRelease?: () => Promise<void> | void;
}

export interface RequestOptions {
  /** Abstract syntax whose context carries the message (e.g. the print meta SOP class). Default: the command's SOP class. */
  abstractSyntax?: string;
  /** Or an explicit presentation context ID. */
  presentationContextId?: number;
  timeoutMs?: number;
  /** Service class used to put the status into words. */
  service?: ServiceClass;
  /** Called for each pending (0xFF00/0xFF01) response of C-FIND/C-GET/C-MOVE. */
  onPending?: (rsp: DimseResponse) => void;
  /** Told the Message ID given to the request, before it is sent (a C-CANCEL must name it, PS3.7 9.3.2.3). */
  onMessageId?: (messageId: number) => void;
}

interface Pending {
  messageId: number;
  service: ServiceClass;
  timeoutMs: number;
  timer: NodeJS.Timeout | undefined;
  onPending: ((rsp: DimseResponse) => void) | undefined;
  resolve: (rsp: DimseResponse) => void;
  reject: (err: Error) => void;
  what: string;
}

export type AssociationState = 'negotiating' | 'established' | 'releasing' | 'closed';

export class Association {
  readonly role: Role;
  readonly config: NetworkConfig;
  readonly trace: DimseTrace;
  /** Settles when the association is over: resolves after a release, rejects after an abort or error. */
  readonly closed: Promise<void>;
  negotiated: NegotiatedAssociation | undefined;
  associateRq: AAssociateRq | undefined;
  associateAc: AAssociateAc | undefined;

  private readonly socket: Socket;
  private readonly machine: UpperLayerMachine;
  private readonly framer: PduFramer;
  private readonly reassembler: DimseReassembler;
  private readonly ids = new MessageIdAllocator();
  private readonly pending = new Map<number, Pending>();
  private handlers: AssociationHandlers;
  private stateValue: AssociationState = 'negotiating';
  private closeError: Error | undefined;
  private resolveClosed!: () => void;
  private rejectClosed!: (e: Error) => void;
  private idleTimer: NodeJS.Timeout | undefined;
  private releaseWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  /** Called by the requestor/acceptor set-up code with negotiation indications. */
  onNegotiation: ((ind: UpperLayerIndication) => void) | undefined;
  /** Requests being handled: release waits for their responses (no reply is lost). */
  private readonly inFlightHandlers = new Set<Promise<void>>();
  private writeChain: Promise<void> = Promise.resolve();
  private answerReleaseAfterConfirm = false;
  /** Reading stopped because too many requests await our answers (see updateReading). */
  private readingPaused = false;
  /** Set once the release handshake completed (A-RELEASE-RP sent or received): a close after it is normal. */
  private released = false;

  /** Sends the pending TCP ACK at once (tcp-quick-ack.ts); Linux. */
  private readonly quickAck: (() => void) | undefined;
  /** The server's budget of requests awaiting answers (request-budget.ts); acceptor side. */
  private readonly budget: RequestBudget | undefined;

  constructor(role: Role, socket: Socket, config: NetworkConfig, handlers: AssociationHandlers = {}, trace?: DimseTrace,
    transport: { quickAck?: (() => void) | undefined; relay?: ChunkRelay | undefined; budget?: RequestBudget | undefined } = {}) {
    this.quickAck = transport.quickAck;
    this.budget = transport.budget;
    this.role = role;
    this.socket = socket;
    this.config = config;
    this.handlers = handlers;
    this.trace = trace ?? new DimseTrace();
    this.closed = new Promise<void>((resolve, reject) => { this.resolveClosed = resolve; this.rejectClosed = reject; });
    // A rejected `closed` that nobody awaits must not crash the process.
    this.closed.catch(() => undefined);
    const limits: PduLimits = { maxAssociatePduLength: config.maxAssociatePduLength, maxPDataPduLength: config.maxPduLength };
    // P-DATA bytes are consumed (or copied) while each PDU is handled: one buffer serves them all.
    this.framer = new PduFramer(limits, { reuseDataBuffer: true, transientChunks: transport.relay !== undefined });
    this.reassembler = new DimseReassembler({
      maxCommandLength: config.maxCommandLength,
      maxDatasetLength: config.maxDatasetLength,
      onCommand: (cmd, ctxId) => this.sinkFor(cmd, ctxId),
    });
    this.machine = new UpperLayerMachine(role, {
      openTransport: () => { /* the socket is opened before the machine sees Evt1/Evt5 */ },
      sendPdu: (pdu) => this.writePdu(pdu),
      closeTransport: () => { this.socket.end(); setTimeout(() => this.socket.destroy(), 1000).unref(); },
      indicate: (ind) => this.onIndication(ind),
    }, { artimTimeoutMs: config.artimTimeoutMs });

    // Reads into one reused buffer when the socket was made for it (socket-reader.ts).
    if (transport.relay) transport.relay.attach((chunk) => this.onData(chunk, limits));
    else socket.on('data', (chunk: Buffer) => this.onData(chunk, limits));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.trace.add('transport', `socket error ${err.code ?? ''} ${err.message}`);
      this.closeError ??= new TransportError('CONNECTION_RESET', `Connection error: ${err.message}`, { cause: err });
    });
    socket.on('close', () => {
      this.budget?.stopWaiting(this.recheckReading);
      this.machine.handle({ id: 'Evt17' });
      this.finish(this.closeError);
    });
  }

  get state(): AssociationState { return this.stateValue; }
  get upperLayerState(): string { return this.machine.state; }
  get remoteAddress(): string { return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`; }
  get callingAeTitle(): string { return this.associateRq?.callingAeTitle ?? ''; }
  get calledAeTitle(): string { return this.associateRq?.calledAeTitle ?? ''; }
  /** The other side's AE title: the caller when we accepted, the called AE when we asked (C-GET sub-operations arrive on our own association). */
  get peerAeTitle(): string { return (this.role === 'acceptor' ? this.callingAeTitle : this.calledAeTitle).trim(); }

  setHandlers(handlers: AssociationHandlers): void { this.handlers = handlers; }

  /** Feeds an upper-layer event; used by the set-up code (Evt1, Evt5, Evt7, Evt8). */
  handleEvent(event: UpperLayerEvent): void { this.machine.handle(event); }

  markEstablished(negotiated: NegotiatedAssociation, rq: AAssociateRq, ac: AAssociateAc): void {
    this.negotiated = negotiated;
    this.associateRq = rq;
    this.associateAc = ac;
    this.stateValue = 'established';
    this.touch();
  }

  /**
   * Sends a request and waits for its final response (pending responses go to onPending).
   * The message ID is assigned here; a non-success status is returned, not thrown.
   */
  async request(message: DimseMessage, options: RequestOptions = {}): Promise<DimseResponse> {
    this.assertEstablished();
    const command = { ...message.command };
    const messageId = this.ids.next();
    command.messageId = messageId;
    options.onMessageId?.(messageId);
    const ctx = this.contextFor(command, options);
    const timeoutMs = options.timeoutMs ?? this.config.dimseTimeoutMs;
    const what = `response to ${describeCommand(command)}`;
    const service = options.service ?? serviceClassOf(command);
    validateMessage({ command, dataset: message.dataset });
    const response = new Promise<DimseResponse>((resolve, reject) => {
      this.pending.set(messageId, {
        messageId, service, timeoutMs, timer: undefined, onPending: options.onPending,
        resolve, reject, what,
      });
    });
    try {
      await this.sendMessage(ctx.id, { command, dataset: message.dataset });
    } catch (err) {
      this.settlePending(messageId);
      throw err;
    }
    // The response clock starts once the whole request is on the wire.
    const entry = this.pending.get(messageId);
    if (entry) this.armTimer(entry);
    try {
      return await response;
    } finally {
      this.ids.release(messageId);
    }
  }

  /** C-CANCEL for an outstanding C-FIND/C-GET/C-MOVE (PS3.7 9.3.2.3): no response is expected. */
  async cancel(messageIdBeingCancelled: number, presentationContextId: number): Promise<void> {
    this.assertEstablished();
    const command: CommandSet = {
      commandField: CommandField.C_CANCEL_RQ,
      messageIdBeingRespondedTo: messageIdBeingCancelled,
      commandDataSetType: DataSetType.None,
    };
    await this.sendMessage(presentationContextId, { command });
  }

  /** A-RELEASE (PS3.8 7.2): waits for outstanding work, then for the peer's A-RELEASE-RP (bounded by ARTIM). */
  async release(): Promise<void> {
    if (this.stateValue === 'closed') {
      if (this.closeError) throw this.closeError;
      return;
    }
    await Promise.allSettled([...this.inFlightHandlers]);
    await this.writeChain;
    this.stateValue = 'releasing';
    const done = new Promise<void>((resolve, reject) => { this.releaseWaiter = { resolve, reject }; });
    done.catch(() => undefined);
    this.machine.handle({ id: 'Evt11' });
    const timer = setTimeout(() => {
      // A peer that never answers A-RELEASE-RQ: abort rather than hang (DCMTK does the same).
      this.abort(2, 0);
    }, this.config.artimTimeoutMs);
    try {
      await done;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A-ABORT from our side (source 0 service-user by default). Never throws. */
  abort(source = 0, reason = 0): void {
    if (this.stateValue === 'closed') return;
    this.closeError ??= new AssociationAbortedError('aborted by this application', source, reason);
    this.machine.handle({ id: 'Evt15', source, reason });
    // The machine sends A-ABORT and waits (ARTIM) for the peer to close; do not wait for a peer that hangs.
    setTimeout(() => this.socket.destroy(), 200).unref();
  }

  // ---------------------------------------------------------------- incoming bytes

  private onData(chunk: Buffer, limits: PduLimits): void {
    this.touch();
    try {
      // Each PDU is handled before the framer reads on: the machine runs the event at once
      // (it queues only events raised while it is running, which a socket read never is).
      this.framer.each(chunk, (raw) => {
        if (this.stateValue === 'closed') return false;
        let pdu: Pdu;
        try {
          // A PDU queued behind a running event would outlive the framer's buffer: copy it then.
          pdu = decodePdu(this.machine.busy ? Buffer.from(raw.bytes) : raw.bytes, limits);
        } catch (err) {
          this.protocolFailure(err);
          return false;
        }
        this.trace.add('in', describePdu(pdu));
        this.machine.handle(eventForReceivedPdu(pdu));
        return true;
      });
    } catch (err) {
      this.protocolFailure(err);
    }
    // Only when the peer may be waiting for our ACK: the rest of a PDU, or more responses
    // (see tcp-quick-ack.ts). After a final response our next request carries the ACK.
    if (this.quickAck !== undefined && (this.framer.bufferedBytes > 0 || this.pending.size > 0)) this.quickAck();
  }

  /** An unreadable PDU is Evt19: the machine answers with A-ABORT (PS3.8 9.2, AA-8). */
  private protocolFailure(err: unknown): void {
    const e = err instanceof DicomError ? err : new DimseProtocolError('INTERNAL', String(err));
    this.trace.add('error', e.message);
    this.closeError ??= new AssociationAbortedError(`protocol error: ${e.message}`, 2, 0);
    this.machine.handle({ id: 'Evt19', error: e });
    setTimeout(() => this.socket.destroy(), 200).unref();
  }

  private onIndication(ind: UpperLayerIndication): void {
    switch (ind.kind) {
      case 'associate-confirm-accept':
      case 'associate-confirm-reject':
      case 'associate-indication':
        this.onNegotiation?.(ind);
        return;
      case 'p-data':
        this.onPData(ind.pdu);
        return;
      case 'release-indication':
        if (ind.collision && this.role === 'acceptor') {
          // Release collision, acceptor side (Sta10): answer only after the peer's A-RELEASE-RP (AR-10 -> Sta12).
          this.answerReleaseAfterConfirm = true;
          return;
        }
        // The peer asks to release: answer once our own responses are out (PS3.8 7.2).
        void Promise.allSettled([...this.inFlightHandlers]).then(() => this.writeChain).then(() => this.handlers.beforeRelease?.())
          .catch((err: unknown) => { this.trace.add('error', `before release: ${err instanceof Error ? err.message : String(err)}`); }).then(() => {
          this.stateValue = 'releasing';
          if (!ind.collision) this.released = true;
          this.machine.handle({ id: 'Evt14' });
        });
        return;
      case 'release-confirm':
        this.released = true;
        if (this.answerReleaseAfterConfirm) {
          this.answerReleaseAfterConfirm = false;
          this.machine.handle({ id: 'Evt14' });
        }
        this.releaseWaiter?.resolve();
        return;
      case 'abort': {
        const err = new AssociationAbortedError(
          ind.pdu ? `by the peer: ${describeAbort(ind.source, ind.reason)}` : `by the network layer: ${describeAbort(ind.source, ind.reason)}`,
          ind.source, ind.reason);
        this.closeError ??= err;
        this.failAll(this.closeError);
        this.onNegotiation?.(ind);
        return;
      }
      case 'protocol-error':
        if (this.released) {
          // After A-RELEASE-RP only the close remains; a peer slow to close (ARTIM in Sta13) is not a failure.
          this.trace.add('info', `after release: ${ind.error.message}`);
          return;
        }
        // The indication always carries a DicomError (ProtocolError, ArtimTimeoutError...).
        this.closeError ??= new AssociationAbortedError(`protocol error: ${ind.error.message}`, 2, 0);
        this.failAll(this.closeError);
        this.onNegotiation?.(ind);
        return;
      case 'closed':
        this.onNegotiation?.(ind);
        return;
      default:
        return;
    }
  }

  private onPData(pdu: PDataTf): void {
    for (const pdv of pdu.pdvs) {
      let message;
      try {
        message = this.reassembler.push(pdv);
      } catch (err) {
        this.protocolFailure(err);
        return;
      }
      if (message) this.dispatch(message.presentationContextId, message.command, message.dataset, message.streamed === true);
    }
  }

  private dispatch(contextId: number, command: CommandSet, dataset: Uint8Array | undefined, streamed: boolean): void {
    this.trace.add('in', describeCommand(command));
    const isResponse = (command.commandField & 0x8000) !== 0;
    if (isResponse) {
      this.onResponse(contextId, command, dataset);
      return;
    }
    if (command.commandField === CommandField.C_CANCEL_RQ) {
      const handler = this.handlers.onRequest;
      if (handler) void Promise.resolve(handler({ command, dataset, streamed, context: this.contextById(contextId), association: this })).catch(() => undefined);
      return;
    }
    const work = this.answer(contextId, command, dataset, streamed);
    this.inFlightHandlers.add(work);
    this.budget?.take();
    this.updateReading();
    void work.finally(() => {
      this.inFlightHandlers.delete(work);
      // Gives to the budget, which tells every association waiting for room (this one too).
      if (this.budget) this.budget.give(); else this.updateReading();
    });
  }

  /**
   * Stops reading while this association has too many requests awaiting our answers, or the
   * server's budget is spent; resumes when both allow. A peer past its window is read more
   * slowly, not refused: what it has sent is answered, and open files and memory stay
   * bounded meanwhile.
   */
  private updateReading(): void {
    const stop = this.stateValue !== 'closed'
      && (this.inFlightHandlers.size >= this.inFlightBound() || (this.budget?.spent ?? false));
    if (stop && !this.readingPaused) {
      this.readingPaused = true;
      this.socket.pause();
      this.budget?.waitForRoom(this.recheckReading);
    } else if (!stop && this.readingPaused) {
      this.readingPaused = false;
      this.budget?.stopWaiting(this.recheckReading);
      if (this.stateValue !== 'closed') this.socket.resume();
    }
  }

  private readonly recheckReading = (): void => this.updateReading();

  /**
   * Requests we answer at once before we stop reading: the Asynchronous Operations Window
   * we granted (PS3.7 D.3.3.3; 1 when none was negotiated) plus a margin, so that a peer
   * that pipelines without asking, or a C-CANCEL behind a running C-FIND, is still read.
   */
  private inFlightBound(): number {
    const granted = this.role === 'acceptor' ? this.negotiated?.asyncOpsWindow?.maxOperationsInvoked ?? 1 : 1;
    return Math.max(1, granted) + IN_FLIGHT_MARGIN;
  }

  /**
   * How many requests we may have outstanding at once (requestor): the Asynchronous
   * Operations Window the acceptor granted, 1 (synchronous) when none was negotiated.
   * A granted 0 means unlimited; callers bound it themselves.
   */
  get maxOutstandingRequests(): number {
    const w = this.negotiated?.asyncOpsWindow?.maxOperationsInvoked ?? 1;
    return w === 0 ? Number.POSITIVE_INFINITY : w;
  }

  private async answer(contextId: number, command: CommandSet, dataset: Uint8Array | undefined, streamed: boolean): Promise<void> {
    let context: NegotiatedContext;
    try {
      context = this.contextById(contextId);
    } catch (err) {
      this.protocolFailure(err);
      return;
    }
    let response: DimseMessage | undefined;
    try {
      response = await this.handlers.onRequest?.({ command, dataset, streamed, context, association: this });
    } catch (err) {
      // A handler that throws still answers: 0x0110 processing failure (PS3.7 C.4.2), with the reason.
      this.trace.add('error', `handler failed: ${err instanceof Error ? err.message : String(err)}`);
      response = defaultResponse(command, 0x0110, err instanceof Error ? err.message : String(err));
    }
    response ??= defaultResponse(command, undefined);
    if (!response) return;
    response.command.messageIdBeingRespondedTo = command.messageId;
    if (this.stateValue === 'closed') return;
    try {
      await this.sendMessage(contextId, response);
    } catch (err) {
      this.trace.add('error', `could not send response: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private onResponse(contextId: number, command: CommandSet, dataset: Uint8Array | undefined): void {
    const id = command.messageIdBeingRespondedTo;
    const entry = id === undefined ? undefined : this.pending.get(id);
    if (!entry) {
      // PS3.7 9.1/10.1: a response must answer an outstanding request. An unknown ID means the
      // peer and we disagree about the exchange: that is a protocol error, not a silent drop.
      this.protocolFailure(new DimseProtocolError('UNKNOWN_MESSAGE_ID',
        `Response ${describeCommand(command)} answers message ID ${String(id)}, which is not outstanding`));
      return;
    }
    const status = describeStatus(command.status ?? 0xFFFF, entry.service);
    const rsp: DimseResponse = { command, dataset, status, presentationContextId: contextId };
    if (status.category === 'pending') {
      // Each pending response restarts the clock: a long C-MOVE is alive as long as it reports.
      this.armTimer(entry);
      try { entry.onPending?.(rsp); } catch { /* a listener's failure must not break the exchange */ }
      return;
    }
    this.settlePending(entry.messageId);
    entry.resolve(rsp);
  }

  private sinkFor(command: CommandSet, contextId: number): DatasetSink | undefined {
    if (!this.handlers.openDatasetSink) return undefined;
    const context = this.negotiated?.contexts.find((c) => c.id === contextId && c.accepted);
    if (!context) return undefined;
    return this.handlers.openDatasetSink(command, context);
  }

  // ---------------------------------------------------------------- outgoing

  private async sendMessage(contextId: number, message: DimseMessage): Promise<void> {
    const commandBytes = encodeCommandSet(message.command);
    this.trace.add('out', describeCommand(message.command));
    const peerMax = this.negotiated?.peerMaxPduLength ?? 0;
    const pdus = fragmentMessage(contextId, commandBytes, message.dataset, peerMax);
    // Messages go out whole and in order: a response must not be interleaved inside a large request.
    const previous = this.writeChain;
    let release!: () => void;
    this.writeChain = new Promise<void>((r) => { release = r; });
    try {
      await previous;
      // The whole message in one writev: PDU and item headers with views of the data
      // (writePdu), not an allocation, a copy and a system call per PDU. Its data stays in
      // memory anyway, so queueing all of it costs nothing more; the message counts as sent
      // when the kernel has taken its last byte (which bounds what waits in Node).
      this.lastWrite = undefined;
      this.socket.cork();
      try {
        for (const pdu of pdus) {
          if (this.stateValue === 'closed') throw this.closeError ?? new AssociationAbortedError('the association is closed');
          this.machine.handle({ id: 'Evt9', pdu });
        }
      } finally {
        this.socket.uncork();
      }
      await this.sent(this.lastWrite, message.command);
    } finally {
      release();
    }
  }

  /**
   * Waits until the kernel has taken a message's last byte. A peer that stops reading would
   * hold that forever (the response clock starts only after): a DIMSE timeout without any
   * progress aborts the association. Node's socket timeout counts a write still under way
   * as activity, so a slow link that keeps taking data is not cut off.
   */
  private async sent(done: Promise<void> | undefined, command: CommandSet): Promise<void> {
    const limit = this.config.dimseTimeoutMs;
    if (done === undefined || limit <= 0) return done;
    const onStall = (): void => {
      const err = new DimseTimeoutError(`read of our ${describeCommand(command)} (it stopped taking data)`, limit);
      this.trace.add('error', err.message);
      this.closeError ??= err;
      this.abort(2, 0);
    };
    this.socket.setTimeout(limit, onStall);
    try {
      await done;
    } finally {
      this.socket.setTimeout(0);
      this.socket.off('timeout', onStall);
    }
  }

  /** Settles once the kernel has taken the last PDU written (see sendMessage). */
  private lastWrite: Promise<void> | undefined;

  private writePdu(pdu: Pdu): void {
    if (pdu.type !== 'P-DATA-TF') this.trace.add('out', describePdu(pdu));
    if (this.socket.destroyed) return;
    this.touch();
    // A small PDU (a command, a response) is one buffer: one plain write, not a writev of pieces.
    const parts = pdu.type === 'P-DATA-TF' && pDataTfLength(pdu) > SMALL_PDU_BYTES ? encodePDataTfParts(pdu) : [encodePdu(pdu)];
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) this.socket.write(parts[i] as Uint8Array);
    this.lastWrite = new Promise<void>((resolve, reject) => {
      this.socket.write(parts[last] as Uint8Array, (err) => {
        if (err) reject(this.closeError ?? new TransportError('CONNECTION_CLOSED', `The connection closed while sending: ${err.message}`, { cause: err }));
        else resolve();
      });
    });
    // Awaited by sendMessage only; a PDU the machine sends on its own (release, abort) may fail unseen.
    this.lastWrite.catch(() => undefined);
  }

  // ---------------------------------------------------------------- helpers

  private contextFor(command: CommandSet, options: RequestOptions): NegotiatedContext {
    const negotiated = this.negotiated;
    if (!negotiated) throw new NoPresentationContextError('(not negotiated)');
    if (options.presentationContextId !== undefined) return this.contextById(options.presentationContextId);
    const abstractSyntax = options.abstractSyntax ?? command.affectedSopClassUid ?? command.requestedSopClassUid;
    if (!abstractSyntax) throw new NoPresentationContextError('(no SOP class in the command)');
    const ctx = findContext(negotiated, abstractSyntax);
    if (!ctx) throw new NoPresentationContextError(abstractSyntax);
    return ctx;
  }

  private contextById(id: number): NegotiatedContext {
    const ctx = this.negotiated?.contexts.find((c) => c.id === id && c.accepted);
    if (!ctx) throw new DimseProtocolError('NO_SUCH_CONTEXT', `Presentation context ${id} was not accepted on this association`);
    return ctx;
  }

  private armTimer(entry: Pending): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      const err = new DimseTimeoutError(entry.what, entry.timeoutMs);
      this.trace.add('error', err.message);
      this.settlePending(entry.messageId);
      entry.reject(err);
      // After a lost response the two sides no longer agree on the exchange: abort (as DCMTK does).
      this.closeError ??= err;
      this.abort(2, 0);
    }, entry.timeoutMs);
  }

  private settlePending(messageId: number): void {
    const entry = this.pending.get(messageId);
    if (entry?.timer) clearTimeout(entry.timer);
    this.pending.delete(messageId);
  }

  private failAll(err: Error): void {
    for (const entry of [...this.pending.values()]) {
      this.settlePending(entry.messageId);
      entry.reject(err);
    }
    this.releaseWaiter?.reject(err);
    this.releaseWaiter = undefined;
  }

  private assertEstablished(): void {
    if (this.stateValue !== 'established') {
      throw this.closeError ?? new AssociationAbortedError(`the association is ${this.stateValue}`);
    }
  }

  private touch(): void {
    if (this.config.idleTimeoutMs <= 0) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.pending.size > 0) return; // a request is waiting: its own DIMSE timeout governs
      this.trace.add('error', `idle for ${this.config.idleTimeoutMs} ms: aborting`);
      this.closeError ??= new DimseTimeoutError('activity', this.config.idleTimeoutMs);
      this.abort(2, 0);
    }, this.config.idleTimeoutMs);
    this.idleTimer.unref();
  }

  private finish(err: Error | undefined): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.stateValue = 'closed';
    const failure = err ?? (this.released ? undefined : new TransportError('CONNECTION_CLOSED', 'The peer closed the connection without releasing the association'));
    if (failure) {
      this.closeError ??= failure;
      // A data set cut off mid-transfer: its sink (a temp file) must be discarded, not kept.
      this.reassembler.abort(failure);
      this.failAll(failure);
      this.rejectClosed(failure);
    } else {
      this.releaseWaiter?.resolve();
      this.resolveClosed();
    }
  }
}

/** Requests beyond the granted window answered at once before reading stops (see inFlightBound). */
const IN_FLIGHT_MARGIN = 16;

/** The answer given when no handler answers (see AssociationHandlers.onRequest). */
function defaultResponse(request: CommandSet, status: number | undefined, comment?: string): DimseMessage | undefined {
  if (request.commandField === CommandField.C_CANCEL_RQ || request.messageId === undefined) return undefined;
  // C-ECHO and N-EVENT-REPORT succeed by default; anything nobody handles is 0x0211 (PS3.7 C.5.13).
  const field = request.commandField;
  const code = status ?? (field === CommandField.C_ECHO_RQ || field === CommandField.N_EVENT_REPORT_RQ ? 0x0000 : 0x0211);
  return responseTo(request, code, comment && code !== 0 ? { errorComment: comment.slice(0, 64) } : {});
}

