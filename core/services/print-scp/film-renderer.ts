/**
 * What the virtual imager "prints": the film at its true pixel matrix (core/film layout of
 * the profile, film size, orientation and Image Display Format), border density around and
 * between the boxes, empty image density in boxes without an image, each received image
 * placed in its box by the Magnification Type (PS3.3 C.13.5.1: REPLICATE / BILINEAR / CUBIC,
 * NONE = 1:1), after the Presentation LUT and polarity, and the Annotation Box texts in the
 * bottom margin. Output is 8-bit grey (brighter = less dense), as a film viewer would show it.
 */
import type { FilmLayout } from '../../film/film-layout.js';
import { allocGrey, type GreyImage } from '../../imaging/grey-image.js';
import { densityToPValue } from '../../imaging/density.js';
import { resampleToBox, blit, type MagnificationType } from '../../imaging/resample.js';
import { burnText, renderText } from '../../imaging/annotations.js';
import type { ReceivedImage } from './image-box.js';
import { brightnessTable, type PresentationLut } from './presentation-lut.js';

export interface BoxToRender {
  readonly image: ReceivedImage;
  readonly polarity?: string;
  readonly magnification?: string;
  readonly presentationLut?: PresentationLut;
  /** CROP: keep 1:1 and cut what does not fit (PS3.3 C.13.5.1 Requested Decimate/Crop Behavior). */
  readonly crop?: boolean;
}

export interface FilmToRender {
  readonly layout: FilmLayout;
  readonly borderDensity?: string;
  readonly emptyImageDensity?: string;
  readonly minDensity?: number;
  readonly maxDensity?: number;
  readonly magnification?: string;
  /** Index = Image Position - 1. */
  readonly boxes: readonly (BoxToRender | null)[];
  readonly annotations: readonly { readonly position: number; readonly text: string }[];
  readonly annotationPositions: number;
  readonly fontFile?: string;
}

const MAGNIFICATIONS = new Set(['REPLICATE', 'BILINEAR', 'CUBIC', 'NONE']);

function magnificationOf(v: string | undefined): MagnificationType {
  return v && MAGNIFICATIONS.has(v) ? v as MagnificationType : 'REPLICATE';
}

/** Received image -> 8-bit brightness bitmap at its own matrix. */
export function imageToGrey(box: BoxToRender): GreyImage {
  const img = box.image;
  const table = brightnessTable(img, box.presentationLut, box.polarity);
  const out = allocGrey(img.columns, img.rows, 8);
  const src = img.pixels;
  for (let i = 0; i < src.length; i++) out.data[i] = Math.round((table[src[i] as number] as number) * 255);
  return out;
}

export async function renderFilmPicture(film: FilmToRender): Promise<GreyImage> {
  const { layout } = film;
  const border = densityToPValue(film.borderDensity, 'BLACK', 8, film.minDensity, film.maxDensity);
  const empty = densityToPValue(film.emptyImageDensity, 'BLACK', 8, film.minDensity, film.maxDensity);
  const picture = allocGrey(layout.width, layout.height, 8, border);
  for (let i = 0; i < layout.boxes.length; i++) {
    const rect = layout.boxes[i];
    if (!rect) continue;
    const box = film.boxes[i] ?? null;
    if (!box) {
      for (let y = rect.y; y < rect.y + rect.height; y++) picture.data.fill(empty, y * picture.width + rect.x, y * picture.width + rect.x + rect.width);
      continue;
    }
    const grey = imageToGrey(box);
    const r = await resampleToBox(grey, {
      width: rect.width, height: rect.height, background: border, pixelAspect: box.image.pixelAspect,
      magnification: box.crop ? 'NONE' : magnificationOf(box.magnification ?? film.magnification),
    });
    blit(r.image.data, r.image.width, r.image.height, picture.data, picture.width, picture.height, rect.x, rect.y);
  }
  await drawAnnotations(picture, film);
  return picture;
}

/**
 * Annotation Box text (PS3.3 C.13.6): position n of N is drawn left to right along the
 * bottom margin, white on the border with a dark halo.
 */
async function drawAnnotations(picture: GreyImage, film: FilmToRender): Promise<void> {
  const texts = film.annotations.filter((a) => a.text.trim().length > 0);
  if (texts.length === 0) return;
  const pxPerMm = Math.min(film.layout.pxPerMmX, film.layout.pxPerMmY);
  const sizePx = Math.max(8, Math.round(1.6 * pxPerMm));
  const slots = Math.max(1, film.annotationPositions);
  const slotWidth = picture.width / slots;
  for (const a of texts) {
    const mask = await renderText(a.text, { sizePx, ...(film.fontFile ? { fontFile: film.fontFile } : {}) });
    const x = Math.round((a.position - 1) * slotWidth + sizePx * 0.5);
    const y = picture.height - mask.height - Math.round(sizePx * 0.1);
    burnText(picture, mask, x, y, 255, 0);
  }
}
