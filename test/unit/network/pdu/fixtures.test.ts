/**
 * Real bytes from DCMTK 3.6.7 and Orthanc 1.10.1 (test/fixtures/pdu/README.md):
 * decode them, check the fields, and re-encode to the same bytes.
 */
import { describe, expect, it } from 'vitest';
import {
  decodePdu,
  DICOM_APPLICATION_CONTEXT,
  encodePdu,
  type AAssociateAc,
  type AAssociateRq,
  type Pdu,
  type PDataTf,
} from '../../../../core/network/pdu/index.js';
import { associateItemOffsets, diffOffsets, fixture, LIMITS, type FixtureName } from './pdu-test-helpers.js';

const DCMTK_IMPLEMENTATION_ROOT = '1.2.276.0.7230010';
const VERIFICATION = '1.2.840.10008.1.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';

function decodeFixture<T extends Pdu['type']>(name: FixtureName, type: T): Extract<Pdu, { type: T }> {
  const pdu = decodePdu(fixture(name), LIMITS);
  expect(pdu.type).toBe(type);
  return pdu as Extract<Pdu, { type: T }>;
}

/**
 * DCMTK writes 0xFF in the third reserved byte of each Presentation Context RQ item
 * (item offset + 6). PS3.8 section 9.3.2.2 says reserved bytes are sent as 00H and not tested,
 * so our encoder writes 00H there: those are the only bytes allowed to differ.
 */
function expectSameBytesModuloRqReserved(name: FixtureName): void {
  const bytes = fixture(name);
  const encoded = encodePdu(decodePdu(bytes, LIMITS));
  const reserved = associateItemOffsets(bytes).filter((i) => i.type === 0x20).map((i) => i.offset + 6);
  const differing = diffOffsets(encoded, bytes);
  expect(differing.every((o) => reserved.includes(o))).toBe(true);
  for (const o of differing) {
    expect(bytes[o]).toBe(0xff);
    expect(encoded[o]).toBe(0);
  }
}

