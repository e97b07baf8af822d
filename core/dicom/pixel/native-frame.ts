/**
 * Native (uncompressed) Pixel Data: locate one frame and turn its bytes into unsigned
 * containers in host order (PS3.5 section 8.1.1 and 8.2, Annex A.1-A.3).
 *
 * Frames follow each other without padding; the value as a whole may carry one trailing
 * pad byte (odd length, PS3.5 7.1) or other trailing junk, which we ignore. A value that
 * is shorter than all the frames it announces is an error, not a short image.
 */
import type { PixelDataSource } from '../pixel-data-source.js';
import { PixelDataTooShortError, UnsupportedError } from './errors.js';
import { allocUnsigned, type UnsignedArray } from './bit-depth.js';

/** Number of stored samples per frame: YBR_*_422 keeps two luminance values per chrominance pair (PS3.3 C.7.6.3.1.2). */
export function nativeSamplesPerFrame(source: PixelDataSource): number {
  if (source.samplesPerPixel === 3 && isSubsampled422(source.photometricInterpretation)) {
    return source.rows * Math.ceil(source.columns / 2) * 4;
  }
  return source.rows * source.columns * source.samplesPerPixel;
}

export function isSubsampled422(photometric: string): boolean {
  photometric = photometric.trim().toUpperCase();
  return photometric === 'YBR_FULL_422' || photometric === 'YBR_PARTIAL_422';
}

/** Bytes one frame occupies in native Pixel Data (1-bit data counts in bits: see readNativeBits). */
export function nativeFrameBytes(source: PixelDataSource): number {
  return nativeSamplesPerFrame(source) * (source.bitsAllocated / 8);
}

/**
 * The raw containers of frame `frameIndex`, copied out of the file buffer (the source
 * must not be modified and may be unaligned), byte-swapped to host order (little endian:
 * every platform Node supports here) when the
 * transfer syntax is big endian.
 */
export function readNativeFrame(source: PixelDataSource, frameIndex: number, frames: number): UnsignedArray {
  const bytes = source.native;
  if (!bytes) throw new UnsupportedError('Pixel Data without a native value', 'transfer syntax is native but no bytes were found');
  const bytesPerSample = source.bitsAllocated / 8;
  if (bytesPerSample !== 1 && bytesPerSample !== 2 && bytesPerSample !== 4) {
    throw new UnsupportedError(`Bits Allocated ${source.bitsAllocated}`, 'native data supports 1, 8, 16 and 32');
  }
  const frameBytes = nativeFrameBytes(source);
  const needed = frameBytes * frames;
  if (bytes.length < needed) {
    throw new PixelDataTooShortError(needed, bytes.length,
      `${source.rows} rows x ${source.columns} columns x ${source.samplesPerPixel} samples x ${bytesPerSample} bytes x ${frames} frames`);
  }
  const start = frameIndex * frameBytes;
  const count = frameBytes / bytesPerSample;
  const out = allocUnsigned(bytesPerSample, count);
  const outBytes = new Uint8Array(out.buffer, out.byteOffset, frameBytes);
  if (source.littleEndian) {
    outBytes.set(bytes.subarray(start, start + frameBytes));
  } else if (bytesPerSample === 1) {
    // PS3.5 A.3 (Explicit VR Big Endian): OW words are byte-swapped, OB bytes are not. An
    // 8-bit image stored as OW therefore has each byte pair of the whole value swapped.
    if (source.pixelDataVr === 'OW') {
      for (let k = 0; k < frameBytes; k++) outBytes[k] = bytes[(start + k) ^ 1] ?? 0;
    } else {
      outBytes.set(bytes.subarray(start, start + frameBytes));
    }
  } else {
    // Big endian 16/32-bit containers: reverse the bytes of each sample.
    for (let k = 0; k < frameBytes; k += bytesPerSample) {
      for (let j = 0; j < bytesPerSample; j++) {
        outBytes[k + j] = bytes[start + k + bytesPerSample - 1 - j] as number;
      }
    }
  }
  return out;
}

/**
 * 1-bit data (Bits Allocated 1): pixels are packed eight to a byte, first pixel in the
 * least significant bit, and frames follow bit after bit with no byte alignment
 * (PS3.5 8.1.1 and 8.2). Returns one byte (0 or 1) per pixel.
 */
export function readNativeBits(source: PixelDataSource, frameIndex: number, frames: number): Uint8Array {
  const bytes = source.native;
  if (!bytes) throw new UnsupportedError('Pixel Data without a native value', 'transfer syntax is native but no bytes were found');
  if (source.samplesPerPixel !== 1) throw new UnsupportedError('1-bit colour data');
  const pixels = source.rows * source.columns;
  const neededBytes = Math.ceil((pixels * frames) / 8);
  if (bytes.length < neededBytes) {
    throw new PixelDataTooShortError(neededBytes, bytes.length,
      `${source.rows} rows x ${source.columns} columns x 1 bit x ${frames} frames`);
  }
  const out = new Uint8Array(pixels);
  const firstBit = frameIndex * pixels;
  // PS3.5 A.3: in big endian, 1-bit data in OW words has its bytes swapped as words.
  const wordSwap = !source.littleEndian && source.pixelDataVr === 'OW';
  for (let i = 0; i < pixels; i++) {
    const bit = firstBit + i;
    let byteIndex = bit >>> 3;
    if (wordSwap) byteIndex ^= 1;
    out[i] = ((bytes[byteIndex] ?? 0) >>> (bit & 7)) & 1;
  }
  return out;
}
