import { describe, expect, it } from 'vitest';
import { decodeFrame, frameCount } from '../../../../core/dicom/pixel/index.js';
import { PixelAttributeError, PixelDataError, PixelDataTooShortError, UnsupportedError } from '../../../../core/dicom/pixel/errors.js';
import { nativeSource, u16be, u16le } from './synthetic-source.js';

describe('native pixel data (PS3.5 8.1.1)', () => {
  it('masks Bits Stored and sign-extends from the top stored bit', async () => {
    // 12 bits stored, signed: 0xF800 has junk in the high nibble; 0x0800 is -2048; 0x07FF is 2047.
    const frame = await decodeFrame(nativeSource({ bitsStored: 12, highBit: 11, pixelRepresentation: 1, native: u16le([0xf800, 0x0800, 0x07ff, 0x0001]) }), 0);
    expect(frame.data).toBeInstanceOf(Int16Array);
    expect(Array.from(frame.data)).toEqual([-2048, -2048, 2047, 1]);
    expect(frame).toMatchObject({ bitsAllocated: 16, bitsStored: 12, signed: true, photometricInterpretation: 'MONOCHROME2' });
  });

  it('reports the value range it met while masking unsigned 16-bit containers (the renderer skips its own pass)', async () => {
    const frame = await decodeFrame(nativeSource({ bitsStored: 10, highBit: 9, pixelRepresentation: 0, native: u16le([0xfc10, 0x0003, 0x03ff, 0x0200]) }), 0);
    expect(Array.from(frame.data)).toEqual([0x010, 3, 1023, 512]);
    expect(frame.valueRange).toEqual([3, 1023]);
    // Signed data is sign-extended by another loop, which does not report a range.
    const signed = await decodeFrame(nativeSource({ bitsStored: 12, highBit: 11, pixelRepresentation: 1, native: u16le([0xf800, 0x0001, 0x0002, 0x0003]) }), 0);
    expect(signed.valueRange).toBeUndefined();
  });

  it('takes the stored bits below High Bit when High Bit is not Bits Stored - 1', async () => {
    // Bits Stored 8 ending at High Bit 11: value = (raw >> 4) & 0xFF
    const frame = await decodeFrame(nativeSource({ bitsStored: 8, highBit: 11, native: u16le([0x0ff0, 0x0120, 0xf00f, 0]) }), 0);
    expect(Array.from(frame.data)).toEqual([0xff, 0x12, 0x00, 0]);
  });

  it('keeps unsigned 16-bit values intact when Bits Stored is 16', async () => {
    const frame = await decodeFrame(nativeSource({ native: u16le([0, 1, 0x8000, 0xffff]) }), 0);
    expect(frame.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(frame.data)).toEqual([0, 1, 0x8000, 0xffff]);
  });

  it('reads big endian OW words', async () => {
    const frame = await decodeFrame(nativeSource({ littleEndian: false, pixelRepresentation: 1, native: u16be([1, -1, 300, -300]) }), 0);
    expect(Array.from(frame.data)).toEqual([1, -1, 300, -300]);
  });

  it('swaps byte pairs of 8-bit data stored as OW in big endian', async () => {
    const frame = await decodeFrame(nativeSource({ littleEndian: false, bitsAllocated: 8, bitsStored: 8, highBit: 7, native: Uint8Array.of(2, 1, 4, 3) }), 0);
    expect(Array.from(frame.data)).toEqual([1, 2, 3, 4]);
  });

  it('reads 32-bit signed and unsigned values', async () => {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    [-5, 2147483647, -2147483648, 7].forEach((v, i) => dv.setInt32(4 * i, v, true));
    const signed = await decodeFrame(nativeSource({ bitsAllocated: 32, bitsStored: 32, highBit: 31, pixelRepresentation: 1, native: b }), 0);
    expect(signed.data).toBeInstanceOf(Int32Array);
    expect(Array.from(signed.data)).toEqual([-5, 2147483647, -2147483648, 7]);
    const unsigned = await decodeFrame(nativeSource({ bitsAllocated: 32, bitsStored: 32, highBit: 31, native: b }), 0);
    expect(Array.from(unsigned.data)).toEqual([4294967291, 2147483647, 2147483648, 7]);
  });

  it('selects the requested frame and ignores trailing padding', async () => {
    const source = nativeSource({ numberOfFrames: 2, native: Uint8Array.from([...u16le([1, 2, 3, 4]), ...u16le([5, 6, 7, 8]), 0]) });
    expect(frameCount(source)).toBe(2);
    expect(Array.from((await decodeFrame(source, 1)).data)).toEqual([5, 6, 7, 8]);
  });

  it('refuses Pixel Data shorter than all announced frames with a typed error', async () => {
    const source = nativeSource({ numberOfFrames: 2, native: u16le([1, 2, 3, 4, 5, 6, 7]) });
    const error = await decodeFrame(source, 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PixelDataTooShortError);
    expect((error as Error).message).toMatch(/14 bytes, expected at least 16/);
  });

  it('interleaves planar configuration 1', async () => {
    const source = nativeSource({
      samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, photometricInterpretation: 'RGB', planarConfiguration: 1,
      rows: 1, native: Uint8Array.of(10, 11, 20, 21, 30, 31),
    });
    const frame = await decodeFrame(source, 0);
    expect(Array.from(frame.data)).toEqual([10, 20, 30, 11, 21, 31]);
    expect(frame.photometricInterpretation).toBe('RGB');
  });

  it('converts native YBR_FULL_422 (Y1 Y2 Cb Cr) to RGB', async () => {
    // Grey (Cb = Cr = 128) stays grey; pure Y with Cr = 255 gives red (PS3.3 C.7.6.3.1.2).
    const source = nativeSource({
      samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, photometricInterpretation: 'YBR_FULL_422',
      rows: 1, columns: 4, native: Uint8Array.of(100, 200, 128, 128, 76, 76, 85, 255),
    });
    const frame = await decodeFrame(source, 0);
    expect(Array.from(frame.data)).toEqual([100, 100, 100, 200, 200, 200, 254, 0, 0, 254, 0, 0]);
  });

  it('unpacks 1-bit data across unaligned frames', async () => {
    // 3x1 frames, 2 frames = 6 bits: 1,0,1 | 1,1,0 -> bits LSB first: 0b011101 = 0x1D
    const source = nativeSource({ rows: 1, columns: 3, bitsAllocated: 1, bitsStored: 1, highBit: 0, numberOfFrames: 2, pixelDataVr: 'OB', native: Uint8Array.of(0x1d) });
    expect(Array.from((await decodeFrame(source, 0)).data)).toEqual([1, 0, 1]);
    expect(Array.from((await decodeFrame(source, 1)).data)).toEqual([1, 1, 0]);
  });

  it('rejects bad frame indexes and unsupported layouts with typed errors', async () => {
    const source = nativeSource({ native: u16le([1, 2, 3, 4]) });
    await expect(decodeFrame(source, 1)).rejects.toBeInstanceOf(PixelDataError);
    await expect(decodeFrame(source, -1)).rejects.toBeInstanceOf(PixelDataError);
    await expect(decodeFrame(nativeSource({ samplesPerPixel: 4, native: u16le([]) }), 0)).rejects.toBeInstanceOf(UnsupportedError);
    await expect(decodeFrame(nativeSource({ bitsAllocated: 12, native: u16le([]) }), 0)).rejects.toBeInstanceOf(UnsupportedError);
    await expect(decodeFrame(nativeSource({ rows: 0, native: u16le([]) }), 0)).rejects.toBeInstanceOf(PixelAttributeError);
    await expect(decodeFrame(nativeSource({ transferSyntaxUid: '1.2.840.10008.1.2.4.100', native: u16le([]) }), 0))
      .rejects.toThrow(/MPEG2/);
  });

  it('refuses a frame larger than the allocation limit before allocating', async () => {
    const huge = nativeSource({ rows: 65535, columns: 65535, samplesPerPixel: 3, native: u16le([1]) });
    await expect(decodeFrame(huge, 0)).rejects.toBeInstanceOf(PixelAttributeError);
  });

  it('replaces an impossible High Bit with a warning', async () => {
    const frame = await decodeFrame(nativeSource({ bitsStored: 12, highBit: 20, native: u16le([0xffff, 0, 0, 0]) }), 0);
    expect(frame.data[0]).toBe(0x0fff);
    expect(frame.warnings.join()).toMatch(/High Bit 20/);
  });
});
