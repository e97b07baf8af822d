import { describe, expect, it } from 'vitest';
import {
  SERVICE_CLASSES, categoryByRange, describeStatus, isPending, isSuccessLike, knownStatusCodes, type StatusCategory,
} from '../../../../core/network/dimse/status.js';

/** Every Print Management status of PS3.4 H.4 (plus the retired C604/C606), with its category. */
const PRINT_CODES: Array<[number, StatusCategory]> = [
  [0xb600, 'warning'], [0xb601, 'warning'], [0xb602, 'warning'], [0xb603, 'warning'], [0xb604, 'warning'],
  [0xb605, 'warning'], [0xb609, 'warning'], [0xb60a, 'warning'],
  [0xc600, 'failure'], [0xc601, 'failure'], [0xc602, 'failure'], [0xc603, 'failure'], [0xc604, 'failure'],
  [0xc605, 'failure'], [0xc606, 'failure'], [0xc613, 'failure'], [0xc616, 'failure'],
];

const GENERAL_CODES: Array<[number, StatusCategory]> = [
  [0x0000, 'success'], [0x0001, 'warning'], [0x0105, 'failure'], [0x0106, 'failure'], [0x0107, 'warning'],
  [0x0110, 'failure'], [0x0111, 'failure'], [0x0112, 'failure'], [0x0113, 'failure'], [0x0114, 'failure'],
  [0x0115, 'failure'], [0x0116, 'warning'], [0x0117, 'failure'], [0x0118, 'failure'], [0x0119, 'failure'],
  [0x0120, 'failure'], [0x0121, 'failure'], [0x0122, 'failure'], [0x0123, 'failure'], [0x0124, 'failure'],
  [0x0210, 'failure'], [0x0211, 'failure'], [0x0212, 'failure'], [0x0213, 'failure'],
  [0xfe00, 'cancel'], [0xff00, 'pending'], [0xff01, 'pending'],
];

describe('print statuses (PS3.4 H.4)', () => {
  it.each(PRINT_CODES)('0x%s is explicitly listed with the right category, a text and a fix', (code, category) => {
    const info = describeStatus(code, 'print');
    expect(info.code).toBe(code);
    expect(info.category).toBe(category);
    expect(info.name).not.toMatch(/^(Warning|Failure) 0x/); // not the generic fallback
    expect(info.text.length).toBeGreaterThan(20);
    expect(info.fix?.length ?? 0).toBeGreaterThan(10);
    expect(knownStatusCodes('print')).toContain(code);
  });

  it('speaks plain language for the common ones', () => {
    expect(describeStatus(0xb604, 'print').text).toBe('The printer reduced the image to fit its box.');
    expect(describeStatus(0xb604, 'print').fix).toMatch(/smaller layout|Requested Image Size/);
    expect(describeStatus(0xc616, 'print').fix).toMatch(/previous film/);
    expect(describeStatus(0xc602, 'print').text).toMatch(/queue is full/);
  });

  it('warnings are success-like, failures are not (PRINT-ANCHORS: show warnings, do not fail the job)', () => {
    for (const [code, category] of PRINT_CODES) expect(isSuccessLike(code)).toBe(category === 'warning');
  });
});

describe('general statuses (PS3.7 Annex C)', () => {
  it.each(GENERAL_CODES)('0x%s has its category in every service class', (code, category) => {
    for (const service of SERVICE_CLASSES) {
      const info = describeStatus(code, service);
      expect(info.category).toBe(category);
      expect(info.text.length).toBeGreaterThan(5);
    }
  });
});

