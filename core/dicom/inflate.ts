/**
 * Deflate / inflate for Deflated Explicit VR Little Endian (PS3.5 A.5: RFC 1951 raw
 * deflate, no zlib header). Output is bounded: a "deflate bomb" stops at maxOutputBytes.
 */
import { deflateRawSync, inflateRawSync, inflateSync } from 'node:zlib';
import { DicomParseError } from './errors.js';

export const DEFAULT_MAX_INFLATED_BYTES = 1024 * 1024 * 1024;

export function inflateDataset(bytes: Uint8Array, offset: number, options: { maxOutputBytes?: number; fileName?: string } = {},
  warnings?: { add(m: string): void }): Uint8Array {
  const maxOutputLength = options.maxOutputBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const fail = (detail: string, cause: unknown): never => {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || cause instanceof RangeError) {
      throw new DicomParseError('LIMIT', offset, `inflated data set larger than ${maxOutputLength} bytes`,
        { fileName: options.fileName, layer: 'file', cause });
    }
    throw new DicomParseError('INFLATE', offset, detail, { fileName: options.fileName, layer: 'file', cause });
  };
  try {
    const out = inflateRawSync(bytes, { maxOutputLength });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (rawError) {
    // Some writers wrongly keep the zlib header (RFC 1950); accept it with a warning.
    if (bytes.length >= 2 && (bytes[0] ?? 0) === 0x78) {
      try {
        const out = inflateSync(bytes, { maxOutputLength });
        warnings?.add('Deflated data set has a zlib header (PS3.5 A.5 requires raw deflate)');
        return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      } catch (zlibError) {
        return fail(`cannot inflate deflated data set: ${(zlibError as Error).message}`, zlibError);
      }
    }
    return fail(`cannot inflate deflated data set: ${(rawError as Error).message}`, rawError);
  }
}

export function deflateDataset(bytes: Uint8Array): Uint8Array {
  const out = deflateRawSync(bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
