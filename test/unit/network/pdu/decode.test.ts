/** Decoder leniency where the standard asks for it, and strictness everywhere else. */
import { describe, expect, it } from 'vitest';
import { PduDecodeError, PduLimitError } from '../../../../core/network/errors.js';
import {
  decodePdu,
  decodePduHeader,
  DICOM_APPLICATION_CONTEXT,
  emptyUserInformation,
  encodePdu,
  type AAssociateAc,
  type AAssociateRq,
  type PDataTf,
} from '../../../../core/network/pdu/index.js';
import { associateItemOffsets, fixture, LIMITS } from './pdu-test-helpers.js';

function decodeError(bytes: Uint8Array, limits = LIMITS): PduDecodeError {
  let caught: unknown;
  try {
    decodePdu(bytes, limits);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(PduDecodeError);
  return caught as PduDecodeError;
}

/** Rewrite the 4-byte PDU length so that it matches the buffer (to reach the inner checks). */
function withConsistentPduLength(bytes: Uint8Array): Buffer {
  const out = Buffer.from(bytes);
  out.writeUInt32BE(out.length - 6, 2);
  return out;
}

/** Insert bytes at offset, fixing the PDU length and the lengths of the given enclosing items. */
function insertAt(bytes: Uint8Array, offset: number, extra: number[], enclosingItemOffsets: number[] = []): Buffer {
  const out = Buffer.concat([bytes.subarray(0, offset), Buffer.from(extra), bytes.subarray(offset)]);
  for (const item of enclosingItemOffsets) out.writeUInt16BE(out.readUInt16BE(item + 2) + extra.length, item + 2);
  return withConsistentPduLength(out);
}

const simpleRq: AAssociateRq = {
  type: 'A-ASSOCIATE-RQ',
  protocolVersion: 1,
  calledAeTitle: 'DCMPRSCP',
  callingAeTitle: 'FILMSTATION',
  applicationContextName: DICOM_APPLICATION_CONTEXT,
  presentationContexts: [{ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }],
  userInformation: { ...emptyUserInformation(), maximumLength: 16384, implementationClassUid: '1.2.3.4' },
};

describe('decodePduHeader', () => {
  it('is undefined under 6 bytes and reads the big-endian length', () => {
    expect(decodePduHeader(new Uint8Array([4, 0, 0, 0, 1]))).toBeUndefined();
    expect(decodePduHeader(new Uint8Array([4, 0, 0x12, 0x34, 0x56, 0x78, 9]))).toEqual({ type: 4, length: 0x12345678 });
    expect(decodePduHeader(new Uint8Array([1, 0, 0xff, 0xff, 0xff, 0xff]))).toEqual({ type: 1, length: 0xffffffff });
  });
});

describe('truncation', () => {
  for (const name of ['echoscu-associate-rq.bin', 'storescu-associate-rq-user-identity.bin', 'storescp-associate-ac.bin',
    'echoscu-p-data-tf-c-echo-rq.bin', 'storescp-abort.bin'] as const) {
    it(`every strict prefix of ${name} is a PduDecodeError with field and offset`, () => {
      const bytes = fixture(name);
      for (let n = 0; n < bytes.length; n++) {
        const err = decodeError(bytes.subarray(0, n));
        expect(err.field.length).toBeGreaterThan(0);
        expect(err.offset).toBeGreaterThanOrEqual(0);
        // The offset names where the field starts in the PDU, which may lie past the cut.
        expect(err.offset).toBeLessThan(bytes.length);
      }
    });
  }

  it('prefixes whose PDU length was made consistent fail on the inner fields, never with a RangeError', () => {
    const bytes = fixture('storescu-associate-rq-user-identity.bin');
    const fields = new Set<string>();
    let decoded = 0;
    for (let n = 6; n < bytes.length; n++) {
      try {
        decodePdu(withConsistentPduLength(bytes.subarray(0, n)), LIMITS);
        decoded++; // a cut exactly between two items is a valid (shorter) PDU
      } catch (err) {
        expect(err).toBeInstanceOf(PduDecodeError);
        const e = err as PduDecodeError;
        expect(e.offset).toBeLessThan(bytes.length);
        fields.add(e.field);
      }
    }
    expect(decoded).toBeGreaterThan(0);
    expect(decoded).toBeLessThan(10);
    for (const f of ['protocol-version', 'called-ae-title', 'calling-ae-title', 'reserved', 'item-header', 'item-length']) {
      expect(fields).toContain(f);
    }
  });
});

describe('lengths that do not fit their parent', () => {
  it('a top-level item longer than the PDU', () => {
    const bytes = Buffer.from(fixture('echoscu-associate-rq.bin'));
    const user = associateItemOffsets(bytes).find((i) => i.type === 0x50)!;
    bytes.writeUInt16BE(user.length + 1, user.offset + 2);
    const err = decodeError(bytes);
    expect(err.field).toBe('item-length');
    expect(err.offset).toBe(user.offset + 2);
  });

  it('a user information sub-item longer than the user information item', () => {
    const bytes = Buffer.from(fixture('echoscu-associate-rq.bin'));
    const user = associateItemOffsets(bytes).find((i) => i.type === 0x50)!;
    const firstSub = user.offset + 4; // maximum length sub-item (0x51)
    expect(bytes[firstSub]).toBe(0x51);
    bytes.writeUInt16BE(user.length, firstSub + 2);
    const err = decodeError(bytes);
    expect(err.field).toBe('user-information-sub-item-length');
    expect(err.offset).toBe(firstSub + 2);
  });

  it('a transfer syntax sub-item longer than its presentation context item', () => {
    const bytes = Buffer.from(fixture('echoscu-associate-rq.bin'));
    const pc = associateItemOffsets(bytes).find((i) => i.type === 0x20)!;
    const abstract = pc.offset + 8;
    bytes.writeUInt16BE(0x100, abstract + 2);
    const err = decodeError(bytes);
    expect(err.field).toBe('presentation-context-sub-item-length');
    expect(err.offset).toBe(abstract + 2);
  });

  it('a role selection UID length overflowing the sub-item', () => {
    const bytes = Buffer.from(fixture('getscu-associate-rq-role-selection.bin'));
    const user = associateItemOffsets(bytes).find((i) => i.type === 0x50)!;
    const role = bytes.indexOf(Buffer.from([0x54, 0x00]), user.offset);
    bytes.writeUInt16BE(0xfff0, role + 4);
    const err = decodeError(bytes);
    expect(err.field).toBe('role-selection-sop-class-uid-length');
    expect(err.offset).toBe(role + 4);
  });

  it('a maximum length sub-item that is not 4 bytes', () => {
    const bytes = encodePdu(simpleRq);
    const user = associateItemOffsets(bytes).find((i) => i.type === 0x50)!;
    const malformed = insertAt(bytes, user.offset + 8, [0], [user.offset, user.offset + 4]);
    const err = decodeError(malformed);
    expect(err.field).toBe('maximum-length-length');
  });

  it('a PDV item length under 2', () => {
    for (const len of [0, 1]) {
      const bytes = Buffer.from([4, 0, 0, 0, 0, 6, 0, 0, 0, len, 1, 3]);
      const err = decodeError(bytes);
      expect(err.field).toBe('pdv-length');
      expect(err.offset).toBe(6);
    }
  });

  it('a PDV item longer than the PDU', () => {
    const bytes = Buffer.from(fixture('echoscu-p-data-tf-c-echo-rq.bin'));
    bytes.writeUInt32BE(bytes.readUInt32BE(6) + 1, 6);
    expect(decodeError(bytes).field).toBe('pdv-length');
  });

  it('a P-DATA-TF with no PDV', () => {
    expect(decodeError(Buffer.from([4, 0, 0, 0, 0, 0])).field).toBe('pdv-item');
  });

  it('bytes after the declared PDU length', () => {
    const bytes = Buffer.concat([fixture('storescp-release-rp.bin'), Buffer.from([0])]);
    const err = decodeError(bytes);
    expect(err.field).toBe('pdu-length');
    expect(err.offset).toBe(2);
  });
});

describe('PDU header checks', () => {
  it('a PDU type byte outside 1..7', () => {
    for (const type of [0, 8, 0x10, 0xff]) {
      const err = decodeError(Buffer.from([type, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
      expect(err.field).toBe('pdu-type');
      expect(err.offset).toBe(0);
    }
  });

  it('release, abort and reject PDUs declaring a length other than 4', () => {
    for (const type of [3, 5, 6, 7]) {
      const err = decodeError(Buffer.from([type, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0]));
      expect(err.field).toBe('pdu-length');
      expect(err.offset).toBe(2);
    }
  });

  it('an associate PDU over the limit is a PduLimitError', () => {
    const bytes = encodePdu(simpleRq);
    expect(() => decodePdu(bytes, { ...LIMITS, maxAssociatePduLength: bytes.length - 7 })).toThrow(PduLimitError);
    expect(decodePdu(bytes, { ...LIMITS, maxAssociatePduLength: bytes.length - 6 }).type).toBe('A-ASSOCIATE-RQ');
  });

  it('a P-DATA-TF over the limit is a PduLimitError', () => {
    const bytes = fixture('echoscu-p-data-tf-c-echo-rq.bin');
    expect(() => decodePdu(bytes, { ...LIMITS, maxPDataPduLength: bytes.length - 7 })).toThrow(PduLimitError);
    expect(decodePdu(bytes, { ...LIMITS, maxPDataPduLength: bytes.length - 6 }).type).toBe('P-DATA-TF');
  });

  it('an associate PDU shorter than its fixed part', () => {
    const err = decodeError(Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 2]), Buffer.from([0, 1])]));
    expect(err.field).toBe('called-ae-title');
    expect(err.offset).toBe(10);
  });
});