describe('storage and query/retrieve statuses', () => {
  it('storage (PS3.4 B.2.3)', () => {
    expect(describeStatus(0xa700, 'storage')).toMatchObject({ category: 'failure', name: expect.stringMatching(/Out of resources/) });
    expect(describeStatus(0xa7ff, 'storage').name).toMatch(/Out of resources \(0xA7FF\)/);
    expect(describeStatus(0xa912, 'storage').name).toMatch(/does not match SOP Class/);
    expect(describeStatus(0xc123, 'storage').name).toMatch(/Cannot understand/);
    expect(describeStatus(0xb000, 'storage').name).toMatch(/Coercion/);
    expect(describeStatus(0xb006, 'storage').name).toMatch(/Elements discarded/);
    expect(describeStatus(0xb007, 'storage').name).toMatch(/does not match SOP Class/);
  });

  it('query/retrieve (PS3.4 C.4)', () => {
    expect(describeStatus(0xa801, 'query-retrieve-move')).toMatchObject({ category: 'failure', name: expect.stringMatching(/Move destination unknown/) });
    expect(describeStatus(0xa801, 'query-retrieve-move').fix).toMatch(/AE title/);
    expect(describeStatus(0xa701, 'query-retrieve-get').category).toBe('failure');
    expect(describeStatus(0xa702, 'query-retrieve-move').category).toBe('failure');
    expect(describeStatus(0xa700, 'query-retrieve-find').category).toBe('failure');
    expect(describeStatus(0xa900, 'query-retrieve-find').name).toMatch(/Identifier/);
    expect(describeStatus(0xb000, 'query-retrieve-move').name).toMatch(/one or more failures/);
    expect(describeStatus(0xc001, 'query-retrieve-find').name).toMatch(/Unable to process/);
    expect(describeStatus(0xff01, 'query-retrieve-find').category).toBe('pending');
    expect(describeStatus(0xfe00, 'query-retrieve-get').name).toMatch(/Cancel/);
  });

  it('the same code means different things per service', () => {
    expect(describeStatus(0xb000, 'storage').name).not.toBe(describeStatus(0xb000, 'query-retrieve-move').name);
    expect(describeStatus(0x0110, 'mpps').name).toMatch(/Performed Procedure Step/);
  });
});

describe('unknown codes fall back by range, never throw', () => {
  it.each([
    [0xa123, 'failure'], [0xc7ff, 'failure'], [0xb6ff, 'warning'], [0xbabe, 'warning'], [0x01ff, 'failure'],
    [0x02ff, 'failure'], [0x1234, 'failure'], [0xffff, 'failure'],
  ] as Array<[number, StatusCategory]>)('0x%s -> %s', (code, category) => {
    const info = describeStatus(code, 'print');
    expect(info.category).toBe(category);
    expect(info.text).toContain(`0x${code.toString(16).toUpperCase().padStart(4, '0')}`);
    expect(categoryByRange(code)).toBe(category);
  });

  it('out-of-range input still returns a failure', () => {
    expect(describeStatus(-1, 'storage').category).toBe('failure');
    expect(describeStatus(0x10000, 'verification').category).toBe('failure');
    expect(describeStatus(Number.NaN, 'verification').category).toBe('failure');
  });

  it('non-standard codes are named as such', () => {
    expect(describeStatus(0x1234, 'n-service-general').name).toMatch(/Non-standard/);
    expect(describeStatus(0xc999, 'n-service-general').name).toBe('Failure 0xC999');
  });
});

describe('isSuccessLike / isPending', () => {
  it('success and warnings are success-like; pending, cancel and failures are not', () => {
    expect(isSuccessLike(0x0000)).toBe(true);
    expect(isSuccessLike(0x0001)).toBe(true);
    expect(isSuccessLike(0x0107)).toBe(true);
    expect(isSuccessLike(0x0116)).toBe(true);
    expect(isSuccessLike(0xb000)).toBe(true);
    expect(isSuccessLike(0xff00)).toBe(false);
    expect(isSuccessLike(0xfe00)).toBe(false);
    expect(isSuccessLike(0x0106)).toBe(false);
    expect(isSuccessLike(0xa801)).toBe(false);
    expect(isPending(0xff01)).toBe(true);
    expect(isPending(0x0000)).toBe(false);
  });
});
