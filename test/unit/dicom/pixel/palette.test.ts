import { describe, expect, it } from 'vitest';
import { expandLut, paletteToRgb } from '../../../../core/dicom/pixel/colour/palette.js';
import { PixelAttributeError } from '../../../../core/dicom/pixel/errors.js';
import { decodeFrame } from '../../../../core/dicom/pixel/index.js';
import type { PaletteLut } from '../../../../core/dicom/pixel-data-source.js';
import { nativeSource, u16le } from './synthetic-source.js';

const lut16 = (first: number, values: number[]): PaletteLut => ({ descriptor: { entries: values.length, firstMapped: first, bitsPerEntry: 16 }, data: u16le(values) });
const lut8 = (first: number, values: number[]): PaletteLut => ({ descriptor: { entries: values.length, firstMapped: first, bitsPerEntry: 8 }, data: Uint8Array.from(values) });

describe('PALETTE COLOR (PS3.3 C.7.6.3.1.5, C.7.9.2)', () => {
  it('maps through the LUTs, clamping below the first mapped value and past the end', () => {
    const luts = { red: lut8(10, [1, 2, 3]), green: lut8(10, [4, 5, 6]), blue: lut8(10, [7, 8, 9]) };
    const out = paletteToRgb(Uint8Array.of(5, 10, 11, 12, 200), luts, true, false);
    expect(out.bits).toBe(8);
    expect(Array.from(out.data)).toEqual([1, 4, 7, 1, 4, 7, 2, 5, 8, 3, 6, 9, 3, 6, 9]);
  });

  it('keeps 16-bit entries and reads a signed first mapped value as SS', () => {
    const luts = { red: lut16(0xfffe, [100, 200, 300]), green: lut16(0xfffe, [1, 2, 3]), blue: lut16(0xfffe, [4, 5, 6]) };
    const out = paletteToRgb(Int16Array.of(-2, -1, 0), luts, true, true);
    expect(out.bits).toBe(16);
    expect(Array.from(out.data)).toEqual([100, 1, 4, 200, 2, 5, 300, 3, 6]);
  });

  it('expands segmented LUT data: discrete, linear and indirect segments', () => {
    // discrete [0, 10], linear to 40 over 3 entries -> 20, 30, 40; indirect: repeat segment at byte 0 once
    const words = [0, 2, 0, 10, 1, 3, 40, 2, 1, 0, 0];
    const lut: PaletteLut = { descriptor: { entries: 7, firstMapped: 0, bitsPerEntry: 16 }, segmentedData: u16le(words) };
    expect(Array.from(expandLut(lut, true, 'Red'))).toEqual([0, 10, 20, 30, 40, 0, 10]);
  });

  it('rejects short or malformed LUTs with typed errors', () => {
    expect(() => expandLut({ descriptor: { entries: 4, firstMapped: 0, bitsPerEntry: 16 }, data: u16le([1]) }, true, 'Red'))
      .toThrow(PixelAttributeError);
    expect(() => expandLut({ descriptor: { entries: 4, firstMapped: 0, bitsPerEntry: 12 }, data: u16le([1, 2, 3, 4]) }, true, 'Red')).toThrow(/bits per entry/);
    expect(() => expandLut({ descriptor: { entries: 4, firstMapped: 0, bitsPerEntry: 16 }, segmentedData: u16le([7, 1, 1]) }, true, 'Red')).toThrow(/opcode 7/);
    expect(() => expandLut({ descriptor: { entries: 4, firstMapped: 0, bitsPerEntry: 16 }, segmentedData: u16le([2, 1, 0, 0]) }, true, 'Red')).toThrow(/nested too deeply/);
  });

  it('decodes a PALETTE COLOR frame to RGB', async () => {
    const source = nativeSource({
      bitsAllocated: 8, bitsStored: 8, highBit: 7, photometricInterpretation: 'PALETTE COLOR', native: Uint8Array.of(0, 1, 1, 0),
      palette: { red: lut8(0, [0, 255]), green: lut8(0, [0, 128]), blue: lut8(0, [0, 64]) },
    });
    const frame = await decodeFrame(source, 0);
    expect(frame).toMatchObject({ samplesPerPixel: 3, photometricInterpretation: 'RGB', sourcePhotometricInterpretation: 'PALETTE COLOR', bitsStored: 8 });
    expect(Array.from(frame.data.subarray(0, 6))).toEqual([0, 0, 0, 255, 128, 64]);
  });

  it('refuses PALETTE COLOR without tables', async () => {
    await expect(decodeFrame(nativeSource({ bitsAllocated: 8, bitsStored: 8, highBit: 7, photometricInterpretation: 'PALETTE COLOR', native: new Uint8Array(4) }), 0))
      .rejects.toBeInstanceOf(PixelAttributeError);
  });
});
