/** A rendered grayscale bitmap: P-values, larger = brighter, row by row. */
import type { OutputBits } from './presentation.js';

export interface GreyImage {
  readonly width: number;
  readonly height: number;
  /** 8 -> Uint8Array 0..255; 12 -> Uint16Array 0..4095. */
  readonly bits: OutputBits;
  readonly data: Uint8Array | Uint16Array;
}

export function allocGrey(width: number, height: number, bits: OutputBits, fill = 0): GreyImage {
  const data = bits === 8 ? new Uint8Array(width * height) : new Uint16Array(width * height);
  if (fill !== 0) data.fill(fill);
  return { width, height, bits, data };
}

export function maxPValue(bits: OutputBits): number {
  return bits === 8 ? 255 : 4095;
}
