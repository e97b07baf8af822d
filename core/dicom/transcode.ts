/**
 * Transcoding a bare data set between the uncompressed transfer syntaxes for sending
 * (PS3.5 section 10: Implicit VR LE, Explicit VR LE/BE, Deflated Explicit VR LE). The
 * same transfer syntax in and out returns the bytes untouched. Compressed pixel data
 * cannot change transfer syntax here (that needs a codec): UnsupportedError.
 */
import { readDataset } from './dataset-reader.js';
import { writeDataset } from './dataset-writer.js';
import { UnsupportedError } from './errors.js';
import { inflateDataset } from './inflate.js';
import { PIXEL_DATA } from './tag.js';
import { encodingOf, normalizeUid, requireTransferSyntax } from './transfer-syntax.js';

export interface TranscodeOptions {
  fileName?: string;
  maxInflatedBytes?: number;
}

export function transcodeDataset(bytes: Uint8Array, fromTransferSyntaxUid: string, toTransferSyntaxUid: string,
  options: TranscodeOptions = {}): Uint8Array {
  const from = requireTransferSyntax(fromTransferSyntaxUid);
  const to = requireTransferSyntax(toTransferSyntaxUid);
  if (normalizeUid(from.uid) === normalizeUid(to.uid)) return bytes;
  const data = from.deflated ? inflateDataset(bytes, 0, { maxOutputBytes: options.maxInflatedBytes, fileName: options.fileName }) : bytes;
  const { tree } = readDataset(data, encodingOf(from), { fileName: options.fileName });
  const pixel = tree.elements.find((e) => e.tag === PIXEL_DATA);
  if (pixel && (from.encapsulated || to.encapsulated)) {
    throw new UnsupportedError(`transcoding pixel data from ${from.name} to ${to.name}`, 'needs decompression/compression');
  }
  return writeDataset(tree, to.uid);
}
