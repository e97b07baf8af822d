/** describePdu: one line per PDU, standard names, never a password. */
import { describe, expect, it } from 'vitest';
import { decodePdu, describePdu } from '../../../../core/network/pdu/index.js';
import { FIXTURE_NAMES, fixture, LIMITS, type FixtureName } from './pdu-test-helpers.js';

function describeFixture(name: FixtureName): string {
  return describePdu(decodePdu(fixture(name), LIMITS));
}

describe('describePdu', () => {
  it('summarises the DCMTK fixtures', () => {
    expect(describeFixture('echoscu-associate-rq.bin')).toBe('A-ASSOCIATE-RQ FILMSTATION->DCMSCP 1 context maxPDU=16384');
    expect(describeFixture('storescp-associate-ac.bin')).toBe('A-ASSOCIATE-AC FILMSTATION->DCMSCP 1/1 context accepted maxPDU=16384');
    expect(describeFixture('echoscu-p-data-tf-c-echo-rq.bin')).toBe('P-DATA-TF 1 PDV 68 B [ctx 1 command last 68 B]');
    expect(describeFixture('storescu-p-data-tf-dataset.bin')).toBe('P-DATA-TF 1 PDV 1102 B [ctx 1 data last 1102 B]');
    expect(describeFixture('echoscu-release-rq.bin')).toBe('A-RELEASE-RQ');
    expect(describeFixture('storescp-release-rp.bin')).toBe('A-RELEASE-RP');
    expect(describeFixture('storescp-associate-rj.bin')).toBe('A-ASSOCIATE-RJ rejected-permanent service-user: no-reason-given');
    expect(describeFixture('storescp-abort.bin')).toBe('A-ABORT service-user');
    expect(describeFixture('getscu-associate-rq-role-selection.bin')).toMatch(/^A-ASSOCIATE-RQ FILMSTATION->DCMSCP \d+ contexts maxPDU=16384 roles=\d+$/);
  });

  it('mentions user identity but never its fields', () => {
    const text = describeFixture('storescu-associate-rq-user-identity.bin');
    expect(text).toBe('A-ASSOCIATE-RQ FILMSTATION->DCMSCP 2 contexts maxPDU=16384 user-identity');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('filmuser');
  });

  it('names reject and abort reasons from PS3.8 Tables 9-21 and 9-26', () => {
    expect(describePdu({ type: 'A-ASSOCIATE-RJ', result: 2, source: 3, reason: 2 }))
      .toBe('A-ASSOCIATE-RJ rejected-transient service-provider (presentation): local-limit-exceeded');
    expect(describePdu({ type: 'A-ASSOCIATE-RJ', result: 1, source: 1, reason: 7 }))
      .toBe('A-ASSOCIATE-RJ rejected-permanent service-user: called-AE-title-not-recognized');
    expect(describePdu({ type: 'A-ABORT', source: 2, reason: 2 })).toBe('A-ABORT service-provider: unexpected-PDU');
    expect(describePdu({ type: 'A-ABORT', source: 9, reason: 9 })).toBe('A-ABORT source 9');
  });

  it('summarises many PDVs in one line', () => {
    const pdvs = Array.from({ length: 6 }, (_, i) => ({ presentationContextId: 1, isCommand: false, isLastFragment: i === 5, data: Buffer.alloc(10) }));
    const text = describePdu({ type: 'P-DATA-TF', pdvs });
    expect(text).toBe('P-DATA-TF 6 PDVs 60 B [ctx 1 data 10 B; ctx 1 data 10 B; ctx 1 data 10 B; ctx 1 data 10 B; +2 more]');
  });

  it('is one line for every fixture', () => {
    for (const name of FIXTURE_NAMES) expect(describeFixture(name)).not.toMatch(/\n/);
  });
});