describe('DCMTK fixtures', () => {
  it('echoscu A-ASSOCIATE-RQ', () => {
    const rq: AAssociateRq = decodeFixture('echoscu-associate-rq.bin', 'A-ASSOCIATE-RQ');
    expect(rq.protocolVersion).toBe(1);
    expect(rq.calledAeTitle).toBe('DCMSCP');
    expect(rq.callingAeTitle).toBe('FILMSTATION');
    expect(rq.applicationContextName).toBe(DICOM_APPLICATION_CONTEXT);
    expect(rq.presentationContexts).toEqual([{ id: 1, abstractSyntax: VERIFICATION, transferSyntaxes: [IMPLICIT_LE] }]);
    expect(rq.userInformation.maximumLength).toBe(16384);
    expect(rq.userInformation.implementationClassUid?.startsWith(DCMTK_IMPLEMENTATION_ROOT)).toBe(true);
    expect(rq.userInformation.implementationVersionName).toBe('OFFIS_DCMTK_367');
    expect(rq.userInformation.unknownItems).toEqual([]);
    expectSameBytesModuloRqReserved('echoscu-associate-rq.bin');
  });

  it('storescp A-ASSOCIATE-AC re-encodes byte for byte', () => {
    const ac: AAssociateAc = decodeFixture('storescp-associate-ac.bin', 'A-ASSOCIATE-AC');
    expect(ac.calledAeTitle).toBe('DCMSCP');
    expect(ac.callingAeTitle).toBe('FILMSTATION');
    expect(ac.applicationContextName).toBe(DICOM_APPLICATION_CONTEXT);
    expect(ac.presentationContexts).toEqual([{ id: 1, result: 0, transferSyntax: IMPLICIT_LE }]);
    expect(ac.userInformation.maximumLength).toBe(16384);
    expect(ac.userInformation.implementationClassUid?.startsWith(DCMTK_IMPLEMENTATION_ROOT)).toBe(true);
    expect(encodePdu(ac).equals(fixture('storescp-associate-ac.bin'))).toBe(true);
  });

  it('echoscu P-DATA-TF carrying the C-ECHO-RQ command', () => {
    const p: PDataTf = decodeFixture('echoscu-p-data-tf-c-echo-rq.bin', 'P-DATA-TF');
    expect(p.pdvs).toHaveLength(1);
    const pdv = p.pdvs[0]!;
    expect(pdv.presentationContextId).toBe(1);
    expect(pdv.isCommand).toBe(true);
    expect(pdv.isLastFragment).toBe(true);
    expect(pdv.data.length).toBe(0x46 - 2);
    // Command Group Length (0000,0000) first, Affected SOP Class UID inside (PS3.7 section 9.3.5).
    expect(Buffer.from(pdv.data.subarray(0, 4)).equals(Buffer.from([0, 0, 0, 0]))).toBe(true);
    expect(Buffer.from(pdv.data).toString('latin1')).toContain(VERIFICATION);
    expect(encodePdu(p).equals(fixture('echoscu-p-data-tf-c-echo-rq.bin'))).toBe(true);
  });

  it('PDV data is a view into the PDU bytes, not a copy', () => {
    const bytes = fixture('storescu-p-data-tf-dataset.bin');
    const p = decodePdu(bytes, LIMITS) as PDataTf;
    const pdv = p.pdvs[0]!;
    expect(pdv.data.buffer).toBe(bytes.buffer);
    expect(pdv.data.byteOffset).toBe(bytes.byteOffset + 12);
  });

  it('storescu P-DATA-TF carrying a data set fragment', () => {
    const p: PDataTf = decodeFixture('storescu-p-data-tf-dataset.bin', 'P-DATA-TF');
    expect(p.pdvs.map((v) => [v.presentationContextId, v.isCommand, v.isLastFragment, v.data.length]))
      .toEqual([[1, false, true, 1114 - 12]]);
    expect(encodePdu(p).equals(fixture('storescu-p-data-tf-dataset.bin'))).toBe(true);
  });

  it('storescp P-DATA-TF carrying the C-ECHO-RSP', () => {
    const p: PDataTf = decodeFixture('storescp-p-data-tf-c-echo-rsp.bin', 'P-DATA-TF');
    expect(p.pdvs[0]?.isCommand).toBe(true);
    expect(encodePdu(p).equals(fixture('storescp-p-data-tf-c-echo-rsp.bin'))).toBe(true);
  });

  it('A-RELEASE-RQ, A-RELEASE-RP', () => {
    expect(decodeFixture('echoscu-release-rq.bin', 'A-RELEASE-RQ')).toEqual({ type: 'A-RELEASE-RQ' });
    expect(decodeFixture('storescp-release-rp.bin', 'A-RELEASE-RP')).toEqual({ type: 'A-RELEASE-RP' });
    expect(encodePdu({ type: 'A-RELEASE-RQ' }).equals(fixture('echoscu-release-rq.bin'))).toBe(true);
    expect(encodePdu({ type: 'A-RELEASE-RP' }).equals(fixture('storescp-release-rp.bin'))).toBe(true);
  });

  it('storescp --refuse A-ASSOCIATE-RJ', () => {
    const rj = decodeFixture('storescp-associate-rj.bin', 'A-ASSOCIATE-RJ');
    // rejected-permanent, service-user, no-reason-given (PS3.8 Table 9-21).
    expect(rj).toEqual({ type: 'A-ASSOCIATE-RJ', result: 1, source: 1, reason: 1 });
    expect(encodePdu(rj).equals(fixture('storescp-associate-rj.bin'))).toBe(true);
  });

  it('storescp --abort-after A-ABORT', () => {
    const ab = decodeFixture('storescp-abort.bin', 'A-ABORT');
    expect(ab).toEqual({ type: 'A-ABORT', source: 0, reason: 0 });
    expect(encodePdu(ab).equals(fixture('storescp-abort.bin'))).toBe(true);
  });

  it('storescu --user --password A-ASSOCIATE-RQ with user identity', () => {
    const rq = decodeFixture('storescu-associate-rq-user-identity.bin', 'A-ASSOCIATE-RQ');
    const uid = rq.userInformation.userIdentityRq;
    expect(uid?.type).toBe(2); // username and passcode (PS3.7 D.3.3.7.1)
    expect(uid?.positiveResponseRequested).toBe(false);
    expect(Buffer.from(uid?.primaryField ?? []).toString('latin1')).toBe('filmuser');
    expect(Buffer.from(uid?.secondaryField ?? []).toString('latin1')).toBe('s3cret');
    expect(rq.presentationContexts.map((pc) => pc.abstractSyntax)).toEqual([
      '1.2.840.10008.5.1.4.1.1.7', '1.2.840.10008.5.1.4.1.1.7']);
    expect(rq.presentationContexts.map((pc) => pc.id)).toEqual([1, 3]);
    expect(rq.presentationContexts[1]?.transferSyntaxes).toEqual(['1.2.840.10008.1.2.2', IMPLICIT_LE]);
    expectSameBytesModuloRqReserved('storescu-associate-rq-user-identity.bin');
  });

  it('getscu A-ASSOCIATE-RQ with SCP/SCU role selection items', () => {
    const rq = decodeFixture('getscu-associate-rq-role-selection.bin', 'A-ASSOCIATE-RQ');
    const roles = rq.userInformation.roleSelections;
    expect(roles.length).toBeGreaterThan(50);
    // getscu asks to be SCP of the storage SOP classes (PS3.4 C-GET, PS3.7 D.3.3.4).
    expect(roles.every((r) => !r.scuRole && r.scpRole)).toBe(true);
    expect(roles.some((r) => r.sopClassUid === '1.2.840.10008.5.1.4.1.1.7')).toBe(true);
    expect(rq.presentationContexts.every((pc) => pc.id % 2 === 1)).toBe(true);
    expect(rq.presentationContexts[0]?.abstractSyntax).toBe('1.2.840.10008.5.1.4.1.2.1.3'); // Patient Root GET
    expectSameBytesModuloRqReserved('getscu-associate-rq-role-selection.bin');
  });

  it('Orthanc A-ASSOCIATE-AC answering role selection re-encodes byte for byte', () => {
    const ac = decodeFixture('orthanc-associate-ac-role-selection.bin', 'A-ASSOCIATE-AC');
    expect(ac.calledAeTitle).toBe('ORTHANC');
    expect(ac.userInformation.roleSelections.length).toBeGreaterThan(50);
    expect(ac.userInformation.roleSelections.every((r) => !r.scuRole && r.scpRole)).toBe(true);
    expect(ac.userInformation.implementationClassUid?.startsWith(DCMTK_IMPLEMENTATION_ROOT)).toBe(true);
    expect(ac.presentationContexts.some((pc) => pc.result === 0)).toBe(true);
    expect(encodePdu(ac).equals(fixture('orthanc-associate-ac-role-selection.bin'))).toBe(true);
  });
});
