/**
 * The DicomError family. Every failure in the network layer is one of these, carrying
 * the layer it happened in and a stable machine-readable code, so that front ends can
 * show plain language and tests can assert on the kind of failure.
 *
 * A non-success DIMSE status is NOT an error: it is a result (see dimse/status.ts).
 */
export type DicomErrorLayer = 'transport' | 'pdu' | 'upper-layer' | 'association' | 'dimse' | 'dataset' | 'file'
  | 'film' | 'imaging' | 'archive' | 'print';

export class DicomError extends Error {
  readonly layer: DicomErrorLayer;
  readonly code: string;
  constructor(layer: DicomErrorLayer, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.layer = layer;
    this.code = code;
  }
}

/** A PDU could not be decoded: names the field and the byte offset (PS3.8 section 9.3). */
export class PduDecodeError extends DicomError {
  readonly field: string;
  readonly offset: number;
  constructor(field: string, offset: number, detail: string) {
    super('pdu', 'PDU_DECODE', `Malformed PDU: ${field} at offset ${offset}: ${detail}`);
    this.field = field;
    this.offset = offset;
  }
}

/** A PDU was well-formed bytes but exceeds a configured limit (refused before buffering). */
export class PduLimitError extends DicomError {
  readonly pduType: number;
  readonly length: number;
  readonly limit: number;
  constructor(pduType: number, length: number, limit: number) {
    super('pdu', 'PDU_TOO_LONG',
      `PDU type 0x${pduType.toString(16).padStart(2, '0')} declares ${length} bytes, more than the limit of ${limit}`);
    this.pduType = pduType;
    this.length = length;
    this.limit = limit;
  }
}

/** A PDU could not be encoded (a value out of range, an AE title too long...). */
export class PduEncodeError extends DicomError {
  constructor(field: string, detail: string) {
    super('pdu', 'PDU_ENCODE', `Cannot encode PDU: ${field}: ${detail}`);
  }
}

/** TCP-level failures: refused, unreachable, reset, timed out connecting. */
export class TransportError extends DicomError {
  constructor(code: 'CONNECT_REFUSED' | 'CONNECT_TIMEOUT' | 'HOST_UNREACHABLE' | 'CONNECTION_RESET' | 'CONNECTION_CLOSED' | 'SOCKET_ERROR',
    message: string, options?: { cause?: unknown }) {
    super('transport', code, message, options);
  }
}

/** The upper-layer state machine received an event that is not valid in its state (PS3.8 Table 9-10). */
export class ProtocolError extends DicomError {
  readonly state: string;
  readonly event: string;
  constructor(state: string, event: string, detail?: string) {
    super('upper-layer', 'PROTOCOL_ERROR',
      `Unexpected ${event} in state ${state}${detail ? `: ${detail}` : ''}`);
    this.state = state;
    this.event = event;
  }
}

/** The ARTIM timer expired (PS3.8 section 9.1.5). */
export class ArtimTimeoutError extends DicomError {
  readonly state: string;
  constructor(state: string, ms: number) {
    super('upper-layer', 'ARTIM_TIMEOUT', `No answer from the peer within ${ms} ms (ARTIM timer expired in ${state})`);
    this.state = state;
  }
}

/** A-ASSOCIATE-RJ, with the standard's result/source/reason (PS3.8 section 9.3.4). */
export class AssociationRejectedError extends DicomError {
  readonly result: number;
  readonly source: number;
  readonly reason: number;
  constructor(result: number, source: number, reason: number, text: string) {
    super('association', 'ASSOCIATION_REJECTED', `Association rejected: ${text}`);
    this.result = result;
    this.source = source;
    this.reason = reason;
  }
}

/** A-ABORT or A-P-ABORT, with source and reason when the peer gave them (PS3.8 section 9.3.8). */
export class AssociationAbortedError extends DicomError {
  readonly source: number | undefined;
  readonly reason: number | undefined;
  constructor(text: string, source?: number, reason?: number) {
    super('association', 'ASSOCIATION_ABORTED', `Association aborted: ${text}`);
    this.source = source;
    this.reason = reason;
  }
}

/** No presentation context accepted for what the caller wants to send. */
export class NoPresentationContextError extends DicomError {
  constructor(abstractSyntax: string) {
    super('association', 'NO_PRESENTATION_CONTEXT', `The peer accepted no presentation context for ${abstractSyntax}`);
  }
}

/** No DIMSE response within the configured time. */
export class DimseTimeoutError extends DicomError {
  constructor(what: string, ms: number) {
    super('dimse', 'DIMSE_TIMEOUT', `No ${what} from the peer within ${ms} ms`);
  }
}

/** A DIMSE message that cannot be decoded or does not fit the exchange (unknown message ID...). */
export class DimseProtocolError extends DicomError {
  constructor(code: string, message: string) {
    super('dimse', code, message);
  }
}
