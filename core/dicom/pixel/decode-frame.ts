/**
 * decodeFrame: one frame of Pixel Data -> a typed Frame the imaging pipeline consumes.
 *
 *   source attributes --validate--> locate frame (native bytes or fragments, PS3.5 A.4)
 *   --> codec (RLE, JPEG, JPEG-LS, J2K, HTJ2K) --> unsigned containers of Bits Allocated
 *   --> stored values (mask to Bits Stored, sign-extend, PS3.5 8.1.1)
 *   --> colour: planar -> interleaved, YBR -> RGB, PALETTE COLOR -> RGB (PS3.3 C.7.6.3.1)
 */
import type { PixelDataSource } from '../pixel-data-source.js';
import { allocUnsigned, extractStoredValues, unsignedView, type UnsignedArray } from './bit-depth.js';
import { decodeRle } from './codecs/rle.js';
import { decodeJpeg, type JpegFrameParams } from './codecs/jpeg.js';
import { decodeJpegLs } from './codecs/jpeg-ls.js';
import { decodeHtj2k, decodeJpeg2000 } from './codecs/jpeg-2000.js';
import type { CodecOutput } from './codecs/codec-output.js';
import { paletteToRgb } from './colour/palette.js';
import { planarToInterleaved } from './colour/planar.js';
import { expand422, ybrFullToRgb, ybrPartialToRgb } from './colour/ybr.js';
import { encapsulatedFrame } from './encapsulated-frames.js';
import { PixelAttributeError, PixelDataError, PixelDecodeError, UnsupportedError } from './errors.js';
import type { Frame, FramePhotometric, PixelArray } from './frame.js';
import { isSubsampled422, readNativeBits, readNativeFrame } from './native-frame.js';
import { pixelEncodingOf } from './transfer-syntax.js';

/** Largest decoded frame we allocate: 1 GiB of samples (a 16-bit 16k x 16k RGB slide tile fits). */
const MAX_FRAME_BYTES = 2 ** 30;

