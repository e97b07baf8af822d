import { describe, expect, it } from 'vitest';
import { formatPersonName, parsePersonName } from '../../../core/dicom/person-name.js';
import { decodeStrings, encodeNumbers, encodeStrings, parseDS, parseIS, readNumbers } from '../../../core/dicom/values.js';

describe('values', () => {
  it('reads and writes binary numbers in both byte orders', () => {
    for (const [vr, values] of [['US', [0, 1, 65535]], ['SS', [-32768, -1, 32767]], ['UL', [0, 4294967295]], ['SL', [-5, 7]],
      ['FL', [1.5, -2.25]], ['FD', [Math.PI]], ['AT', [0x00100010, 0x7fe00010]]] as const) {
      for (const le of [true, false]) expect(readNumbers(encodeNumbers(values, vr, le), vr, le)).toEqual(values);
    }
    expect(Array.from(encodeNumbers([0x0102], 'US', false))).toEqual([1, 2]);
  });

  it('warns on a value length that is not a multiple of the width', () => {
    const w: string[] = [];
    expect(readNumbers(new Uint8Array([1, 0, 2]), 'US', true, (m) => w.push(m))).toEqual([1]);
    expect(w).toHaveLength(1);
  });

  it('parses IS and DS, rejecting garbage with a warning', () => {
    const w: string[] = [];
    expect(parseIS(' 12 ')).toBe(12);
    expect(parseIS('1A', (m) => w.push(m))).toBeUndefined();
    expect(parseDS('-1.5E3')).toBe(-1500);
    expect(parseDS('.5')).toBe(0.5);
    expect(parseDS('1,5', (m) => w.push(m))).toBeUndefined();
    expect(w).toHaveLength(2);
  });

  it('splits and trims text by VR', () => {
    expect(decodeStrings(Buffer.from(' A \\B '), 'LO', undefined)).toEqual(['A', 'B']);
    expect(decodeStrings(Buffer.from('a\\b  '), 'LT', undefined)).toEqual(['a\\b']);
    expect(decodeStrings(Buffer.from('1.2.3\0'), 'UI', undefined)).toEqual(['1.2.3']);
  });

  it('encodes strings padded to even length with the VR padding', () => {
    expect(Array.from(encodeStrings(['1.2.3'], 'UI', undefined))).toEqual([...Buffer.from('1.2.3'), 0]);
    expect(Buffer.from(encodeStrings(['A山'], 'PN', '\\ISO 2022 IR 87')).toString('latin1')).toBe('A\x1b$B;3\x1b(B ');
  });

  it('person names: groups and components', () => {
    const pn = parsePersonName('Yamada^Tarou=山田^太郎=やまだ^たろう');
    expect(pn.ideographic.givenName).toBe('太郎');
    expect(formatPersonName({ alphabetic: pn.alphabetic, ideographic: pn.ideographic, phonetic: pn.phonetic })).toBe(pn.text);
    expect(formatPersonName({ alphabetic: { familyName: 'Doe' }, ideographic: {} })).toBe('Doe');
  });
});
