/**
 * RLE Lossless decoder (PS3.5 Annex G).
 *
 * A frame is a 64-byte header (G.5) -- number of segments then 15 segment offsets, all
 * UL little endian -- followed by segments, each a PackBits byte stream (G.3.1). There is
 * one segment per byte of each sample: for a 16-bit sample the first segment holds the
 * most significant bytes (G.2). Segments are planar; we interleave while composing.
 * Every read is bounds-checked; output never grows past Rows x Columns per segment.
 */
import { allocUnsigned, type UnsignedArray } from '../bit-depth.js';
import { PixelDecodeError } from '../errors.js';

const HEADER_BYTES = 64;

export function decodeRle(
  frame: Uint8Array, rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number, frameIndex: number,
): UnsignedArray {
  const fail = (detail: string): never => { throw new PixelDecodeError('RLE Lossless', frameIndex, detail); };
  const bytesPerSample = bitsAllocated / 8;
  if (bytesPerSample !== 1 && bytesPerSample !== 2 && bytesPerSample !== 4) fail(`Bits Allocated ${bitsAllocated} is not 8, 16 or 32`);
  if (frame.length < HEADER_BYTES) fail(`frame is ${frame.length} bytes, shorter than the 64-byte RLE header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segmentCount = view.getUint32(0, true);
  const expectedSegments = samplesPerPixel * bytesPerSample;
  if (segmentCount !== expectedSegments) {
    fail(`header declares ${segmentCount} segments, expected ${expectedSegments} (${samplesPerPixel} samples x ${bytesPerSample} bytes)`);
  }
  const offsets: number[] = [];
  for (let s = 0; s < segmentCount; s++) offsets.push(view.getUint32(4 + 4 * s, true));
  for (let s = 0; s < segmentCount; s++) {
    const start = offsets[s] as number;
    const end = s + 1 < segmentCount ? (offsets[s + 1] as number) : frame.length;
    if (start < HEADER_BYTES || start > frame.length || end < start || end > frame.length) {
      fail(`segment ${s + 1} offset ${start} is outside the frame (${frame.length} bytes) or out of order`);
    }
  }

  const pixels = rows * columns;
  const out = allocUnsigned(bytesPerSample, pixels * samplesPerPixel);
  const outBytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const segment = new Uint8Array(pixels);
  for (let s = 0; s < segmentCount; s++) {
    const start = offsets[s] as number;
    const end = s + 1 < segmentCount ? (offsets[s + 1] as number) : frame.length;
    const produced = unpackBits(frame, start, end, segment);
    if (produced < pixels) fail(`segment ${s + 1} decodes to ${produced} bytes, expected ${pixels}`);
    // Segment s is byte (bytesPerSample - 1 - s % bytesPerSample) (little endian host
    // position) of sample s / bytesPerSample, G.2: most significant byte first.
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    const stride = samplesPerPixel * bytesPerSample;
    let pos = sample * bytesPerSample + byteInSample;
    for (let i = 0; i < pixels; i++, pos += stride) outBytes[pos] = segment[i] as number;
  }
  return out;
}

/**
 * PackBits (G.3.1): header n in 0..127 -> copy the next n+1 bytes; -1..-127 -> repeat
 * the next byte -n+1 times; -128 -> no operation. Stops when the output is full (some
 * encoders pad a segment with an extra byte) or the segment ends.
 * @returns bytes written
 */
export function unpackBits(src: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let i = start;
  let o = 0;
  const cap = out.length;
  while (i < end && o < cap) {
    const h = src[i++] as number;
    if (h < 128) {
      const n = Math.min(h + 1, end - i, cap - o);
      out.set(src.subarray(i, i + n), o);
      i += h + 1;
      o += n;
    } else if (h > 128) {
      if (i >= end) break;
      const v = src[i++] as number;
      const n = Math.min(257 - h, cap - o);
      out.fill(v, o, o + n);
      o += n;
    }
  }
  return o;
}
