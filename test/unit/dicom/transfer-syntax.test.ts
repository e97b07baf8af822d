import { describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../../core/dicom/errors.js';
import {
  requireTransferSyntax, transferSyntax, transferSyntaxOrDefault,
} from '../../../core/dicom/transfer-syntax.js';

describe('transfer syntax properties', () => {
  it.each([
    ['1.2.840.10008.1.2', false, true, false, false, false],
    ['1.2.840.10008.1.2.1', true, true, false, false, false],
    ['1.2.840.10008.1.2.2', true, false, false, false, false],
    ['1.2.840.10008.1.2.1.99', true, true, false, true, false],
    ['1.2.840.10008.1.2.4.50', true, true, true, false, true],
    ['1.2.840.10008.1.2.4.70', true, true, true, false, false],
    ['1.2.840.10008.1.2.4.81', true, true, true, false, true],
    ['1.2.840.10008.1.2.4.90', true, true, true, false, false],
    ['1.2.840.10008.1.2.4.201', true, true, true, false, false],
    ['1.2.840.10008.1.2.5', true, true, true, false, false],
  ])('%s', (uid, explicitVr, littleEndian, encapsulated, deflated, lossy) => {
    expect(transferSyntax(uid)).toMatchObject({ explicitVr, littleEndian, encapsulated, deflated, lossy, known: true });
  });

  it('strips UI padding', () => {
    expect(transferSyntax('1.2.840.10008.1.2\0')?.name).toBe('Implicit VR Little Endian');
  });

  it('unknown UID: undefined, default Explicit LE for parsing, UnsupportedError when required', () => {
    expect(transferSyntax('1.2.3.4')).toBeUndefined();
    expect(transferSyntaxOrDefault('1.2.3.4')).toMatchObject({ explicitVr: true, littleEndian: true, known: false });
    expect(() => requireTransferSyntax('1.2.3.4')).toThrow(UnsupportedError);
  });
});
