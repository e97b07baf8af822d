/**
 * Which decoder handles a transfer syntax (PS3.5 section 10 and Annex A, PS3.6 Annex A).
 * Deflated Explicit VR LE is deflated at data set level (PS3.5 A.5): by the time Pixel
 * Data reaches us the reader has inflated it, so it is native.
 */
import { UnsupportedError } from './errors.js';
import { uidName } from '../uids.js';

export type PixelEncoding =
  | 'native'
  | 'encapsulated-uncompressed'
  | 'rle'
  | 'jpeg'
  | 'jpeg-ls'
  | 'jpeg-2000'
  | 'htj2k';

const ENCODINGS: ReadonlyMap<string, PixelEncoding> = new Map<string, PixelEncoding>([
  ['1.2.840.10008.1.2', 'native'], // Implicit VR Little Endian
  ['1.2.840.10008.1.2.1', 'native'], // Explicit VR Little Endian
  ['1.2.840.10008.1.2.2', 'native'], // Explicit VR Big Endian (retired)
  ['1.2.840.10008.1.2.1.99', 'native'], // Deflated Explicit VR Little Endian
  ['1.2.840.10008.1.2.1.98', 'encapsulated-uncompressed'], // Encapsulated Uncompressed Explicit VR LE
  ['1.2.840.10008.1.2.5', 'rle'], // RLE Lossless (Annex G)
  ['1.2.840.10008.1.2.4.50', 'jpeg'], // JPEG Baseline (Process 1)
  ['1.2.840.10008.1.2.4.51', 'jpeg'], // JPEG Extended (Process 2 & 4)
  ['1.2.840.10008.1.2.4.57', 'jpeg'], // JPEG Lossless, Non-Hierarchical (Process 14)
  ['1.2.840.10008.1.2.4.70', 'jpeg'], // JPEG Lossless, Process 14, Selection Value 1
  ['1.2.840.10008.1.2.4.80', 'jpeg-ls'], // JPEG-LS Lossless
  ['1.2.840.10008.1.2.4.81', 'jpeg-ls'], // JPEG-LS Lossy (Near-Lossless)
  ['1.2.840.10008.1.2.4.90', 'jpeg-2000'], // JPEG 2000 Lossless Only
  ['1.2.840.10008.1.2.4.91', 'jpeg-2000'], // JPEG 2000
  ['1.2.840.10008.1.2.4.92', 'jpeg-2000'], // JPEG 2000 Part 2 Multi-component Lossless Only
  ['1.2.840.10008.1.2.4.93', 'jpeg-2000'], // JPEG 2000 Part 2 Multi-component
  ['1.2.840.10008.1.2.4.201', 'htj2k'], // High-Throughput JPEG 2000 Lossless Only
  ['1.2.840.10008.1.2.4.202', 'htj2k'], // HTJ2K with RPCL Options Lossless Only
  ['1.2.840.10008.1.2.4.203', 'htj2k'], // High-Throughput JPEG 2000
]);

export function pixelEncodingOf(transferSyntaxUid: string): PixelEncoding {
  const uid = transferSyntaxUid.replace(/\0+$/, '').trim();
  const encoding = ENCODINGS.get(uid);
  if (encoding) return encoding;
  // Known but not decodable (MPEG, HEVC, JPEG XL, JPIP...): name it from the one UID table.
  const name = uidName(uid);
  if (name) throw new UnsupportedError(`transfer syntax ${name}`, uid);
  if (uid.startsWith('1.2.840.10008.1.2.4.')) {
    // Retired JPEG processes (PS3.5 Table A-?: .52-.56, .58-.66) and any future codec.
    throw new UnsupportedError('retired or unknown JPEG-family transfer syntax', uid);
  }
  throw new UnsupportedError('unknown transfer syntax', uid || '(empty)');
}
