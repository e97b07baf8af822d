/**
 * Cuts a TCP byte stream into whole PDUs (PS3.8 section 9.3.1: a 6-byte header whose
 * 4-byte length gives the size of the rest). Chunks may split or merge PDUs at any byte.
 *
 * The declared length is checked against the limits as soon as the 6 header bytes are
 * known, before any body byte is buffered, so a peer cannot make us allocate more than
 * the limit (a length of 0xFFFFFFFF is refused at once). The buffer of a partial PDU
 * grows with the bytes actually received, never beyond the declared (checked) length.
 *
 * A PDU that arrives whole inside one chunk is returned as a view of that chunk (no copy):
 * callers must not modify a chunk after pushing it (Node socket chunks are never reused).
 *
 * With `reuseDataBuffer` (the association's framer), a P-DATA-TF PDU that spans chunks is
 * assembled in one buffer kept for the next one, and PDUs are handed to a callback as they
 * complete (`each`): its bytes are valid until the callback returns, so whoever keeps data
 * beyond that copies it (the DIMSE reassembler does). Why: a Storage SCP receiving 0.5 MB
 * instances otherwise allocates two 256 KiB buffers per instance, and collecting them cost
 * about a third of the receiver's CPU here (measured with bench/storage).
 *
 * After an error the stream cannot be resynchronised: every later push() throws the same
 * error until reset(). The caller is expected to send A-ABORT and close (PS3.8 section 9.2, AA-8).
 */
import { DicomError } from '../errors.js';
import { checkPduHeader, PDU_HEADER_LENGTH } from './decode.js';
import type { PduLimits } from './types.js';

export interface FramedPdu {
  /** PDU type byte (PS3.8 section 9.3.1). */
  type: number;
  /** The whole PDU, header included, ready for decodePdu. */
  bytes: Buffer;
}

/**
 * First allocation for a PDU split across chunks: a typical P-DATA-TF (our default maximum
 * length is 256 KiB) then needs a single buffer, while a peer that only sends a header
 * declaring a large associate PDU does not make us reserve all of it.
 */
const INITIAL_CAPACITY = 256 * 1024 + PDU_HEADER_LENGTH;

export interface PduFramerOptions {
  /** Assemble split P-DATA-TF PDUs in one reused buffer (then only `each` may be used). */
  reuseDataBuffer?: boolean;
  /**
   * The caller reuses a chunk's memory once `each` returns (socket-reader.ts): a P-DATA-TF
   * whole in a chunk is still handed on as a view (valid during the callback, as above), any
   * other PDU as a copy, since those are kept (the A-ASSOCIATE-RQ, for one).
   */
  transientChunks?: boolean;
}

/** Called with each completed PDU; returning false stops reading the rest of the chunk. */
export type PduCallback = (pdu: FramedPdu) => boolean | void;

const P_DATA_TF = 0x04;

export class PduFramer {
  private readonly limits: PduLimits;
  private readonly reuseDataBuffer: boolean;
  private readonly transientChunks: boolean;
  /** The buffer split P-DATA-TF PDUs are assembled in (reuseDataBuffer), the largest one so far. */
  private dataBuffer: Buffer | undefined;
  /** Header bytes of the PDU being read, while fewer than 6 have arrived. */
  private readonly header = Buffer.alloc(PDU_HEADER_LENGTH);
  private headerFill = 0;
  /** The partial PDU (header included) once its header has been checked. */
  private partial: Buffer | undefined;
  private partialFill = 0;
  private partialTotal = 0;
  private partialType = 0;
  private failure: DicomError | undefined;

  constructor(limits: PduLimits, options: PduFramerOptions = {}) {
    this.limits = limits;
    this.reuseDataBuffer = options.reuseDataBuffer === true;
    this.transientChunks = options.transientChunks === true;
  }

  /** Bytes currently held for an incomplete PDU. */
  get bufferedBytes(): number {
    return this.partial ? this.partialFill : this.headerFill;
  }

  /** Forget any partial PDU and any previous error. */
  reset(): void {
    this.headerFill = 0;
    this.partial = undefined;
    this.partialFill = 0;
    this.partialTotal = 0;
    this.partialType = 0;
    this.failure = undefined;
  }

  /** Feed bytes from the transport; returns the PDUs completed by them, in order. */
  push(chunk: Uint8Array): FramedPdu[] {
    if (this.reuseDataBuffer || this.transientChunks) throw new Error('PduFramer: with reused buffers, PDUs must be taken with each()');
    const out: FramedPdu[] = [];
    this.each(chunk, (pdu) => { out.push(pdu); });
    return out;
  }

