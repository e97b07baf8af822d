/**
 * Inputs and oracle shared by the PDU fuzz unit test and the standalone fuzz script.
 *
 * Inputs: random bytes (often behind a plausible PDU header) and mutations of real PDUs
 * (bit flips, interesting values written over length fields, truncation, insertion,
 * splicing), half of them with the PDU length made consistent so that the inner parsers
 * are reached. The oracle: decodePdu and PduFramer only ever throw DicomError subclasses,
 * and whatever decodes and re-encodes decodes again to the same value.
 */
import { isDeepStrictEqual } from 'node:util';
import { DicomError } from '../../core/network/errors.js';
import {
  decodePdu,
  DICOM_APPLICATION_CONTEXT,
  encodePdu,
  PduFramer,
  type Pdu,
  type PduLimits,
} from '../../core/network/pdu/index.js';
import { prng, type Rand } from '../support/prng.js';

export { prng, type Rand };



const int = (rand: Rand, n: number): number => Math.floor(rand() * n);

/** A PDU that exercises every item kind, so that mutations reach every sub-item parser. */
export function richSeeds(): Buffer[] {
  const rq: Pdu = {
    type: 'A-ASSOCIATE-RQ',
    protocolVersion: 1,
    calledAeTitle: 'DCMPRSCP',
    callingAeTitle: 'FILMSTATION',
    applicationContextName: DICOM_APPLICATION_CONTEXT,
    presentationContexts: [
      { id: 1, abstractSyntax: '1.2.840.10008.5.1.1.9', transferSyntaxes: ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2'] },
    ],
    userInformation: {
      maximumLength: 16384,
      implementationClassUid: '1.2.3.4',
      implementationVersionName: 'FUZZ',
      asynchronousOperationsWindow: { maxOperationsInvoked: 1, maxOperationsPerformed: 1 },
      roleSelections: [{ sopClassUid: '1.2.840.10008.5.1.4.1.1.7', scuRole: true, scpRole: false }],
      sopClassExtended: [{ sopClassUid: '1.2.840.10008.5.1.4.1.2.2.1', info: Buffer.from([1, 1]) }],
      sopClassCommonExtended: [{ sopClassUid: '1.2.3', serviceClassUid: '1.2.840.10008.4.2', relatedGeneralSopClassUids: ['1.2.4', '1.2.5'] }],
      userIdentityRq: { type: 2, positiveResponseRequested: true, primaryField: Buffer.from('u'), secondaryField: Buffer.from('p') },
      userIdentityAc: { serverResponse: Buffer.from('r') },
      unknownItems: [{ type: 0x66, data: Buffer.from([1, 2]) }],
    },
  };
  const ac: Pdu = {
    ...rq,
    type: 'A-ASSOCIATE-AC',
    presentationContexts: [{ id: 1, result: 0, transferSyntax: '1.2.840.10008.1.2.1' }, { id: 3, result: 3, transferSyntax: '' }],
  };
  const pdata: Pdu = {
    type: 'P-DATA-TF',
    pdvs: [
      { presentationContextId: 1, isCommand: true, isLastFragment: true, data: Buffer.from([0, 0, 0, 0, 4, 0, 0, 0]) },
      { presentationContextId: 1, isCommand: false, isLastFragment: false, data: Buffer.alloc(3) },
    ],
  };
  return [encodePdu(rq), encodePdu(ac), encodePdu(pdata)];
}

const INTERESTING_16 = [0, 1, 2, 3, 4, 5, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff];
const INTERESTING_32 = [0, 1, 2, 3, 4, 5, 6, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x10000, 0x40000];

function fixPduLength(b: Buffer): void {
  if (b.length >= 6) b.writeUInt32BE(b.length - 6, 2);
}

/** One fuzz input. */
export function nextInput(rand: Rand, seeds: readonly Buffer[]): Buffer {
  const r = rand();
  if (r < 0.15) {
    // Random bytes, often behind a header with a valid type and the right length.
    const body = Buffer.alloc(int(rand, 300));
    for (let i = 0; i < body.length; i++) body[i] = int(rand, 256);
    if (rand() < 0.7) {
      const header = Buffer.from([1 + int(rand, 7), 0, 0, 0, 0, 0]);
      header.writeUInt32BE(rand() < 0.8 ? body.length : int(rand, 0x100000000), 2);
      return Buffer.concat([header, body]);
    }
    return body;
  }
  let b = Buffer.from(seeds[int(rand, seeds.length)]!);
  const rounds = 1 + int(rand, 4);
  for (let k = 0; k < rounds; k++) {
    const m = int(rand, 8);
    if (b.length === 0) break;
    const at = int(rand, b.length);
    switch (m) {
      case 0: // bit flips
        b[at] = b[at]! ^ (1 << int(rand, 8));
        break;
      case 1: // random byte
        b[at] = int(rand, 256);
        break;
      case 2: // interesting 16-bit value (item lengths)
        if (at + 2 <= b.length) b.writeUInt16BE(INTERESTING_16[int(rand, INTERESTING_16.length)]!, at);
        break;
      case 3: // interesting 32-bit value (PDU and PDV lengths)
        if (at + 4 <= b.length) b.writeUInt32BE(INTERESTING_32[int(rand, INTERESTING_32.length)]!, at);
        break;
      case 4: // nudge a 16-bit length by +-1..3
        if (at + 2 <= b.length) b.writeUInt16BE((b.readUInt16BE(at) + int(rand, 7) - 3 + 0x10000) & 0xffff, at);
        break;
      case 5: // truncate
        b = b.subarray(0, at);
        break;
      case 6: { // insert random bytes
        const extra = Buffer.alloc(1 + int(rand, 8));
        for (let i = 0; i < extra.length; i++) extra[i] = int(rand, 256);
        b = Buffer.concat([b.subarray(0, at), extra, b.subarray(at)]);
        break;
      }
      default: { // splice with another seed
        const other = seeds[int(rand, seeds.length)]!;
        const from = int(rand, other.length);
        b = Buffer.concat([b.subarray(0, at), other.subarray(from, from + int(rand, 200))]);
        break;
      }
    }
  }
  b = Buffer.from(b);
  if (rand() < 0.5) fixPduLength(b);
  return b;
}

export interface FuzzOutcome {
  decoded: boolean;
  typedErrors: number;
  /** Set when the oracle is violated: an untyped exception or an unstable round trip. */
  failure?: string;
}

function describeUntyped(where: string, err: unknown): string {
  const e = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
  return `${where} threw a non-DicomError: ${e}`;
}

/** Run one input through decodePdu (and a re-encode) and through a PduFramer in random chunks. */
export function runOne(input: Buffer, rand: Rand, limits: PduLimits): FuzzOutcome {
  const outcome: FuzzOutcome = { decoded: false, typedErrors: 0 };
  let pdu: Pdu | undefined;
  try {
    pdu = decodePdu(input, limits);
    outcome.decoded = true;
  } catch (err) {
    if (!(err instanceof DicomError)) return { ...outcome, failure: describeUntyped('decodePdu', err) };
    outcome.typedErrors++;
  }
  if (pdu) {
    let again: Buffer | undefined;
    try {
      again = encodePdu(pdu);
    } catch (err) {
      if (!(err instanceof DicomError)) return { ...outcome, failure: describeUntyped('encodePdu', err) };
      outcome.typedErrors++; // e.g. a decoded AE title that is not a valid AE: refused on the way out
    }
    if (again) {
      try {
        const back = decodePdu(again, { maxAssociatePduLength: 0xffffffff, maxPDataPduLength: 0xffffffff });
        if (!isDeepStrictEqual(back, pdu)) return { ...outcome, failure: 'decode(encode(decode(x))) differs from decode(x)' };
      } catch (err) {
        return { ...outcome, failure: `re-encoded PDU does not decode: ${String(err)}` };
      }
    }
  }
  const framer = new PduFramer(limits);
  try {
    let pos = 0;
    while (pos < input.length) {
      const n = 1 + int(rand, rand() < 0.3 ? 8 : 512);
      for (const framed of framer.push(input.subarray(pos, pos + n))) {
        try {
          decodePdu(framed.bytes, limits);
        } catch (err) {
          if (!(err instanceof DicomError)) return { ...outcome, failure: describeUntyped('decodePdu(framed)', err) };
          outcome.typedErrors++;
        }
      }
      pos += n;
    }
  } catch (err) {
    if (!(err instanceof DicomError)) return { ...outcome, failure: describeUntyped('PduFramer.push', err) };
    outcome.typedErrors++;
  }
  return outcome;
}
