/**
 * JPEG 2000 (PS3.5 A.4.4, ISO 15444-1) with OpenJPEG, and High-Throughput JPEG 2000
 * (PS3.5 A.4.11, ISO 15444-15) with OpenJPH, both as wasm. For YBR_ICT / YBR_RCT the
 * codec itself performs the inverse component transform signalled in COD (PS3.5 8.2.4),
 * so the samples come back as RGB.
 */
import { PixelDecodeError } from '../errors.js';
import { samplesView, type CodecOutput } from './codec-output.js';
import { codestreamOf, readJ2kHeader, type J2kHeader } from './j2k-header.js';
import { describeThrown, forgetWasmDecoder, takeCodecMessage, withCodecMessage, isWasmTrap, runDecoder, wasmDecoder, type WasmCodecName } from './wasm-modules.js';

export interface J2kFrameParams {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly frameIndex: number;
}

export function decodeJpeg2000(frame: Uint8Array, p: J2kFrameParams): Promise<CodecOutput> {
  return decodeJ2kFamily(frame, p, 'openjpeg', 'JPEG 2000 (OpenJPEG)');
}

export function decodeHtj2k(frame: Uint8Array, p: J2kFrameParams): Promise<CodecOutput> {
  return decodeJ2kFamily(frame, p, 'openjph', 'HTJ2K (OpenJPH)');
}

async function decodeJ2kFamily(frame: Uint8Array, p: J2kFrameParams, codecName: WasmCodecName, label: string): Promise<CodecOutput> {
  const warnings: string[] = [];
  let codestream: Uint8Array;
  let header: J2kHeader;
  try {
    codestream = codestreamOf(frame);
    header = readJ2kHeader(codestream);
  } catch (e) {
    throw new PixelDecodeError(label, p.frameIndex, describeThrown(e), { cause: e });
  }
  if (codestream !== frame) warnings.push('JPEG 2000 frame is wrapped in a JP2 file (PS3.5 A.4.4 wants a bare codestream)');
  if (header.width !== p.columns || header.height !== p.rows || header.components !== p.samplesPerPixel) {
    throw new PixelDecodeError(label, p.frameIndex,
      `codestream is ${header.width}x${header.height}x${header.components}, data set says ${p.columns}x${p.rows}x${p.samplesPerPixel}`);
  }
  const decoder = await wasmDecoder(codecName);
  let result;
  try {
    result = runDecoder(decoder, codestream);
  } catch (e) {
    if (isWasmTrap(e)) forgetWasmDecoder(codecName);
    throw new PixelDecodeError(label, p.frameIndex, withCodecMessage(describeThrown(e), takeCodecMessage(codecName)), { cause: e });
  }
  const { info, pixels } = result;
  const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
  const expected = info.width * info.height * info.componentCount;
  if (info.width !== p.columns || info.height !== p.rows || pixels.length < expected * bytesPerSample) {
    throw new PixelDecodeError(label, p.frameIndex,
      `decoded ${info.width}x${info.height}x${info.componentCount} at ${info.bitsPerSample} bits into ${pixels.length} bytes`);
  }
  return {
    data: samplesView(pixels.subarray(0, expected * bytesPerSample), bytesPerSample, info.isSigned ?? header.signed),
    width: info.width,
    height: info.height,
    components: info.componentCount,
    bitsPerSample: info.bitsPerSample,
    colour: header.mct ? 'rgb' : 'as-encoded',
    warnings,
  };
}