/** Number of frames in the Pixel Data ((0028,0008), 1 when absent or not a positive integer). */
export function frameCount(source: PixelDataSource): number {
  const n = source.numberOfFrames;
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

interface Geometry {
  readonly bitsStored: number;
  readonly shift: number;
  readonly signed: boolean;
  readonly photometric: string;
}

export async function decodeFrame(source: PixelDataSource, frameIndex: number): Promise<Frame> {
  const warnings: string[] = [];
  const g = validate(source, warnings);
  const frames = frameCount(source);
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= frames) {
    throw new PixelDataError('PIXEL_FRAME_INDEX', `Frame index ${frameIndex} is out of range: the Pixel Data has ${frames} frame(s)`);
  }
  if (!source.native && !source.encapsulated && source.floatPixelData) {
    throw new UnsupportedError('Float / Double Float Pixel Data (7FE0,0008/0009)');
  }
  const encoding = pixelEncodingOf(source.transferSyntaxUid);
  const spp = source.samplesPerPixel;
  const pixels = source.rows * source.columns;

  if (encoding === 'native' && source.bitsAllocated === 1) {
    const bits = readNativeBits(source, frameIndex, frames);
    return finish(source, g, bits, 1, 1, 8, false, warnings);
  }

  let raw: UnsignedArray;
  let colourDone = false;
  let subsampled = false;
  if (encoding === 'native' || encoding === 'encapsulated-uncompressed') {
    let from = source;
    let index = frameIndex;
    let count = frames;
    if (encoding === 'encapsulated-uncompressed') {
      const enc = requireEncapsulated(source);
      from = { ...source, native: encapsulatedFrame(enc, frames, frameIndex, encoding, warnings), littleEndian: true };
      index = 0;
      count = 1;
    }
    raw = readNativeFrame(from, index, count);
    if (spp === 3 && isSubsampled422(g.photometric)) {
      subsampled = true;
    } else if (spp === 3 && source.planarConfiguration === 1) {
      raw = planarToInterleaved(raw, pixels, 3);
    }
  } else {
    const enc = requireEncapsulated(source);
    const bytes = encapsulatedFrame(enc, frames, frameIndex, encoding, warnings);
    const params: JpegFrameParams = {
      rows: source.rows, columns: source.columns, samplesPerPixel: spp, bitsAllocated: source.bitsAllocated,
      photometricInterpretation: g.photometric, frameIndex,
    };
    if (encoding === 'rle') {
      raw = decodeRle(bytes, source.rows, source.columns, spp, source.bitsAllocated, frameIndex);
    } else {
      const out = await decodeCompressed(encoding, bytes, params);
      warnings.push(...out.warnings);
      raw = toContainers(out.data, source.bitsAllocated, out.bitsPerSample, frameIndex, encoding);
      colourDone = out.colour === 'rgb';
    }
  }

  // The values: Bits Stored from High Bit (native) or from bit 0 (codecs produce values).
  const shift = encoding === 'native' ? g.shift : 0;
  const range = { min: Number.NaN, max: Number.NaN };
  let values: PixelArray = extractStoredValues(raw, g.bitsStored, shift, g.signed, range);

  if (spp === 1) {
    if (g.photometric === 'PALETTE COLOR') {
      if (!source.palette) throw new PixelAttributeError('PALETTE COLOR without Palette Color Lookup Tables');
      const rgb = paletteToRgb(values, source.palette, source.littleEndian, g.signed);
      return finish(source, g, rgb.data, 3, rgb.bits, rgb.bits, false, warnings, 'RGB');
    }
    const frame = finish(source, g, values, 1, g.bitsStored, source.bitsAllocated, g.signed, warnings);
    return Number.isNaN(range.min) ? frame : { ...frame, valueRange: [range.min, range.max] };
  }

  // Three samples: make it RGB.
  if (g.signed) warnings.push('signed colour samples: values kept as stored');
  let colour = colourDone ? 'RGB' : g.photometric;
  const bits = g.bitsStored;
  if (subsampled) {
    values = expand422(values as Uint8Array | Uint16Array, source.rows, source.columns);
    colour = colour.replace('_422', '');
  }
  switch (colour) {
    case 'RGB':
      break;
    case 'YBR_FULL':
    case 'YBR_FULL_422': // decoded by a JPEG decoder that did not upsample-and-convert
      values = ybrFullToRgb(values as Uint8Array | Uint16Array, pixels, bits);
      break;
    case 'YBR_PARTIAL':
    case 'YBR_PARTIAL_422':
    case 'YBR_PARTIAL_420':
      values = ybrPartialToRgb(values as Uint8Array | Uint16Array, pixels, bits);
      break;
    case 'YBR_ICT':
    case 'YBR_RCT':
      // Only valid with JPEG 2000, whose codec inverts the transform when COD signals it;
      // a codestream without MCT carries the components as they are.
      warnings.push(`${colour} but the codestream signals no component transform: samples taken as RGB`);
      break;
    default:
      throw new UnsupportedError(`Photometric Interpretation ${g.photometric} with 3 samples per pixel`);
  }
  return finish(source, g, values, 3, bits, source.bitsAllocated, g.signed, warnings, 'RGB');
}

function decodeCompressed(
  encoding: 'jpeg' | 'jpeg-ls' | 'jpeg-2000' | 'htj2k', bytes: Uint8Array, params: JpegFrameParams,
): Promise<CodecOutput> {
  switch (encoding) {
    case 'jpeg': return decodeJpeg(bytes, params);
    case 'jpeg-ls': return decodeJpegLs(bytes, params);
    case 'jpeg-2000': return decodeJpeg2000(bytes, params);
    case 'htj2k': return decodeHtj2k(bytes, params);
  }
}

function requireEncapsulated(source: PixelDataSource) {
  if (!source.encapsulated) {
    throw new PixelAttributeError(`transfer syntax ${source.transferSyntaxUid} needs encapsulated Pixel Data but the value is native`);
  }
  return source.encapsulated;
}

