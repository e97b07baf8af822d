import { describe, expect, it } from 'vitest';
import { describeAbort, describeRejection, rejectReasonTerm, abortReasonTerm } from '../../../../core/network/negotiation/reject-reasons.js';

describe('describeRejection (PS3.8 Table 9-21)', () => {
  const defined: Array<[number, number, RegExp, string]> = [
    [1, 1, /without giving a reason/, 'no-reason-given'],
    [1, 2, /application context/, 'application-context-name-not-supported'],
    [1, 3, /calling AE title/, 'calling-AE-title-not-recognized'],
    [1, 7, /called AE title/, 'called-AE-title-not-recognized'],
    [2, 1, /network layer refused/, 'no-reason-given'],
    [2, 2, /protocol version/, 'protocol-version-not-supported'],
    [3, 1, /congested/, 'temporary-congestion'],
    [3, 2, /limit of simultaneous associations/, 'local-limit-exceeded'],
  ];

  it.each(defined)('source %i reason %i has a specific text and the standard term', (source, reason, text, term) => {
    for (const result of [1, 2]) {
      const s = describeRejection(result, source, reason);
      expect(s).toMatch(text);
      expect(s).toContain(term);
      expect(s).toContain(result === 1 ? 'rejected-permanent' : 'rejected-transient');
      expect(s).toMatch(result === 1 ? /\(permanent/ : /\(temporary/);
    }
  });

  it('names the AE titles and the peer when given', () => {
    const s = describeRejection(1, 1, 7, { peerName: 'The printer', calledAeTitle: 'DRYSTAR5300 ' });
    expect(s).toMatch(/^The printer does not recognise the called AE title 'DRYSTAR5300'\./);
    expect(describeRejection(1, 1, 3, { callingAeTitle: 'FILMSTATION' })).toContain("'FILMSTATION'");
  });

  it('covers reserved and unknown codes without throwing', () => {
    for (const source of [0, 1, 2, 3, 4]) {
      for (let reason = 0; reason <= 11; reason++) {
        expect(describeRejection(1, source, reason).length).toBeGreaterThan(20);
      }
    }
    expect(rejectReasonTerm(1, 5)).toBe('reserved (5)');
    expect(rejectReasonTerm(3, 0)).toBe('reserved (0)');
    expect(rejectReasonTerm(2, 3)).toBe('unknown reason 3');
    expect(describeRejection(1, 1, 9)).toMatch(/does not define/);
    expect(describeRejection(7, 1, 1)).toContain('unknown result 7');
  });
});

describe('describeAbort (PS3.8 Table 9-26)', () => {
  it('describes every provider reason 0..6', () => {
    const terms = ['reason-not-specified', 'unrecognized-PDU', 'unexpected-PDU', 'reserved (3)', 'unrecognized-PDU-parameter', 'unexpected-PDU-parameter', 'invalid-PDU-parameter-value'];
    terms.forEach((term, reason) => {
      expect(abortReasonTerm(reason)).toBe(term);
      if (reason !== 3) expect(describeAbort(2, reason)).toContain(term);
    });
    expect(describeAbort(2, 2)).toMatch(/not expected/);
    expect(describeAbort(2, 6)).toMatch(/invalid parameter value/);
  });

  it('does not show a reason for a service-user abort, and copes with missing values', () => {
    expect(describeAbort(0, 5)).toMatch(/remote application aborted/);
    expect(describeAbort(0, 5)).not.toContain('unexpected-PDU-parameter');
    expect(describeAbort(undefined, undefined)).toMatch(/no reason available/);
    expect(describeAbort(1, 0)).toMatch(/reserved/);
    expect(describeAbort(2, 42)).toContain('unknown reason 42');
  });
});
