import { describe, expect, it } from 'vitest';
import { decodeRle, unpackBits } from '../../../../core/dicom/pixel/codecs/rle.js';
import { PixelDecodeError } from '../../../../core/dicom/pixel/errors.js';
import { decodeFrame } from '../../../../core/dicom/pixel/index.js';
import { encapsulated, nativeSource } from './synthetic-source.js';

/** An RLE frame (PS3.5 G.5) from already PackBits-encoded segments. */
function rleFrame(segments: number[][]): Uint8Array {
  const header = new Uint8Array(64);
  const dv = new DataView(header.buffer);
  dv.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((s, i) => { dv.setUint32(4 + 4 * i, offset, true); offset += s.length; });
  return Uint8Array.from([...header, ...segments.flat()]);
}

describe('RLE Lossless (PS3.5 Annex G)', () => {
  it('unpacks literal runs, replicate runs and ignores -128', () => {
    const out = new Uint8Array(8);
    // 2 literals (h=1), replicate 9 four times (h=-3 = 253), no-op 128, literal 1 byte
    expect(unpackBits(Uint8Array.of(1, 5, 6, 253, 9, 128, 0, 7), 0, 8, out)).toBe(7);
    expect(Array.from(out.subarray(0, 7))).toEqual([5, 6, 9, 9, 9, 9, 7]);
  });

  it('composes 16-bit samples from MSB and LSB segments', () => {
    // 2x1 pixels: 0x0102, 0xFFFE -> MSB segment [01, FF], LSB segment [02, FE]
    const raw = decodeRle(rleFrame([[1, 0x01, 0xff], [1, 0x02, 0xfe]]), 1, 2, 1, 16, 0);
    expect(Array.from(raw)).toEqual([0x0102, 0xfffe]);
  });

  it('interleaves RGB segments and decodes through decodeFrame', async () => {
    const frame = rleFrame([[1, 10, 11], [1, 20, 21], [1, 30, 31]]);
    const source = nativeSource({
      transferSyntaxUid: '1.2.840.10008.1.2.5', rows: 1, columns: 2, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7,
      photometricInterpretation: 'RGB', encapsulated: encapsulated([frame]),
    });
    expect(Array.from((await decodeFrame(source, 0)).data)).toEqual([10, 20, 30, 11, 21, 31]);
  });

  it('rejects bad headers and short segments with typed errors', () => {
    expect(() => decodeRle(new Uint8Array(10), 1, 2, 1, 8, 0)).toThrow(PixelDecodeError);
    expect(() => decodeRle(rleFrame([[1, 1, 2], [1, 3, 4]]), 1, 2, 1, 8, 0)).toThrow(/2 segments, expected 1/);
    expect(() => decodeRle(rleFrame([[0, 1]]), 1, 2, 1, 8, 0)).toThrow(/decodes to 1 bytes, expected 2/);
    const bad = rleFrame([[1, 1, 2]]);
    new DataView(bad.buffer).setUint32(4, 9999, true);
    expect(() => decodeRle(bad, 1, 2, 1, 8, 0)).toThrow(/outside the frame/);
  });

  it('never writes past Rows x Columns even when a run says more', () => {
    const raw = decodeRle(rleFrame([[0x81, 7]]), 1, 2, 1, 8, 0); // replicate 7 128 times
    expect(Array.from(raw)).toEqual([7, 7]);
  });
});