  /**
   * Feed bytes from the transport; `onPdu` gets each PDU as soon as it is complete. Framing
   * errors throw (after the PDUs before the error were delivered); errors thrown by `onPdu`
   * pass through unchanged and leave the framer usable.
   */
  each(chunk: Uint8Array, onPdu: PduCallback): void {
    if (this.failure) throw this.failure;
    const src = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out = new Delivery(onPdu);
    try {
      let pos = 0;
      while (pos < src.length && !out.stopped) {
        if (this.partial) {
          pos = this.continuePartial(src, pos, out);
          continue;
        }
        const remaining = src.length - pos;
        if (this.headerFill === 0 && remaining >= PDU_HEADER_LENGTH) {
          // Fast path: the header is whole in this chunk.
          const type = src[pos]!;
          const length = src.readUInt32BE(pos + 2);
          checkPduHeader(type, length, this.limits);
          const total = PDU_HEADER_LENGTH + length;
          if (remaining >= total) {
            const whole = src.subarray(pos, pos + total);
            out.push({ type, bytes: this.transientChunks && type !== P_DATA_TF ? Buffer.from(whole) : whole });
            pos += total;
          } else {
            this.startPartial(type, total, remaining);
            src.copy(this.partial!, 0, pos);
            this.partialFill = remaining;
            pos = src.length;
          }
          continue;
        }
        // The header itself is split across chunks.
        const take = Math.min(PDU_HEADER_LENGTH - this.headerFill, remaining);
        src.copy(this.header, this.headerFill, pos, pos + take);
        this.headerFill += take;
        pos += take;
        if (this.headerFill === PDU_HEADER_LENGTH) {
          const type = this.header[0]!;
          const length = this.header.readUInt32BE(2);
          checkPduHeader(type, length, this.limits);
          this.headerFill = 0;
          const total = PDU_HEADER_LENGTH + length;
          this.startPartial(type, total, Math.min(total, PDU_HEADER_LENGTH + src.length - pos));
          this.header.copy(this.partial!, 0);
          this.partialFill = PDU_HEADER_LENGTH;
          if (total === PDU_HEADER_LENGTH) this.finishPartial(out);
        }
      }
    } catch (err) {
      if (out.callbackFailed) throw err;
      this.reset();
      this.failure = err instanceof DicomError ? err : new DicomError('pdu', 'PDU_FRAMING', String(err), { cause: err });
      throw this.failure;
    }
  }

  private startPartial(type: number, total: number, firstBytes: number): void {
    this.partialType = type;
    this.partialTotal = total;
    this.partialFill = 0;
    if (type === P_DATA_TF && this.reuseDataBuffer && this.dataBuffer !== undefined && this.dataBuffer.length >= total) {
      this.partial = this.dataBuffer;
      return;
    }
    this.partial = Buffer.allocUnsafe(Math.min(total, Math.max(firstBytes, INITIAL_CAPACITY)));
  }

  /** Copy what this chunk holds of the partial PDU; returns the new read position. */
  private continuePartial(src: Buffer, pos: number, out: Delivery): number {
    const take = Math.min(this.partialTotal - this.partialFill, src.length - pos);
    this.ensureCapacity(this.partialFill + take);
    src.copy(this.partial!, this.partialFill, pos, pos + take);
    this.partialFill += take;
    if (this.partialFill === this.partialTotal) this.finishPartial(out);
    return pos + take;
  }

  /** Grow by doubling, never beyond the declared total (already checked against the limit). */
  private ensureCapacity(needed: number): void {
    const current = this.partial!;
    if (needed <= current.length) return;
    let capacity = Math.max(needed, current.length * 2);
    // Past half of the PDU, go straight to its full size rather than regrowing for a few bytes.
    if (capacity * 2 > this.partialTotal) capacity = this.partialTotal;
    const grown = Buffer.allocUnsafe(capacity);
    current.copy(grown, 0, 0, this.partialFill);
    this.partial = grown;
  }

  private finishPartial(out: Delivery): void {
    const bytes = this.partial!;
    const type = this.partialType;
    const total = this.partialTotal;
    this.partial = undefined;
    this.partialFill = 0;
    this.partialTotal = 0;
    this.partialType = 0;
    // Kept for the next split P-DATA-TF: at most one buffer, never beyond the (checked) limit.
    if (type === P_DATA_TF && this.reuseDataBuffer && (this.dataBuffer === undefined || bytes.length > this.dataBuffer.length)) {
      this.dataBuffer = bytes;
    }
    // A fresh buffer's capacity never exceeds the total; a reused one may be larger.
    out.push({ type, bytes: bytes.length === total ? bytes : bytes.subarray(0, total) });
  }
}

/** Hands completed PDUs to the caller's callback and remembers whether it asked to stop or threw. */
class Delivery {
  stopped = false;
  callbackFailed = false;

  constructor(private readonly onPdu: PduCallback) {}

  push(pdu: FramedPdu): void {
    let more: boolean | void;
    try {
      more = this.onPdu(pdu);
    } catch (err) {
      this.callbackFailed = true;
      throw err;
    }
    if (more === false) this.stopped = true;
  }
}
