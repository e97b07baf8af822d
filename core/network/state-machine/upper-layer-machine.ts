/**
 * The DICOM Upper Layer protocol machine (PS3.8 section 9.2): a small driver over
 * the data in transition-table.ts and actions.ts.
 *
 * handle(event) looks up (state, event) in PS3.8 Table 9-10, runs the action
 * (Tables 9-6..9-9) through an injected port, and moves to the next state. It never
 * throws: invalid (state, event) pairs are cells of the table too (see
 * transition-table.ts) and end in A-ABORT handling plus a 'protocol-error'
 * indication.
 *
 * Run-to-completion: an event handed in while another is being processed (a port
 * method or an indication handler calling handle() synchronously, the ARTIM callback)
 * is queued and processed after the current transition is complete, so actions never
 * interleave and every indication handler sees the new state.
 */
import {
  ArtimTimeoutError, DicomError, ProtocolError, TransportError,
} from '../errors.js';
import type {
  AAbort, AAssociateAc, AAssociateRj, AAssociateRq, AReleaseRp, AReleaseRq, PDataTf, Pdu,
} from '../pdu/types.js';
import type { ActionId } from './actions.js';
import { ArtimTimer, type TimerApi } from './artim-timer.js';
import { isEventId, type EventId } from './events.js';
import type { StateId } from './states.js';
import { isBenignInvalidPair, isStandardCell, transitionTable } from './transition-table.js';

export type Role = 'requestor' | 'acceptor';

/** The side effects the actions ask for. Implemented by the association/transport glue. */
export interface UpperLayerPort {
  /** AE-1: issue TRANSPORT CONNECT; report the outcome later as Evt2 or Evt17. */
  openTransport(): void;
  /** Write one PDU on the transport connection. */
  sendPdu(pdu: Pdu): void;
  /**
   * Close the transport connection. Must be idempotent: the filled-in invalid pairs in
   * Sta1/Sta4 (AA-2) may call it when no connection is open.
   */
  closeTransport(): void;
  /** Deliver a primitive to the local service-user. */
  indicate(indication: UpperLayerIndication): void;
}

export type UpperLayerIndication =
  /** AE-3: A-ASSOCIATE confirmation (accept). */
  | { kind: 'associate-confirm-accept'; pdu: AAssociateAc }
  /** AE-4: A-ASSOCIATE confirmation (reject); the transport is closed right after. */
  | { kind: 'associate-confirm-reject'; pdu: AAssociateRj }
  /** AE-6 (acceptable RQ): A-ASSOCIATE indication; answer with Evt7 or Evt8. */
  | { kind: 'associate-indication'; pdu: AAssociateRq }
  /**
   * AE-6 (RQ not acceptable to the service-provider: protocol version bit 0 clear):
   * we sent this A-ASSOCIATE-RJ ourselves. Informational; the user never saw the RQ.
   */
  | { kind: 'associate-rejected-by-provider'; request: AAssociateRq; pdu: AAssociateRj }
  /** DT-2, AR-6: P-DATA indication. */
  | { kind: 'p-data'; pdu: PDataTf }
  /**
   * AR-2 (collision false) and AR-8 (collision true): A-RELEASE indication. In a
   * collision the requestor (Sta9) answers at once with Evt14; the acceptor (Sta10)
   * waits for 'release-confirm' and then answers with Evt14 (PS3.8 Table 9-10).
   */
  | { kind: 'release-indication'; collision: boolean }
  /** AR-3 (transport closed right after) and AR-10 (collision, acceptor side). */
  | { kind: 'release-confirm'; collision: boolean }
  /**
   * AA-3: A-ABORT indication (source 0, service-user) or A-P-ABORT (source 2,
   * service-provider) from a received A-ABORT PDU. AA-4 and AA-8: A-P-ABORT issued by
   * our own provider (source 2; AA-4 carries the transport error when known).
   */
  | { kind: 'abort'; source: number; reason: number; provider: boolean; pdu?: AAbort; error?: DicomError }
  /** An invalid event for the state, an invalid PDU (Evt19), or ARTIM expiry (Evt18). */
  | { kind: 'protocol-error'; error: DicomError; state: StateId; event: EventId }
  /** The machine went back to Sta1 (transport gone). Always the last indication of an association. */
  | { kind: 'closed' };

