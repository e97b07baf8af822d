/**
 * JPEG-LS lossless and near-lossless (ISO 14495-1, PS3.5 A.4.3) with CharLS (wasm).
 * DICOM JPEG-LS has no colour transform (PS3.5 8.2.3): samples come back as encoded.
 * Interleave mode 0 (none) yields planes; line and sample modes yield interleaved pixels.
 */
import { PixelDecodeError } from '../errors.js';
import { samplesView, type CodecOutput } from './codec-output.js';
import { readJpegHeader } from './jpeg-header.js';
import { describeThrown, forgetWasmDecoder, takeCodecMessage, withCodecMessage, isWasmTrap, runDecoder, wasmDecoder } from './wasm-modules.js';
import { planarToInterleaved } from '../colour/planar.js';

export interface JpegLsFrameParams {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly frameIndex: number;
}

export async function decodeJpegLs(frame: Uint8Array, p: JpegLsFrameParams): Promise<CodecOutput> {
  const codec = 'JPEG-LS (CharLS)';
  let header;
  try {
    header = readJpegHeader(frame);
  } catch (e) {
    throw new PixelDecodeError(codec, p.frameIndex, describeThrown(e), { cause: e });
  }
  if (header.sof !== 0xf7) throw new PixelDecodeError(codec, p.frameIndex, `frame header is FF${header.sof.toString(16)}, not JPEG-LS SOF55`);
  if (header.width !== p.columns || header.height !== p.rows || header.componentIds.length !== p.samplesPerPixel) {
    throw new PixelDecodeError(codec, p.frameIndex,
      `stream is ${header.width}x${header.height}x${header.componentIds.length}, data set says ${p.columns}x${p.rows}x${p.samplesPerPixel}`);
  }
  const decoder = await wasmDecoder('charls');
  let result;
  let interleave = 2;
  try {
    result = runDecoder(decoder, frame);
    interleave = decoder.getInterleaveMode ? decoder.getInterleaveMode() : 2;
  } catch (e) {
    if (isWasmTrap(e)) forgetWasmDecoder('charls');
    throw new PixelDecodeError(codec, p.frameIndex, withCodecMessage(describeThrown(e), takeCodecMessage('charls')), { cause: e });
  }
  const { info, pixels } = result;
  const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
  const expected = info.width * info.height * info.componentCount;
  if (pixels.length < expected * bytesPerSample) {
    throw new PixelDecodeError(codec, p.frameIndex, `decoded ${pixels.length} bytes, expected ${expected * bytesPerSample}`);
  }
  let data = samplesView(pixels.subarray(0, expected * bytesPerSample), bytesPerSample, false);
  if (info.componentCount > 1 && interleave === 0) {
    data = planarToInterleaved(data, info.width * info.height, info.componentCount);
  }
  return {
    data, width: info.width, height: info.height, components: info.componentCount,
    bitsPerSample: info.bitsPerSample, colour: 'as-encoded', warnings: [],
  };
}
