/**
 * JPEG family (ISO 10918-1) in DICOM: Baseline/Extended (PS3.5 A.4.1, processes 1, 2 & 4)
 * and Lossless (processes 14 and 14 SV1). We route on the frame header actually present,
 * not only the transfer syntax, because mislabelled streams are common:
 *  - DCT 8-bit (SOF0/1/2, arithmetic SOF9/10): libjpeg-turbo 8-bit (wasm)
 *  - lossless (SOF3, SOF7 for arithmetic is not supported by the JS decoder): jpeg-lossless-decoder-js
 *  - DCT 12-bit (SOF1/2 with P=12): no installed package decodes it -> UnsupportedError
 */
import { createRequire } from 'node:module';
import { PixelDecodeError, UnsupportedError } from '../errors.js';
import { samplesView, type CodecOutput } from './codec-output.js';
import { libjpegConvertsToRgb, readJpegHeader, withAdobeNoTransform, type JpegHeader } from './jpeg-header.js';
import { describeThrown, forgetWasmDecoder, takeCodecMessage, withCodecMessage, isWasmTrap, runDecoder, wasmDecoder } from './wasm-modules.js';

/** jpeg-lossless-decoder-js ships no type declarations: describe the one class we use. */
interface LosslessDecoderClass {
  new (): { decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array };
}
let losslessDecoderClass: LosslessDecoderClass | undefined;
function losslessDecoder(): LosslessDecoderClass {
  if (!losslessDecoderClass) {
    const mod = createRequire(import.meta.url)('jpeg-lossless-decoder-js') as { Decoder?: unknown };
    if (typeof mod.Decoder !== 'function') throw new Error('jpeg-lossless-decoder-js has no Decoder export');
    losslessDecoderClass = mod.Decoder as LosslessDecoderClass;
  }
  return losslessDecoderClass;
}

export interface JpegFrameParams {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly photometricInterpretation: string;
  readonly frameIndex: number;
}

export async function decodeJpeg(frame: Uint8Array, p: JpegFrameParams): Promise<CodecOutput> {
  let header: JpegHeader;
  try {
    header = readJpegHeader(frame);
  } catch (e) {
    throw new PixelDecodeError('JPEG', p.frameIndex, describeThrown(e), { cause: e });
  }
  checkGeometry(header, p, 'JPEG');
  switch (header.sof) {
    case 0xc0: case 0xc1: case 0xc2: case 0xc9: case 0xca:
      if (header.precision !== 8) {
        throw new UnsupportedError(`JPEG Extended ${header.precision}-bit`,
          'the installed libjpeg-turbo build decodes 8-bit DCT only; a 12-bit DCT decoder package is needed');
      }
      return decodeWithLibjpegTurbo(frame, header, p);
    case 0xc3:
      return decodeLossless(frame, header, p);
    case 0xf7:
      throw new PixelDecodeError('JPEG', p.frameIndex, 'stream is JPEG-LS (SOF55) but the transfer syntax says JPEG');
    default:
      throw new UnsupportedError(`JPEG process with SOF marker FF${header.sof.toString(16).toUpperCase()}`,
        'hierarchical and arithmetic-coded lossless JPEG are not supported');
  }
}

/** Refuse to decode a stream whose size disagrees with the data set: also bounds the codec's allocation. */
function checkGeometry(h: { width: number; height: number; componentIds: readonly number[] }, p: JpegFrameParams, codec: string): void {
  if (h.width !== p.columns || h.height !== p.rows) {
    throw new PixelDecodeError(codec, p.frameIndex, `stream is ${h.width}x${h.height}, data set says ${p.columns}x${p.rows}`);
  }
  if (h.componentIds.length !== p.samplesPerPixel) {
    throw new PixelDecodeError(codec, p.frameIndex, `stream has ${h.componentIds.length} components, Samples per Pixel is ${p.samplesPerPixel}`);
  }
}

async function decodeWithLibjpegTurbo(frame: Uint8Array, header: JpegHeader, p: JpegFrameParams): Promise<CodecOutput> {
  const warnings: string[] = [];
  let stream = frame;
  let converts = libjpegConvertsToRgb(header);
  // A stream without JFIF/APP14 whose components are not tagged R,G,B is taken as YCbCr by
  // libjpeg. When the data set says RGB we trust the data set, as DCMTK does (its IJG
  // decoder sets the JPEG colour space from Photometric Interpretation): tell libjpeg
  // "no transform" with an Adobe marker (ISO 10918-6 / Adobe TN 5116).
  if (converts && p.photometricInterpretation === 'RGB' && !header.jfif && header.adobeTransform === undefined) {
    stream = withAdobeNoTransform(frame);
    converts = false;
    warnings.push('JPEG stream has no colour marker; decoded as RGB as Photometric Interpretation says');
  }
  const decoder = await wasmDecoder('libjpeg-turbo-8bit');
  let result;
  try {
    result = runDecoder(decoder, stream);
  } catch (e) {
    if (isWasmTrap(e)) forgetWasmDecoder('libjpeg-turbo-8bit');
    throw new PixelDecodeError('JPEG (libjpeg-turbo)', p.frameIndex, withCodecMessage(describeThrown(e), takeCodecMessage('libjpeg-turbo-8bit')), { cause: e });
  }
  const { info, pixels } = result;
  const expected = info.width * info.height * info.componentCount;
  if (info.width !== p.columns || info.height !== p.rows || pixels.length < expected) {
    throw new PixelDecodeError('JPEG (libjpeg-turbo)', p.frameIndex,
      `decoded ${info.width}x${info.height}x${info.componentCount} into ${pixels.length} bytes`);
  }
  return {
    data: pixels.subarray(0, expected),
    width: info.width,
    height: info.height,
    components: info.componentCount,
    bitsPerSample: 8,
    colour: converts ? 'rgb' : 'as-encoded',
    warnings,
  };
}

function decodeLossless(frame: Uint8Array, header: JpegHeader, p: JpegFrameParams): CodecOutput {
  // jpeg-lossless-decoder-js reads an ArrayBuffer; give it an exact copy so it can never
  // read neighbouring bytes of the file buffer.
  const copy = frame.slice();
  const bytesPerSample = header.precision > 8 || p.bitsAllocated > 8 ? 2 : 1;
  let out: Uint8Array | Uint16Array;
  try {
    const Decoder = losslessDecoder();
    out = new Decoder().decode(copy.buffer, 0, copy.length, bytesPerSample);
  } catch (e) {
    throw new PixelDecodeError('JPEG Lossless', p.frameIndex, describeThrown(e), { cause: e });
  }
  const expected = header.width * header.height * header.componentIds.length;
  if (!out || out.length < expected) {
    throw new PixelDecodeError('JPEG Lossless', p.frameIndex, `decoded ${out ? out.length : 0} samples, expected ${expected}`);
  }
  const bytes = new Uint8Array(out.buffer, out.byteOffset, expected * bytesPerSample);
  return {
    data: samplesView(bytes, bytesPerSample, false),
    width: header.width,
    height: header.height,
    components: header.componentIds.length,
    bitsPerSample: header.precision,
    colour: 'as-encoded', // lossless JPEG has no colour transform in DICOM (PS3.5 8.2.1)
    warnings: [],
  };
}