/** The machine's input alphabet (PS3.8 Table 9-10 rows) with payloads. */
export type UpperLayerEvent =
  | { id: 'Evt1'; pdu: AAssociateRq }
  | { id: 'Evt2' }
  | { id: 'Evt3'; pdu: AAssociateAc }
  | { id: 'Evt4'; pdu: AAssociateRj }
  | { id: 'Evt5' }
  | { id: 'Evt6'; pdu: AAssociateRq }
  | { id: 'Evt7'; pdu: AAssociateAc }
  | { id: 'Evt8'; pdu: AAssociateRj }
  | { id: 'Evt9'; pdu: PDataTf }
  | { id: 'Evt10'; pdu: PDataTf }
  | { id: 'Evt11' }
  | { id: 'Evt12'; pdu?: AReleaseRq }
  | { id: 'Evt13'; pdu?: AReleaseRp }
  | { id: 'Evt14' }
  /**
   * Local A-ABORT request. source 0 (service-user, the default) or 2
   * (service-provider); reason is sent only with source 2 (PS3.8 Table 9-26).
   */
  | { id: 'Evt15'; source?: number; reason?: number }
  | { id: 'Evt16'; pdu: AAbort }
  | { id: 'Evt17'; error?: DicomError }
  | { id: 'Evt18' }
  /** reason: A-ABORT reason to send (PS3.8 Table 9-26: 1 unrecognized-PDU, 6 invalid-PDU-parameter value...). */
  | { id: 'Evt19'; error: DicomError; reason?: number };

/** One executed transition, for diagnostics and the DIMSE log. */
export interface TransitionRecord {
  readonly seq: number;
  readonly state: StateId;
  readonly event: EventId;
  readonly action: ActionId;
  readonly next: StateId;
  /** False when the cell is one we filled in (blank in PS3.8 Table 9-10). */
  readonly standard: boolean;
}

export interface UpperLayerMachineOptions {
  /** ARTIM timeout (NetworkConfig.artimTimeoutMs, PS3.8 section 9.1.5). */
  artimTimeoutMs: number;
  /** Injectable timers for tests; defaults to the host's setTimeout/clearTimeout. */
  timers?: TimerApi;
  /** Transitions kept in `trace` (ring buffer). Default 200; 0 keeps none. */
  traceSize?: number;
  /** Bound on events queued by re-entrant handle() calls. Default 1000. */
  maxQueuedEvents?: number;
}

/** A-ABORT source values (PS3.8 Table 9-26). */
const ABORT_SOURCE_SERVICE_USER = 0;
const ABORT_SOURCE_SERVICE_PROVIDER = 2;
/** A-ABORT reasons (PS3.8 Table 9-26), meaningful with source 2. */
const ABORT_REASON_NOT_SPECIFIED = 0;
const ABORT_REASON_UNEXPECTED_PDU = 2;

/** PDU type each PDU-carrying event must hold. */
const EXPECTED_PDU_TYPE: Partial<Record<EventId, Pdu['type']>> = {
  Evt1: 'A-ASSOCIATE-RQ', Evt3: 'A-ASSOCIATE-AC', Evt4: 'A-ASSOCIATE-RJ', Evt6: 'A-ASSOCIATE-RQ',
  Evt7: 'A-ASSOCIATE-AC', Evt8: 'A-ASSOCIATE-RJ', Evt9: 'P-DATA-TF', Evt10: 'P-DATA-TF',
  Evt12: 'A-RELEASE-RQ', Evt13: 'A-RELEASE-RP', Evt16: 'A-ABORT',
};
/** Events whose pdu may be omitted (the PDU has no parameters). */
const PDU_OPTIONAL: ReadonlySet<EventId> = new Set<EventId>(['Evt12', 'Evt13']);
/** Events that report a PDU received from the peer. */
const RECEIVED_PDU_EVENTS: ReadonlySet<EventId> = new Set<EventId>(['Evt3', 'Evt4', 'Evt6', 'Evt10', 'Evt12', 'Evt13', 'Evt16']);

