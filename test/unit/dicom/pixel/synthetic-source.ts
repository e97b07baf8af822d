/** Build small PixelDataSource values by hand for unit tests. */
import type { EncapsulatedPixelData, PixelDataSource } from '../../../../core/dicom/pixel-data-source.js';

export function nativeSource(overrides: Partial<PixelDataSource>): PixelDataSource {
  return {
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, highBit: 15,
    pixelRepresentation: 0, photometricInterpretation: 'MONOCHROME2', planarConfiguration: 0,
    numberOfFrames: 1, littleEndian: true, pixelDataVr: 'OW', warnings: [],
    ...overrides,
  };
}

/** Encapsulated Pixel Data from fragment values; offsets computed as PS3.5 A.4 defines them. */
export function encapsulated(fragments: Uint8Array[], bot: 'empty' | 'per-fragment' | number[] = 'empty'): EncapsulatedPixelData {
  const fragmentOffsets: number[] = [];
  let pos = 0;
  for (const f of fragments) {
    fragmentOffsets.push(pos);
    pos += 8 + f.length;
  }
  return {
    basicOffsetTable: bot === 'empty' ? [] : bot === 'per-fragment' ? fragmentOffsets.slice() : bot,
    fragments, fragmentOffsets,
  };
}

export function u16le(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  const dv = new DataView(b.buffer);
  values.forEach((v, i) => dv.setUint16(2 * i, v & 0xffff, true));
  return b;
}

export function u16be(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  const dv = new DataView(b.buffer);
  values.forEach((v, i) => dv.setUint16(2 * i, v & 0xffff, false));
  return b;
}
