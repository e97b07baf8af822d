/**
 * Map the fragments of encapsulated Pixel Data to frames (PS3.5 A.4).
 *
 * In order of trust:
 *  1. Extended Offset Table (PS3.3 C.7.6.3.1.8): one fragment per frame, offsets given.
 *  2. Basic Offset Table: offset of each frame's first fragment item, relative to the
 *     first byte after the table item.
 *  3. Empty table: one frame -> all fragments; as many fragments as frames -> one each;
 *     more fragments -> a frame starts where a fragment starts with the codec's start
 *     marker (JPEG SOI FFD8, J2K SOC FF4F); the count must equal the number of frames.
 */
import type { EncapsulatedPixelData } from '../pixel-data-source.js';
import { FrameLocationError } from './errors.js';
import type { PixelEncoding } from './transfer-syntax.js';

/** Fragment index ranges [first, end) per frame, cached per Pixel Data value. */
const layoutCache = new WeakMap<EncapsulatedPixelData, Array<[number, number]>>();

export function frameFragmentRanges(
  pixelData: EncapsulatedPixelData, frames: number, encoding: PixelEncoding, warnings: string[],
): Array<[number, number]> {
  const cached = layoutCache.get(pixelData);
  if (cached && cached.length === frames) return cached;
  const ranges = computeRanges(pixelData, frames, encoding, warnings);
  layoutCache.set(pixelData, ranges);
  return ranges;
}

/** The bytes of one frame: a view when the frame is one fragment, else the concatenation. */
export function encapsulatedFrame(
  pixelData: EncapsulatedPixelData, frames: number, frameIndex: number, encoding: PixelEncoding, warnings: string[],
): Uint8Array {
  const ranges = frameFragmentRanges(pixelData, frames, encoding, warnings);
  const range = ranges[frameIndex];
  if (!range) throw new FrameLocationError(frameIndex, `only ${ranges.length} frames found`);
  const [first, end] = range;
  if (end - first === 1) return pixelData.fragments[first] as Uint8Array;
  let total = 0;
  for (let i = first; i < end; i++) total += (pixelData.fragments[i] as Uint8Array).length;
  const out = new Uint8Array(total);
  let pos = 0;
  for (let i = first; i < end; i++) {
    const fragment = pixelData.fragments[i] as Uint8Array;
    out.set(fragment, pos);
    pos += fragment.length;
  }
  return out;
}

function computeRanges(
  pixelData: EncapsulatedPixelData, frames: number, encoding: PixelEncoding, warnings: string[],
): Array<[number, number]> {
  const { fragments, fragmentOffsets, basicOffsetTable, extendedOffsetTable } = pixelData;
  const n = fragments.length;
  if (n === 0) throw new FrameLocationError(0, 'no fragments after the Basic Offset Table');

  if (extendedOffsetTable && extendedOffsetTable.length > 0) {
    const ranges = rangesFromOffsets(extendedOffsetTable, fragmentOffsets, n);
    if (ranges && ranges.length === frames) return ranges;
    warnings.push('Extended Offset Table does not match the fragments; ignored');
  }
  if (basicOffsetTable.length > 0) {
    const ranges = rangesFromOffsets(basicOffsetTable, fragmentOffsets, n);
    if (ranges && ranges.length === frames) return ranges;
    warnings.push('Basic Offset Table does not match the fragments or Number of Frames; ignored');
  }
  if (frames === 1) return [[0, n]];
  if (n === frames) return fragments.map((_, i) => [i, i + 1] as [number, number]);
  if (n < frames) {
    throw new FrameLocationError(n, `${frames} frames announced but only ${n} fragments and no offset table`);
  }
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (startsFrame(fragments[i] as Uint8Array, encoding)) starts.push(i);
  }
  if (starts.length !== frames || starts[0] !== 0) {
    throw new FrameLocationError(0,
      `${frames} frames, ${n} fragments, no offset table, and ${starts.length} fragments start with a frame marker`);
  }
  return starts.map((s, i) => [s, starts[i + 1] ?? n] as [number, number]);
}

/** Offsets (item-tag positions) to fragment ranges; undefined when an offset is not a fragment start. */
function rangesFromOffsets(offsets: readonly number[], fragmentOffsets: readonly number[], n: number): Array<[number, number]> | undefined {
  const indexOf = new Map<number, number>();
  fragmentOffsets.forEach((o, i) => indexOf.set(o, i));
  const firsts: number[] = [];
  for (const offset of offsets) {
    const index = indexOf.get(offset);
    if (index === undefined) return undefined;
    if (firsts.length > 0 && index <= (firsts[firsts.length - 1] as number)) return undefined;
    firsts.push(index);
  }
  return firsts.map((f, i) => [f, firsts[i + 1] ?? n] as [number, number]);
}

function startsFrame(fragment: Uint8Array, encoding: PixelEncoding): boolean {
  const b0 = fragment[0];
  const b1 = fragment[1];
  switch (encoding) {
    case 'jpeg':
    case 'jpeg-ls':
      return b0 === 0xff && b1 === 0xd8; // SOI (ISO 10918-1 B.1.1.3, ISO 14495-1)
    case 'jpeg-2000':
    case 'htj2k':
      // SOC (ISO 15444-1 A.4.1), or a JP2 signature box some writers wrongly include.
      return (b0 === 0xff && b1 === 0x4f) || (b0 === 0 && b1 === 0 && fragment[2] === 0 && fragment[3] === 0x0c);
    default:
      return false; // RLE and uncompressed frames have no start marker
  }
}