/** Map a decoded PDU from the peer to its event (PS3.8 Table 9-10 rows). */
export function eventForReceivedPdu(pdu: Pdu): UpperLayerEvent {
  switch (pdu.type) {
    case 'A-ASSOCIATE-RQ': return { id: 'Evt6', pdu };
    case 'A-ASSOCIATE-AC': return { id: 'Evt3', pdu };
    case 'A-ASSOCIATE-RJ': return { id: 'Evt4', pdu };
    case 'P-DATA-TF': return { id: 'Evt10', pdu };
    case 'A-RELEASE-RQ': return { id: 'Evt12', pdu };
    case 'A-RELEASE-RP': return { id: 'Evt13', pdu };
    case 'A-ABORT': return { id: 'Evt16', pdu };
  }
}

function isByte(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255;
}

/** Per-transition scratch: indications are delivered after the state has changed. */
interface Step {
  readonly state: StateId;
  readonly event: UpperLayerEvent;
  readonly indications: UpperLayerIndication[];
  /** A sendPdu/openTransport failure, turned into Evt17 after this transition. */
  transportFailure: DicomError | undefined;
}

export class UpperLayerMachine {
  private current: StateId = 'Sta1';
  private currentRole: Role;
  private readonly port: UpperLayerPort;
  private readonly artim: ArtimTimer;
  private readonly traceSize: number;
  private readonly maxQueuedEvents: number;
  private readonly traceBuffer: TransitionRecord[] = [];
  private readonly queue: UpperLayerEvent[] = [];
  private processing = false;
  private seq = 0;
  /** A-ASSOCIATE-RQ given with Evt1, sent by AE-2 once the transport is open. */
  private pendingRequest: AAssociateRq | undefined;
  /** Last error thrown by the port's indicate() (the user's handler); kept, not rethrown. */
  lastIndicationError: unknown = undefined;

  constructor(role: Role, port: UpperLayerPort, options: UpperLayerMachineOptions) {
    this.currentRole = role;
    this.port = port;
    this.artim = new ArtimTimer(options.artimTimeoutMs, () => this.handle({ id: 'Evt18' }), options.timers);
    this.traceSize = Math.max(0, Math.floor(options.traceSize ?? 200));
    this.maxQueuedEvents = Math.max(1, Math.floor(options.maxQueuedEvents ?? 1000));
  }

  get state(): StateId {
    return this.current;
  }

  /**
   * requestor or acceptor. Starts as given to the constructor; AE-1 (we issued the
   * A-ASSOCIATE request) makes it 'requestor' and AE-5 (the peer connected to us)
   * 'acceptor', which is what AR-8 needs to pick Sta9 or Sta10.
   */
  get role(): Role {
    return this.currentRole;
  }

  /** True while an event is being processed (events handed in now are queued). */
  get busy(): boolean {
    return this.processing;
  }

  get artimRunning(): boolean {
    return this.artim.isRunning;
  }

  /** The last transitions, oldest first (a copy). */
  get trace(): readonly TransitionRecord[] {
    return [...this.traceBuffer];
  }

