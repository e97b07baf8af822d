/**
 * Colour -> luminance for grayscale printers. Basic Grayscale Print Management takes
 * one sample per pixel, so RGB images are reduced to their luma with the weights that
 * PS3.3 C.7.6.3.1.2 gives for the Y of YBR_FULL (ITU-R BT.601): Y = 0.299 R + 0.587 G + 0.114 B.
 */
import type { PixelArray } from '../dicom/pixel/frame.js';

export function rgbToLuminance(rgb: PixelArray, pixels: number, bits: number): Uint8Array | Uint16Array {
  const out = bits <= 8 ? new Uint8Array(pixels) : new Uint16Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    out[i] = Math.round(0.299 * (rgb[j] as number) + 0.587 * (rgb[j + 1] as number) + 0.114 * (rgb[j + 2] as number));
  }
  return out;
}
