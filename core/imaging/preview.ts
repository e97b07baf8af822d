/**
 * Previews for the UI: the same rendered pixels (so the preview is the print),
 * downscaled with sharp and encoded as 8-bit grey PNG.
 */
import sharp from 'sharp';
import type { GreyImage } from './grey-image.js';

export interface PreviewOptions {
  /** Longest side in pixels (default 1024); never upscaled. */
  readonly maxSide?: number;
}

export async function toPreviewPng(img: GreyImage, o: PreviewOptions = {}): Promise<Buffer> {
  const max = o.maxSide ?? 1024;
  const scale = Math.min(1, max / Math.max(img.width, img.height));
  let p = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } });
  if (scale < 1) p = p.resize(Math.max(1, Math.round(img.width * scale)), Math.max(1, Math.round(img.height * scale)), { kernel: 'lanczos3' });
  if (img.bits === 12) {
    // 12-bit P-values (0..4095) in a 16-bit container: scale to 8 bits for display.
    p = p.linear(255 / 4095, 0);
  }
  return p.toColourspace('b-w').png({ compressionLevel: 6 }).toBuffer();
}

/** Lossless PNG of the rendered bitmap at full size (16-bit for 12-bit data, values kept). */
export async function toPng(img: GreyImage): Promise<Buffer> {
  const p = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } });
  return img.bits === 8 ? p.toColourspace('b-w').png().toBuffer() : p.toColourspace('grey16').png().toBuffer();
}
