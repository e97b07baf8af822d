import { describe, expect, it } from 'vitest';
import { encapsulatedFrame } from '../../../../core/dicom/pixel/encapsulated-frames.js';
import { FrameLocationError } from '../../../../core/dicom/pixel/errors.js';
import { encapsulated } from './synthetic-source.js';

const soi = (tag: number, n = 4): Uint8Array => Uint8Array.from([0xff, 0xd8, ...Array<number>(n).fill(tag)]);
const cont = (tag: number, n = 4): Uint8Array => Uint8Array.from(Array<number>(n).fill(tag));
const ids = (b: Uint8Array): number[] => Array.from(b);

describe('encapsulated frame extraction (PS3.5 A.4)', () => {
  it('uses the Basic Offset Table to group several fragments per frame', () => {
    const frags = [soi(1), cont(2), soi(3), cont(4), cont(5)];
    const all = encapsulated(frags);
    const pd = { ...all, basicOffsetTable: [all.fragmentOffsets[0]!, all.fragmentOffsets[2]!] };
    expect(ids(encapsulatedFrame(pd, 2, 0, 'jpeg', []))).toEqual([...soi(1), ...cont(2)]);
    expect(ids(encapsulatedFrame(pd, 2, 1, 'jpeg', []))).toEqual([...soi(3), ...cont(4), ...cont(5)]);
  });

  it('uses the Extended Offset Table when present', () => {
    const frags = [soi(1), soi(2), soi(3)];
    const pd = { ...encapsulated(frags), extendedOffsetTable: encapsulated(frags).fragmentOffsets };
    expect(ids(encapsulatedFrame(pd, 3, 2, 'jpeg', []))).toEqual(ids(soi(3)));
  });

  it('empty table, one frame: concatenates every fragment', () => {
    const pd = encapsulated([soi(1), cont(2), cont(3)]);
    expect(encapsulatedFrame(pd, 1, 0, 'jpeg', []).length).toBe(6 + 4 + 4);
  });

  it('empty table, one fragment per frame', () => {
    const pd = encapsulated([cont(7), cont(8)]);
    expect(ids(encapsulatedFrame(pd, 2, 1, 'rle', []))).toEqual(ids(cont(8)));
  });

  it('empty table, more fragments than frames: finds frame starts by JPEG SOI', () => {
    const pd = encapsulated([soi(1), cont(2), cont(3), soi(4), cont(5)]);
    expect(ids(encapsulatedFrame(pd, 2, 1, 'jpeg', []))).toEqual([...soi(4), ...cont(5)]);
  });

  it('finds JPEG 2000 frame starts by SOC', () => {
    const soc = (t: number) => Uint8Array.of(0xff, 0x4f, 0xff, 0x51, t);
    const pd = encapsulated([soc(1), cont(2), soc(3), cont(4)]);
    expect(ids(encapsulatedFrame(pd, 2, 1, 'jpeg-2000', []))).toEqual([...soc(3), ...cont(4)]);
  });

  it('falls back with a warning when the Basic Offset Table points between fragments', () => {
    const pd = { ...encapsulated([soi(1), soi(2)]), basicOffsetTable: [0, 3] };
    const warnings: string[] = [];
    expect(ids(encapsulatedFrame(pd, 2, 1, 'jpeg', warnings))).toEqual(ids(soi(2)));
    expect(warnings.join()).toMatch(/Basic Offset Table/);
  });

  it('throws a typed error when frames cannot be located', () => {
    expect(() => encapsulatedFrame(encapsulated([soi(1), cont(2), cont(3)]), 2, 0, 'jpeg', [])).toThrow(FrameLocationError);
    expect(() => encapsulatedFrame(encapsulated([cont(1)]), 3, 0, 'rle', [])).toThrow(FrameLocationError);
    expect(() => encapsulatedFrame(encapsulated([]), 1, 0, 'jpeg', [])).toThrow(FrameLocationError);
  });
});