/** Put codec samples in containers of Bits Allocated (an 8-bit JPEG in a 16-bit data set widens). */
function toContainers(data: CodecOutput['data'], bitsAllocated: number, bitsPerSample: number, frameIndex: number, codec: string): UnsignedArray {
  const containerBytes = bitsAllocated / 8;
  const u = unsignedView(data);
  if (u.BYTES_PER_ELEMENT === containerBytes) return u;
  if (u.BYTES_PER_ELEMENT > containerBytes) {
    throw new PixelDecodeError(codec, frameIndex, `codestream has ${bitsPerSample}-bit samples but Bits Allocated is ${bitsAllocated}`);
  }
  const out = allocUnsigned(containerBytes, u.length);
  if (data instanceof Int8Array || data instanceof Int16Array) {
    // Keep the two's complement pattern in the wider container; masking re-derives the sign.
    for (let i = 0; i < data.length; i++) out[i] = (data[i] as number) >>> 0;
  } else {
    out.set(u);
  }
  return out;
}

function validate(source: PixelDataSource, warnings: string[]): Geometry {
  const { rows, columns, samplesPerPixel: spp, bitsAllocated } = source;
  if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1 || rows > 65535 || columns > 65535) {
    throw new PixelAttributeError(`Rows ${rows} / Columns ${columns} must be 1..65535`);
  }
  if (spp !== 1 && spp !== 3) throw new UnsupportedError(`Samples per Pixel ${spp}`, 'only 1 and 3 are defined for images');
  if (bitsAllocated !== 1 && bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new UnsupportedError(`Bits Allocated ${bitsAllocated}`, 'supported: 1, 8, 16, 32');
  }
  const frameBytes = rows * columns * spp * Math.max(1, bitsAllocated / 8);
  if (frameBytes > MAX_FRAME_BYTES) throw new PixelAttributeError(`a frame of ${frameBytes} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`);
  let bitsStored = source.bitsStored;
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > bitsAllocated) {
    warnings.push(`Bits Stored ${bitsStored} is invalid for Bits Allocated ${bitsAllocated}; using ${bitsAllocated}`);
    bitsStored = bitsAllocated;
  }
  let highBit = source.highBit;
  if (!Number.isInteger(highBit) || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    if (highBit !== undefined) warnings.push(`High Bit ${highBit} is invalid for Bits Stored ${bitsStored}; using ${bitsStored - 1}`);
    highBit = bitsStored - 1;
  }
  let signed = source.pixelRepresentation === 1;
  if (source.pixelRepresentation !== 0 && source.pixelRepresentation !== 1) {
    warnings.push(`Pixel Representation ${source.pixelRepresentation} is not 0 or 1; taken as unsigned`);
    signed = false;
  }
  const photometric = source.photometricInterpretation.replace(/\0/g, '').trim().toUpperCase();
  return { bitsStored, shift: highBit + 1 - bitsStored, signed, photometric };
}

function finish(
  source: PixelDataSource, g: Geometry, data: PixelArray, samples: 1 | 3, bitsStored: number, bitsAllocated: number,
  signed: boolean, warnings: string[], photometric?: FramePhotometric,
): Frame {
  let pi: FramePhotometric;
  if (photometric) {
    pi = photometric;
  } else if (g.photometric === 'MONOCHROME1' || g.photometric === 'MONOCHROME2') {
    pi = g.photometric;
  } else {
    warnings.push(`Photometric Interpretation '${g.photometric}' with 1 sample: treated as MONOCHROME2`);
    pi = 'MONOCHROME2';
  }
  return {
    width: source.columns,
    height: source.rows,
    samplesPerPixel: samples,
    bitsAllocated: data.BYTES_PER_ELEMENT * 8 === bitsAllocated ? bitsAllocated : data.BYTES_PER_ELEMENT * 8,
    bitsStored,
    signed,
    photometricInterpretation: pi,
    sourcePhotometricInterpretation: source.photometricInterpretation,
    data,
    warnings,
  };
}