describe('leniency required by the standard', () => {
  it('unknown items in the variable field are skipped (PS3.8 9.3.1)', () => {
    const bytes = encodePdu(simpleRq);
    const items = associateItemOffsets(bytes);
    const user = items.find((i) => i.type === 0x50)!;
    let withUnknown = insertAt(bytes, user.offset, [0x99, 0, 0, 3, 1, 2, 3]);
    // And an unknown sub-item inside the presentation context.
    const pc = items.find((i) => i.type === 0x20)!;
    withUnknown = insertAt(withUnknown, pc.offset + 8, [0x77, 0, 0, 1, 0], [pc.offset]);
    expect(decodePdu(withUnknown, LIMITS)).toEqual(simpleRq);
  });

  it('unknown user information sub-items are kept in unknownItems, as views', () => {
    const bytes = encodePdu(simpleRq);
    const user = associateItemOffsets(bytes).find((i) => i.type === 0x50)!;
    const withUnknown = insertAt(bytes, user.offset + 4, [0x6a, 0, 0, 2, 0xca, 0xfe], [user.offset]);
    const decoded = decodePdu(withUnknown, LIMITS) as AAssociateRq;
    expect(decoded.userInformation.unknownItems).toEqual([{ type: 0x6a, data: Buffer.from([0xca, 0xfe]) }]);
    expect(decoded.userInformation.maximumLength).toBe(16384);
    expect(decoded.userInformation.unknownItems[0]?.data.buffer).toBe(withUnknown.buffer);
  });

  it('UIDs with a trailing NUL or space are accepted and stripped', () => {
    const bytes = encodePdu(simpleRq);
    const items = associateItemOffsets(bytes);
    const app = items.find((i) => i.type === 0x10)!;
    const pc = items.find((i) => i.type === 0x20)!;
    // Pad the transfer syntax (the last sub-item of the context) with a NUL, then the app context with a space.
    let padded = insertAt(bytes, pc.offset + 4 + pc.length, [0], [pc.offset, pc.offset + 4 + pc.length - 4 - '1.2.840.10008.1.2'.length]);
    padded = insertAt(padded, app.offset + 4 + app.length, [0x20], [app.offset]);
    expect(decodePdu(padded, LIMITS)).toEqual(simpleRq);
  });

  it('AE titles: leading and trailing spaces are not significant', () => {
    const bytes = Buffer.from(encodePdu(simpleRq));
    bytes.write('  LEAD          ', 10, 'latin1');
    expect((decodePdu(bytes, LIMITS) as AAssociateRq).calledAeTitle).toBe('LEAD');
  });

  it('a missing application context or user information item decodes to empty values for negotiation to judge', () => {
    const bytes = encodePdu(simpleRq);
    const items = associateItemOffsets(bytes);
    const onlyContext = withConsistentPduLength(Buffer.concat([bytes.subarray(0, 74), bytes.subarray(items[1]!.offset, items[2]!.offset)]));
    const rq = decodePdu(onlyContext, LIMITS) as AAssociateRq;
    expect(rq.applicationContextName).toBe('');
    expect(rq.userInformation).toEqual(emptyUserInformation());
    expect(rq.presentationContexts).toEqual(simpleRq.presentationContexts);
  });

  it('an AC context without its transfer syntax sub-item (rejected) decodes with an empty one', () => {
    const ac: AAssociateAc = { ...simpleRq, type: 'A-ASSOCIATE-AC', presentationContexts: [{ id: 1, result: 3, transferSyntax: '' }] };
    const bytes = encodePdu(ac);
    const pc = associateItemOffsets(bytes).find((i) => i.type === 0x21)!;
    const stripped = Buffer.concat([bytes.subarray(0, pc.offset), Buffer.from([0x21, 0, 0, 4, 1, 0, 3, 0]), bytes.subarray(pc.offset + 4 + pc.length)]);
    expect(decodePdu(withConsistentPduLength(stripped), LIMITS)).toEqual(ac);
  });

  it('user identity without the secondary-field length is understood', () => {
    const rq: AAssociateRq = { ...simpleRq, userInformation: { ...emptyUserInformation(), userIdentityRq: {
      type: 1, positiveResponseRequested: false, primaryField: Buffer.from('op'), secondaryField: Buffer.alloc(0) } } };
    const bytes = encodePdu(rq);
    const user = associateItemOffsets(bytes).find((i) => i.type === 0x50)!;
    // Drop the two zero bytes of the secondary-field length (the last bytes of the PDU).
    const cut = Buffer.from(bytes.subarray(0, bytes.length - 2));
    cut.writeUInt16BE(user.length - 2, user.offset + 2);
    cut.writeUInt16BE(cut.readUInt16BE(user.offset + 6) - 2, user.offset + 6);
    expect(decodePdu(withConsistentPduLength(cut), LIMITS)).toEqual(rq);
  });

  it('reserved bits of the message control header are ignored (PS3.8 E.2)', () => {
    const p = decodePdu(Buffer.from([4, 0, 0, 0, 0, 7, 0, 0, 0, 3, 5, 0xfe, 9]), LIMITS) as PDataTf;
    expect(p.pdvs[0]).toMatchObject({ presentationContextId: 5, isCommand: false, isLastFragment: true });
  });
});