  /** Feed one event. Never throws. */
  handle(event: UpperLayerEvent): void {
    if (this.queue.length >= this.maxQueuedEvents) {
      // Only a port that answers every action with more events synchronously can get
      // here; dropping is bounded and reported rather than looping forever.
      this.deliver([{
        kind: 'protocol-error', state: this.current, event: isEventId(event?.id) ? event.id : 'Evt19',
        error: new DicomError('upper-layer', 'EVENT_QUEUE_OVERFLOW',
          `More than ${this.maxQueuedEvents} events queued re-entrantly; event dropped`),
      }]);
      return;
    }
    this.queue.push(event);
    if (this.processing) return;
    this.processing = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
        this.step(next);
      }
    } finally {
      this.processing = false;
    }
  }

  private step(raw: UpperLayerEvent): void {
    const event = this.validate(raw);
    if (event === undefined) return;
    const step: Step = { state: this.current, event, indications: [], transportFailure: undefined };
    let action: ActionId;
    let next: StateId;
    let standard: boolean;
    try {
      action = transitionTable[step.state][event.id];
      standard = isStandardCell(step.state, event.id);
      const cause = this.protocolErrorFor(step.state, event, action, standard);
      if (cause !== undefined) {
        step.indications.push({ kind: 'protocol-error', error: cause, state: step.state, event: event.id });
      }
      next = this.perform(action, step);
    } catch (error) {
      // Last resort, should be unreachable: an internal bug must not leave a half-open
      // association. Drop everything and report.
      action = 'AA-2';
      standard = false;
      next = 'Sta1';
      this.artim.stop();
      this.callPort(step, () => this.port.closeTransport(), false);
      step.indications.push({
        kind: 'protocol-error', state: step.state, event: event.id,
        error: new DicomError('upper-layer', 'INTERNAL', `Upper layer machine failed in ${step.state}/${event.id}`, { cause: error }),
      });
    }
    this.current = next;
    if (next === 'Sta1') {
      // Invariant: ARTIM never outlives the association (it only runs in Sta2/Sta13).
      this.artim.stop();
      this.pendingRequest = undefined;
      if (step.state !== 'Sta1') step.indications.push({ kind: 'closed' });
    }
    this.record({ seq: ++this.seq, state: step.state, event: event.id, action, next, standard });
    this.deliver(step.indications);
    // The failure happened during this transition: it goes before anything the
    // service-user queued from its indication handlers.
    if (step.transportFailure !== undefined) this.queue.unshift({ id: 'Evt17', error: step.transportFailure });
  }

  /**
   * Check the payload at runtime (events may come from untyped code). A received PDU
   * of the wrong kind becomes Evt19; a local primitive with a bad payload is refused
   * with a 'protocol-error' and no transition (it is the caller's bug, not the peer's).
   */
  private validate(raw: UpperLayerEvent): UpperLayerEvent | undefined {
    const candidate: unknown = raw;
    const id: unknown = typeof candidate === 'object' && candidate !== null ? (candidate as { id?: unknown }).id : undefined;
    if (!isEventId(id)) {
      this.deliver([{
        kind: 'protocol-error', state: this.current, event: 'Evt19',
        error: new ProtocolError(this.current, String(id), 'not a PS3.8 Table 9-10 event'),
      }]);
      return undefined;
    }
    const expected = EXPECTED_PDU_TYPE[id];
    if (expected !== undefined) {
      const pdu: unknown = (raw as { pdu?: unknown }).pdu;
      const type = typeof pdu === 'object' && pdu !== null ? (pdu as { type?: unknown }).type : undefined;
      const ok = type === expected || (pdu === undefined && PDU_OPTIONAL.has(id));
      if (!ok) {
        const error = new ProtocolError(this.current, id, `expected a ${expected} PDU, got ${String(type)}`);
        if (RECEIVED_PDU_EVENTS.has(id)) return { id: 'Evt19', error };
        this.deliver([{ kind: 'protocol-error', state: this.current, event: id, error }]);
        return undefined;
      }
    }
    if (raw.id === 'Evt19' && !(raw.error instanceof DicomError)) {
      return { id: 'Evt19', error: new ProtocolError(this.current, 'Evt19', 'invalid PDU'), reason: raw.reason };
    }
    return raw;
  }

  /** Which transitions the service-user must hear about as a protocol error (PS3.8 9.2.3). */
  private protocolErrorFor(state: StateId, event: UpperLayerEvent, action: ActionId, standard: boolean): DicomError | undefined {
    if (event.id === 'Evt19') return event.error;
    if (!standard) {
      return isBenignInvalidPair(state, event.id)
        ? undefined
        : new ProtocolError(state, event.id, `invalid event for the state (blank cell of PS3.8 Table 9-10), handled with ${action}`);
    }
    if (event.id === 'Evt18') return new ArtimTimeoutError(state, this.artim.timeoutMs);
    if (action === 'AA-8' || action === 'AA-7' || (action === 'AA-1' && event.id !== 'Evt15')) {
      return new ProtocolError(state, event.id, `unexpected PDU, association aborted with ${action}`);
    }
    return undefined;
  }

  // ---- actions (PS3.8 Tables 9-6..9-9); each returns the next state --------------

  private perform(action: ActionId, step: Step): StateId {
    const { event } = step;
    switch (action) {
      // Table 9-6. Association establishment
      case 'AE-1':
        // Issue TRANSPORT CONNECT; the RQ is sent by AE-2 when Evt2 confirms it.
        this.pendingRequest = event.id === 'Evt1' ? event.pdu : undefined;
        this.currentRole = 'requestor';
        this.callPort(step, () => this.port.openTransport(), true);
        return 'Sta4';
      case 'AE-2': {
        const request = this.pendingRequest;
        if (request === undefined) {
          // Sta4 is only entered through AE-1, which stores the RQ; kept for safety.
          step.indications.push({ kind: 'protocol-error', state: step.state, event: event.id,
            error: new ProtocolError(step.state, event.id, 'no A-ASSOCIATE-RQ to send') });
          this.callPort(step, () => this.port.closeTransport(), false);
          return 'Sta1';
        }
        this.send(step, request);
        return 'Sta5';
      }
      case 'AE-3':
        if (event.id === 'Evt3') step.indications.push({ kind: 'associate-confirm-accept', pdu: event.pdu });
        return 'Sta6';
      case 'AE-4':
        if (event.id === 'Evt4') step.indications.push({ kind: 'associate-confirm-reject', pdu: event.pdu });
        this.callPort(step, () => this.port.closeTransport(), false);
        return 'Sta1';
      case 'AE-5':
        // The transport already accepted the connection: the "transport connection
        // response" is implicit; ARTIM bounds the wait for the A-ASSOCIATE-RQ (9.1.2).
        this.currentRole = 'acceptor';
        this.artim.start();
        return 'Sta2';
      case 'AE-6':
        return this.examineAssociateRequest(step);
      case 'AE-7':
        if (event.id === 'Evt7') this.send(step, event.pdu);
        return 'Sta6';
      case 'AE-8':
        if (event.id === 'Evt8') this.send(step, event.pdu);
        this.artim.start();
        return 'Sta13';
      // Table 9-7. Data transfer
      case 'DT-1':
        if (event.id === 'Evt9') this.send(step, event.pdu);
        return 'Sta6';
      case 'DT-2':
        if (event.id === 'Evt10') step.indications.push({ kind: 'p-data', pdu: event.pdu });
        return 'Sta6';
      // Table 9-8. Association release
      case 'AR-1':
        this.send(step, { type: 'A-RELEASE-RQ' });
        return 'Sta7';
      case 'AR-2':
        step.indications.push({ kind: 'release-indication', collision: false });
        return 'Sta8';
      case 'AR-3':
        step.indications.push({ kind: 'release-confirm', collision: step.state === 'Sta11' });
        this.callPort(step, () => this.port.closeTransport(), false);
        return 'Sta1';
      case 'AR-4':
        this.send(step, { type: 'A-RELEASE-RP' });
        this.artim.start();
        return 'Sta13';
      case 'AR-5':
        this.artim.stop();
        return 'Sta1';
      case 'AR-6':
        if (event.id === 'Evt10') step.indications.push({ kind: 'p-data', pdu: event.pdu });
        return 'Sta7';
      case 'AR-7':
        if (event.id === 'Evt9') this.send(step, event.pdu);
        return 'Sta8';
      case 'AR-8':
        step.indications.push({ kind: 'release-indication', collision: true });
        return this.currentRole === 'requestor' ? 'Sta9' : 'Sta10';
      case 'AR-9':
        this.send(step, { type: 'A-RELEASE-RP' });
        return 'Sta11';
      case 'AR-10':
        step.indications.push({ kind: 'release-confirm', collision: true });
        return 'Sta12';
      // Table 9-9. Association abort
      case 'AA-1': {
        // "service-user source": the user's own A-ABORT request keeps its parameters.
        const abort = event.id === 'Evt15'
          ? this.userAbort(event)
          : { type: 'A-ABORT' as const, source: ABORT_SOURCE_SERVICE_USER, reason: ABORT_REASON_NOT_SPECIFIED };
        this.send(step, abort);
        this.artim.start(); // start, or restart if already started
        return 'Sta13';
      }
      case 'AA-2':
        this.artim.stop();
        this.callPort(step, () => this.port.closeTransport(), false);
        return 'Sta1';
      case 'AA-3':
        if (event.id === 'Evt16') {
          step.indications.push({
            kind: 'abort', source: event.pdu.source, reason: event.pdu.reason,
            provider: event.pdu.source === ABORT_SOURCE_SERVICE_PROVIDER, pdu: event.pdu,
          });
        }
        this.callPort(step, () => this.port.closeTransport(), false);
        return 'Sta1';
      case 'AA-4':
        step.indications.push({
          kind: 'abort', source: ABORT_SOURCE_SERVICE_PROVIDER, reason: ABORT_REASON_NOT_SPECIFIED, provider: true,
          error: event.id === 'Evt17' && event.error !== undefined
            ? event.error
            : new TransportError('CONNECTION_CLOSED', 'The transport connection closed'),
        });
        return 'Sta1';
      case 'AA-5':
        this.artim.stop();
        return 'Sta1';
      case 'AA-6':
        return 'Sta13';
      case 'AA-7':
        this.send(step, event.id === 'Evt15' ? this.userAbort(event) : this.providerAbort(event));
        return 'Sta13';
      case 'AA-8': {
        const abort = this.providerAbort(event);
        this.send(step, abort);
        step.indications.push({ kind: 'abort', source: abort.source, reason: abort.reason, provider: true });
        this.artim.start();
        return 'Sta13';
      }
    }
  }

  /**
   * AE-6: stop ARTIM; the service-provider accepts the RQ if protocol version bit 0
   * is set (PS3.8 9.3.2: a receiver "shall only test that bit 0 is set"). Otherwise
   * A-ASSOCIATE-RJ rejected-permanent, source service-provider (ACSE), reason
   * protocol-version-not-supported (PS3.8 Table 9-21), and ARTIM again.
   */
  private examineAssociateRequest(step: Step): StateId {
    this.artim.stop();
    if (step.event.id !== 'Evt6') return 'Sta3'; // unreachable: AE-6 is only Sta2 + Evt6
    const request = step.event.pdu;
    if ((request.protocolVersion & 0x0001) === 1) {
      step.indications.push({ kind: 'associate-indication', pdu: request });
      return 'Sta3';
    }
    const reject: AAssociateRj = { type: 'A-ASSOCIATE-RJ', result: 1, source: 2, reason: 2 };
    this.send(step, reject);
    step.indications.push({ kind: 'associate-rejected-by-provider', request, pdu: reject });
    this.artim.start();
    return 'Sta13';
  }

  /** A-ABORT for the local A-ABORT request (Evt15), PS3.8 7.3.1 and Table 9-26. */
  private userAbort(event: { source?: number; reason?: number }): AAbort {
    const source = event.source === ABORT_SOURCE_SERVICE_PROVIDER ? ABORT_SOURCE_SERVICE_PROVIDER : ABORT_SOURCE_SERVICE_USER;
    // The reason is only significant with source 2; with source 0 it is sent as 00H.
    const reason = source === ABORT_SOURCE_SERVICE_PROVIDER && isByte(event.reason) ? event.reason : ABORT_REASON_NOT_SPECIFIED;
    return { type: 'A-ABORT', source, reason };
  }

  /** A-ABORT from our service-provider (AA-7, AA-8), reason per PS3.8 Table 9-26. */
  private providerAbort(event: UpperLayerEvent): AAbort {
    let reason = ABORT_REASON_NOT_SPECIFIED;
    if (event.id === 'Evt19') reason = isByte(event.reason) ? event.reason : ABORT_REASON_NOT_SPECIFIED;
    else if (RECEIVED_PDU_EVENTS.has(event.id)) reason = ABORT_REASON_UNEXPECTED_PDU;
    return { type: 'A-ABORT', source: ABORT_SOURCE_SERVICE_PROVIDER, reason };
  }

  private send(step: Step, pdu: Pdu): void {
    this.callPort(step, () => this.port.sendPdu(pdu), true);
  }

  /**
   * Run a port call without letting it throw through the machine. A failure to open
   * or write means the transport is gone: it is fed back as Evt17 after this
   * transition. A failure to close is ignored (we are closing anyway).
   */
  private callPort(step: Step, call: () => void, failureClosesTransport: boolean): void {
    try {
      call();
    } catch (error) {
      if (failureClosesTransport && step.transportFailure === undefined) {
        step.transportFailure = error instanceof DicomError
          ? error
          : new TransportError('SOCKET_ERROR', `Transport failure: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  }

  private deliver(indications: readonly UpperLayerIndication[]): void {
    for (const indication of indications) {
      try {
        this.port.indicate(indication);
      } catch (error) {
        // The service-user's handler failed: the protocol must go on regardless
        // (an abort or close must still happen). Kept for diagnostics.
        this.lastIndicationError = error;
      }
    }
  }

  private record(entry: TransitionRecord): void {
    if (this.traceSize === 0) return;
    this.traceBuffer.push(entry);
    if (this.traceBuffer.length > this.traceSize) this.traceBuffer.shift();
  }
}
