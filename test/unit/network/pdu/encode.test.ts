/** Round trips for every PDU type and every item, and the encoder's refusals. */
import { describe, expect, it } from 'vitest';
import { PduEncodeError, type DicomError } from '../../../../core/network/errors.js';
import {
  decodePdu,
  DICOM_APPLICATION_CONTEXT,
  emptyUserInformation,
  encodePdu,
  encodePDataTfParts,
  type AAssociateAc,
  type AAssociateRq,
  type Pdu,
  type PDataTf,
  type UserInformation,
} from '../../../../core/network/pdu/index.js';
import { associateItemOffsets, LIMITS } from './pdu-test-helpers.js';

const PRINT_META = '1.2.840.10008.5.1.1.9';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';

/** Every user information sub-item at once (PS3.7 Annex D.3.3), plus an unknown one. */
function fullUserInformation(): UserInformation {
  return {
    maximumLength: 262144,
    implementationClassUid: '1.2.826.0.1.3680043.10.1234',
    implementationVersionName: 'FILMSTATION_01',
    asynchronousOperationsWindow: { maxOperationsInvoked: 3, maxOperationsPerformed: 0 },
    roleSelections: [
      { sopClassUid: '1.2.840.10008.5.1.4.1.1.7', scuRole: false, scpRole: true },
      { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', scuRole: true, scpRole: true },
    ],
    sopClassExtended: [{ sopClassUid: '1.2.840.10008.5.1.4.1.2.2.1', info: Buffer.from([1, 0, 1]) }],
    sopClassCommonExtended: [{
      sopClassUid: '1.2.840.10008.5.1.4.1.1.88.22',
      serviceClassUid: '1.2.840.10008.4.2',
      relatedGeneralSopClassUids: ['1.2.840.10008.5.1.4.1.1.88.11', '1.2.840.10008.5.1.4.1.1.88.33'],
    }, {
      sopClassUid: '1.2.840.10008.5.1.4.1.1.1',
      serviceClassUid: '1.2.840.10008.4.2',
      relatedGeneralSopClassUids: [],
    }],
    userIdentityRq: {
      type: 2,
      positiveResponseRequested: true,
      primaryField: Buffer.from('operator', 'latin1'),
      secondaryField: Buffer.from('secret', 'latin1'),
    },
    userIdentityAc: { serverResponse: Buffer.from('token-123', 'latin1') },
    unknownItems: [{ type: 0x7f, data: Buffer.from([9, 8, 7]) }, { type: 0x60, data: Buffer.alloc(0) }],
  };
}

function rq(overrides: Partial<AAssociateRq> = {}): AAssociateRq {
  return {
    type: 'A-ASSOCIATE-RQ',
    protocolVersion: 1,
    calledAeTitle: 'DCMPRSCP',
    callingAeTitle: 'FILMSTATION',
    applicationContextName: DICOM_APPLICATION_CONTEXT,
    presentationContexts: [
      { id: 1, abstractSyntax: PRINT_META, transferSyntaxes: [EXPLICIT_LE, IMPLICIT_LE] },
      { id: 3, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: [IMPLICIT_LE] },
      { id: 255, abstractSyntax: '1.2.840.10008.5.1.1.14', transferSyntaxes: [IMPLICIT_LE] },
    ],
    userInformation: fullUserInformation(),
    ...overrides,
  };
}

function ac(overrides: Partial<AAssociateAc> = {}): AAssociateAc {
  return {
    type: 'A-ASSOCIATE-AC',
    protocolVersion: 1,
    calledAeTitle: 'DCMPRSCP',
    callingAeTitle: 'FILMSTATION',
    applicationContextName: DICOM_APPLICATION_CONTEXT,
    presentationContexts: [
      { id: 1, result: 0, transferSyntax: EXPLICIT_LE },
      { id: 3, result: 3, transferSyntax: '' },
      { id: 5, result: 4, transferSyntax: IMPLICIT_LE },
    ],
    userInformation: fullUserInformation(),
    ...overrides,
  };
}

function roundTrip(pdu: Pdu): Pdu {
  const bytes = encodePdu(pdu);
  const back = decodePdu(bytes, LIMITS);
  // And the bytes are stable through a second round.
  expect(encodePdu(back).equals(bytes)).toBe(true);
  return back;
}

function expectEncodeError(pdu: Pdu, field: string): void {
  let caught: unknown;
  try {
    encodePdu(pdu);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(PduEncodeError);
  expect((caught as DicomError).message).toContain(field);
}

describe('encodePdu/decodePdu round trips', () => {
  it('A-ASSOCIATE-RQ with every item and sub-item', () => {
    expect(roundTrip(rq())).toEqual(rq());
  });

  it('A-ASSOCIATE-AC with every item and sub-item, rejected contexts included', () => {
    expect(roundTrip(ac())).toEqual(ac());
  });

  it('minimal user information (no sub-items at all)', () => {
    const pdu = rq({ userInformation: emptyUserInformation() });
    expect(roundTrip(pdu)).toEqual(pdu);
  });

  it('maximum length 0 means unlimited and is kept (PS3.8 D.1)', () => {
    const pdu = rq({ userInformation: { ...emptyUserInformation(), maximumLength: 0 } });
    expect(roundTrip(pdu)).toEqual(pdu);
  });

  it('user identity type 1 (username only, empty secondary field)', () => {
    const pdu = rq({ userInformation: { ...emptyUserInformation(), userIdentityRq: {
      type: 1, positiveResponseRequested: false, primaryField: Buffer.from('tech'), secondaryField: Buffer.alloc(0) } } });
    expect(roundTrip(pdu)).toEqual(pdu);
  });

  it('A-ASSOCIATE-RJ, every source', () => {
    for (const [result, source, reason] of [[1, 1, 7], [2, 3, 2], [1, 2, 2]] as const) {
      const pdu: Pdu = { type: 'A-ASSOCIATE-RJ', result, source, reason };
      expect(roundTrip(pdu)).toEqual(pdu);
      expect([...encodePdu(pdu)]).toEqual([3, 0, 0, 0, 0, 4, 0, result, source, reason]);
    }
  });

  it('A-ABORT', () => {
    const pdu: Pdu = { type: 'A-ABORT', source: 2, reason: 6 };
    expect(roundTrip(pdu)).toEqual(pdu);
    expect([...encodePdu(pdu)]).toEqual([7, 0, 0, 0, 0, 4, 0, 0, 2, 6]);
  });

  it('A-RELEASE-RQ and A-RELEASE-RP', () => {
    expect(roundTrip({ type: 'A-RELEASE-RQ' })).toEqual({ type: 'A-RELEASE-RQ' });
    expect(roundTrip({ type: 'A-RELEASE-RP' })).toEqual({ type: 'A-RELEASE-RP' });
  });

  it('P-DATA-TF with several PDVs and every message control header', () => {
    const pdu: Pdu = {
      type: 'P-DATA-TF',
      pdvs: [
        { presentationContextId: 1, isCommand: true, isLastFragment: false, data: Buffer.from([1, 2, 3]) },
        { presentationContextId: 1, isCommand: true, isLastFragment: true, data: Buffer.from([4]) },
        { presentationContextId: 3, isCommand: false, isLastFragment: false, data: Buffer.alloc(0) },
        { presentationContextId: 255, isCommand: false, isLastFragment: true, data: Buffer.alloc(1000, 0xab) },
      ],
    };
    expect(roundTrip(pdu)).toEqual(pdu);
    const bytes = encodePdu(pdu);
    // PDV item: 4-byte length (data + 2), context id, header bit0 command bit1 last (PS3.8 E.2).
    expect([...bytes.subarray(6, 15)]).toEqual([0, 0, 0, 5, 1, 0x01, 1, 2, 3]);
    expect([...bytes.subarray(15, 22)]).toEqual([0, 0, 0, 3, 1, 0x03, 4]);
    expect([...bytes.subarray(22, 28)]).toEqual([0, 0, 0, 2, 3, 0x00]);
    expect([...bytes.subarray(28, 34)]).toEqual([0, 0, 0x03, 0xea, 255, 0x02]);
  });

  it('accepts plain Uint8Array data (not only Buffer)', () => {
    const data = new Uint8Array([0, 1, 2, 3, 4, 5]).subarray(2);
    const bytes = encodePdu({ type: 'P-DATA-TF', pdvs: [{ presentationContextId: 1, isCommand: false, isLastFragment: true, data }] });
    expect([...bytes.subarray(12)]).toEqual([2, 3, 4, 5]);
  });
});

describe('encoding details', () => {
  it('AE titles are 16 bytes, space padded (PS3.8 9.3.2)', () => {
    const bytes = encodePdu(rq({ calledAeTitle: 'A', callingAeTitle: 'ABCDEFGHIJKLMNOP' }));
    expect(bytes.toString('latin1', 10, 26)).toBe('A'.padEnd(16, ' '));
    expect(bytes.toString('latin1', 26, 42)).toBe('ABCDEFGHIJKLMNOP');
    expect(bytes.subarray(42, 74).every((b) => b === 0)).toBe(true);
  });

  it('UIDs in items are not padded, even at odd length (PS3.8 Annex F)', () => {
    const bytes = encodePdu(rq());
    const items = associateItemOffsets(bytes);
    expect(items[0]).toEqual({ type: 0x10, offset: 74, length: DICOM_APPLICATION_CONTEXT.length });
    expect(DICOM_APPLICATION_CONTEXT.length % 2).toBe(1);
  });

  it('sub-items come in a stable order: 51 52 53 54.. 55 56 57 58 59 then unknown (as DCMTK writes them)', () => {
    const bytes = encodePdu(rq());
    const user = associateItemOffsets(bytes).find((i) => i.type === 0x50)!;
    const types: number[] = [];
    let pos = user.offset + 4;
    while (pos < user.offset + 4 + user.length) {
      types.push(bytes[pos]!);
      pos += 4 + bytes.readUInt16BE(pos + 2);
    }
    expect(types).toEqual([0x51, 0x52, 0x53, 0x54, 0x54, 0x55, 0x56, 0x57, 0x57, 0x58, 0x59, 0x7f, 0x60]);
  });

  it('presentation context AC writes result and a transfer syntax sub-item even when rejected', () => {
    const bytes = encodePdu(ac());
    const pcs = associateItemOffsets(bytes).filter((i) => i.type === 0x21);
    expect(pcs.map((i) => bytes[i.offset + 6])).toEqual([0, 3, 4]);
    expect(pcs.map((i) => bytes[i.offset + 8])).toEqual([0x40, 0x40, 0x40]);
  });
});

describe('encoder refusals (PduEncodeError)', () => {
  it('AE title longer than 16 characters', () => expectEncodeError(rq({ calledAeTitle: 'ABCDEFGHIJKLMNOPQ' }), 'called-ae-title'));
  it('AE title of only spaces', () => expectEncodeError(rq({ callingAeTitle: '    ' }), 'calling-ae-title'));
  it('empty AE title', () => expectEncodeError(rq({ callingAeTitle: '' }), 'calling-ae-title'));
  it('AE title with a backslash', () => expectEncodeError(rq({ calledAeTitle: 'A\\B' }), 'called-ae-title'));
  it('AE title with a control character', () => expectEncodeError(rq({ calledAeTitle: 'A\tB' }), 'called-ae-title'));
  it('AE title outside the default repertoire', () => expectEncodeError(rq({ calledAeTitle: 'CAFÉ' }), 'called-ae-title'));
  it('UID with letters', () => expectEncodeError(rq({ applicationContextName: '1.2.abc' }), 'application-context'));
  it('UID longer than 64', () => expectEncodeError(rq({ applicationContextName: '1.'.repeat(33) + '1' }), 'application-context'));
  it('presentation context id out of range', () => expectEncodeError(
    rq({ presentationContexts: [{ id: 256, abstractSyntax: PRINT_META, transferSyntaxes: [IMPLICIT_LE] }] }), 'presentation-context-id'));
  it('no transfer syntax proposed', () => expectEncodeError(
    rq({ presentationContexts: [{ id: 1, abstractSyntax: PRINT_META, transferSyntaxes: [] }] }), 'transfer syntax'));
  it('accepted context without a transfer syntax', () => expectEncodeError(
    ac({ presentationContexts: [{ id: 1, result: 0, transferSyntax: '' }] }), 'transfer-syntax'));
  it('maximum length over 32 bits', () => expectEncodeError(
    rq({ userInformation: { ...emptyUserInformation(), maximumLength: 2 ** 32 } }), 'maximum-length'));
  it('implementation version name over 16 characters', () => expectEncodeError(
    rq({ userInformation: { ...emptyUserInformation(), implementationVersionName: 'X'.repeat(17) } }), 'implementation-version-name'));
  it('item over 65535 bytes', () => expectEncodeError(
    rq({ userInformation: { ...emptyUserInformation(), unknownItems: [{ type: 0x70, data: Buffer.alloc(70000) }] } }), '65535'));
  it('user information over 65535 bytes in total', () => expectEncodeError(
    rq({ userInformation: { ...emptyUserInformation(), unknownItems: [
      { type: 0x70, data: Buffer.alloc(40000) }, { type: 0x71, data: Buffer.alloc(40000) }] } }), 'user-information'));
  it('P-DATA-TF without PDV', () => expectEncodeError({ type: 'P-DATA-TF', pdvs: [] }, 'pdv-item'));
  it('PDV context id 0x100', () => expectEncodeError({ type: 'P-DATA-TF', pdvs: [
    { presentationContextId: 0x100, isCommand: true, isLastFragment: true, data: Buffer.alloc(2) }] }, 'presentation-context-id'));
  it('A-ABORT reason not a byte', () => expectEncodeError({ type: 'A-ABORT', source: 2, reason: -1 }, 'reason'));
  it('A-ASSOCIATE-RJ result not an integer', () => expectEncodeError({ type: 'A-ASSOCIATE-RJ', result: 1.5, source: 1, reason: 1 }, 'result'));
});

describe('encodePDataTfParts (the sending path)', () => {
  it('its pieces, written in order, are the bytes of encodePdu; data travel as views, not copies', () => {
    const data = Buffer.alloc(70_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 11) & 0xff;
    const pdus: PDataTf[] = [
      { type: 'P-DATA-TF', pdvs: [{ presentationContextId: 1, isCommand: true, isLastFragment: true, data: data.subarray(0, 90) }] },
      { type: 'P-DATA-TF', pdvs: [{ presentationContextId: 3, isCommand: false, isLastFragment: false, data }] },
      { type: 'P-DATA-TF', pdvs: [
        { presentationContextId: 5, isCommand: true, isLastFragment: true, data: data.subarray(10, 20) },
        { presentationContextId: 5, isCommand: false, isLastFragment: true, data: new Uint8Array(0) },
        { presentationContextId: 5, isCommand: false, isLastFragment: true, data: data.subarray(5, 9) },
      ] },
    ];
    for (const pdu of pdus) {
      const parts = encodePDataTfParts(pdu);
      expect(Buffer.concat(parts).equals(encodePdu(pdu))).toBe(true);
      for (const pdv of pdu.pdvs) if (pdv.data.length > 0) expect(parts).toContain(pdv.data);
    }
    expect(() => encodePDataTfParts({ type: 'P-DATA-TF', pdvs: [] })).toThrow(PduEncodeError);
  });
});

