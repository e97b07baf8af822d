/**
 * JPEG family (ISO 10918-1) in DICOM: Baseline/Extended (PS3.5 A.4.1, processes 1, 2 & 4)
 * and Lossless (processes 14 and 14 SV1). We route on the frame header actually present,
 * not only the transfer syntax, because mislabelled streams are common:
 *  - DCT 8-bit (SOF0/1/2, arithmetic SOF9/10): libjpeg-turbo 8-bit (wasm)
 *  - DCT 12-bit (SOF1/2 with P=12, process 4 of .4.51 and the retired progressive
 *    processes): DCMTK's IJG 12-bit decoder from dcmjs-codecs (wasm)
 *  - lossless (SOF3, P 2..16): DCMTK's IJG 8/12/16-bit lossless decoder from dcmjs-codecs,
 *    bit-identical to dcmdjpeg and 3-13x faster than the former pure-JS decoder
 *    (jpeg-lossless-decoder-js, removed; 1976x1576 CR: 161 -> 52 ms, codec alone)
 *  - arithmetic-coded 12-bit or lossless (SOF9-11), hierarchical (SOF5-7, 13-15):
 *    UnsupportedError (neither build decodes them)
 */
import { PixelDecodeError, UnsupportedError } from '../errors.js';
import { samplesView, type CodecOutput } from './codec-output.js';
import { decodeWithDcmjsCodecs } from './dcmjs-codecs.js';
import { libjpegConvertsToRgb, readJpegHeader, withAdobeNoTransform, type JpegHeader } from './jpeg-header.js';
import { describeThrown, forgetWasmDecoder, takeCodecMessage, withCodecMessage, isWasmTrap, runDecoder, wasmDecoder } from './wasm-modules.js';

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
      if (header.precision === 8) return decodeWithLibjpegTurbo(frame, header, p);
      // ISO 10918-1 allows P = 8 or 12 for DCT processes (B.2.2).
      if (header.precision !== 12) throw new PixelDecodeError('JPEG', p.frameIndex, `DCT frame header with precision ${header.precision} (must be 8 or 12)`);
      if (header.sof >= 0xc9) {
        throw new UnsupportedError(`JPEG arithmetic-coded ${header.precision}-bit (SOF FF${header.sof.toString(16).toUpperCase()})`,
          'the DCMTK IJG 12-bit decoder has no arithmetic decoding');
      }
      return decodeWithDcmtk(frame, header, p, 'JPEG 12-bit (DCMTK IJG)');
    case 0xc3:
      // Lossless precision is 2..16 (ISO 10918-1 B.2.2).
      if (header.precision < 2 || header.precision > 16) {
        throw new PixelDecodeError('JPEG Lossless', p.frameIndex, `lossless frame header with precision ${header.precision} (must be 2..16)`);
      }
      return decodeWithDcmtk(frame, header, p, 'JPEG Lossless (DCMTK IJG)');
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

/**
 * DCMTK's IJG decoder (dcmjs-codecs) picks its 8/12/16-bit build from the first SOF's
 * precision and writes samples of that width into a buffer it sizes from Bits Allocated:
 * the two must agree, so Bits Allocated is derived from the precision here, not taken
 * from the data set (toContainers widens to the data set's containers afterwards).
 * No colour conversion: the caller applies Photometric Interpretation, as DCMTK does for
 * lossless (PS3.5 8.2.1) and as our YBR path does for DCT streams.
 */
async function decodeWithDcmtk(frame: Uint8Array, header: JpegHeader, p: JpegFrameParams, codec: string): Promise<CodecOutput> {
  const bytesPerSample = header.precision > 8 ? 2 : 1;
  const components = header.componentIds.length;
  let result;
  try {
    result = await decodeWithDcmjsCodecs('decodeJpeg', frame, {
      width: header.width,
      height: header.height,
      bitsAllocated: bytesPerSample * 8,
      bitsStored: header.precision,
      samplesPerPixel: components,
      pixelRepresentation: 0, // only consulted for colour conversion, which we never ask for
      planarConfiguration: 0,
      photometricInterpretation: components === 1 ? 'MONOCHROME2' : 'RGB',
    });
  } catch (e) {
    throw new PixelDecodeError(codec, p.frameIndex, describeThrown(e), { cause: e });
  }
  const expected = header.width * header.height * components * bytesPerSample;
  if (result.pixels.length !== expected) {
    throw new PixelDecodeError(codec, p.frameIndex, `decoded ${result.pixels.length} bytes, expected ${expected}`);
  }
  return {
    data: samplesView(result.pixels, bytesPerSample, false),
    width: header.width,
    height: header.height,
    components,
    bitsPerSample: header.precision,
    colour: 'as-encoded',
    warnings: result.messages.map((m) => `${codec}: ${m}`),
  };
}
