/**
 * Annotations burned into the pixels. Printers rarely honour character sets and some
 * print 32 characters at most (PRINT-ANCHORS §4.11), so names (Japanese included) are
 * drawn by us: Pango/HarfBuzz/FreeType inside sharp's libvips, with the font shipped in
 * resources/fonts/ given by file so the output does not depend on the system's fonts.
 * Text size is given in mm (the em height) so it reads the same at any resolution.
 */
import { resourcePath } from './resource-path.js';
import sharp from 'sharp';
import { ImagingError } from './errors.js';
import type { GreyImage } from './grey-image.js';

export const ANNOTATION_FONT_FAMILY = 'Noto Sans CJK JP';

export function defaultFontFile(): string {
  // In a packaged app the font is unpacked next to app.asar (electron-builder asarUnpack):
  // native code (libvips/fontconfig) cannot read inside the archive.
  return outsideAsar(resourcePath('fonts', 'NotoSansCJK-Regular.ttc'));
}

/** A path inside Electron's app.asar, moved to its unpacked twin (app.asar.unpacked). */
export function outsideAsar(path: string): string {
  return path.replace(/\.asar([\\/])/, '.asar.unpacked$1');
}

export interface TextMask {
  readonly width: number;
  readonly height: number;
  /** Coverage 0..255 per pixel. */
  readonly alpha: Uint8Array;
}

export interface TextOptions {
  /** Em height in pixels. */
  readonly sizePx: number;
  readonly fontFile?: string;
  readonly family?: string;
}

function escapeMarkup(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Largest annotation text we render: 256 characters, 1000 px em. */
const MAX_CHARS = 256;

export async function renderText(text: string, o: TextOptions): Promise<TextMask> {
  if (text.length === 0) return { width: 0, height: 0, alpha: new Uint8Array(0) };
  if (text.length > MAX_CHARS) throw new ImagingError('TEXT_RENDER', `annotation of ${text.length} characters exceeds ${MAX_CHARS}`);
  const size = Math.max(1, Math.min(1000, Math.round(o.sizePx)));
  try {
    // dpi 72: a Pango point is one pixel, so the size below is the em in pixels.
    const { data, info } = await sharp({
      text: { text: escapeMarkup(text), font: `${o.family ?? ANNOTATION_FONT_FAMILY} ${size}`, fontfile: o.fontFile ?? defaultFontFile(), dpi: 72 },
    }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, alpha: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (e) {
    throw new ImagingError('TEXT_RENDER', `cannot render annotation text: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Draw a mask into a grey image at (x, y): dst = dst * (1 - a) + value * a, after a
 * one-pixel halo of `haloValue` so the text stays readable on any background.
 */
export function burnText(dst: GreyImage, mask: TextMask, x: number, y: number, value: number, haloValue?: number): void {
  const { width: W, height: H, data } = dst;
  const draw = (ox: number, oy: number, v: number): void => {
    for (let j = 0; j < mask.height; j++) {
      const yy = y + oy + j;
      if (yy < 0 || yy >= H) continue;
      for (let i = 0; i < mask.width; i++) {
        const xx = x + ox + i;
        if (xx < 0 || xx >= W) continue;
        const a = (mask.alpha[j * mask.width + i] as number) / 255;
        if (a === 0) continue;
        const k = yy * W + xx;
        data[k] = Math.round((data[k] as number) * (1 - a) + v * a);
      }
    }
  };
  if (haloValue !== undefined) for (const [dx, dy] of [[-1, 0], [1, 0], [0, -1], [0, 1]] as const) draw(dx, dy, haloValue);
  draw(0, 0, value);
}

/** Replace {field} by its value; unknown or empty fields become ''. */
export function expandTemplate(template: string, fields: Readonly<Record<string, string | number | undefined>>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_, k: string) => {
    const v = fields[k];
    return v === undefined ? '' : String(v);
  }).replace(/\s+/g, ' ').trim();
}

/** DICOM PN 'Yamada^Tarou' -> 'Yamada Tarou' for print. */
export function personNameForPrint(pn: string | undefined): string | undefined {
  if (!pn) return undefined;
  return pn.split('^').filter((s) => s.length > 0).join(' ');
}
