/**
 * Filling films from a series: choose the images (key images, every n-th), order them
 * (Instance Number (0020,0013) or slice position along the normal of Image Orientation
 * (Patient), PS3.3 C.7.6.2.1.1), then drop them into consecutive empty boxes, adding
 * films of the same layout as needed.
 */
import { boxCount, parseDisplayFormat } from './display-format.js';
import { FilmError } from './errors.js';
import type { BoxView, FilmDocument, ImageBoxContent, ImageRef } from './film-document.js';

export interface SeriesImage extends ImageRef {
  readonly instanceNumber?: number;
  readonly imagePositionPatient?: readonly number[];
  readonly imageOrientationPatient?: readonly number[];
  /** Referenced by a Key Object Selection document (KO) of the study. */
  readonly keyImage?: boolean;
}

export interface SelectOptions {
  readonly sort?: 'instance-number' | 'slice-position' | 'none';
  /** Take every n-th image (1 = all). */
  readonly everyNth?: number;
  /** Index (after sorting) of the first image taken. */
  readonly startAt?: number;
  readonly keyImagesOnly?: boolean;
  readonly reverse?: boolean;
}

/**
 * Position of a slice along the normal of its plane: IPP . (row x column) (PS3.3
 * C.7.6.2.1.1: the direction cosines of the first row and first column).
 */
export function slicePosition(img: SeriesImage): number | undefined {
  const p = img.imagePositionPatient;
  const o = img.imageOrientationPatient;
  if (!p || p.length !== 3 || !o || o.length !== 6) return undefined;
  const [r0, r1, r2, c0, c1, c2] = o as [number, number, number, number, number, number];
  const n = [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0] as const;
  return (p[0] as number) * n[0] + (p[1] as number) * n[1] + (p[2] as number) * n[2];
}

function compareKey(a: number | undefined, b: number | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

export function selectImages(images: readonly SeriesImage[], o: SelectOptions = {}): SeriesImage[] {
  const n = o.everyNth ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new FilmError('BAD_LAYOUT', `every-nth ${n} must be a positive integer`);
  let list = o.keyImagesOnly ? images.filter((i) => i.keyImage) : [...images];
  // Stable sort (Array.prototype.sort is stable): equal keys keep their arrival order.
  if (o.sort === 'instance-number') list.sort((a, b) => compareKey(a.instanceNumber, b.instanceNumber) || a.frame - b.frame);
  else if (o.sort === 'slice-position') list.sort((a, b) => compareKey(slicePosition(a), slicePosition(b)) || a.frame - b.frame);
  if (o.reverse) list.reverse();
  list = list.slice(o.startAt ?? 0).filter((_, i) => i % n === 0);
  return list;
}

export interface FillOptions extends SelectOptions {
  /** First box (0-based) of the first film to fill; earlier boxes are left alone. */
  readonly startBox?: number;
  readonly view?: BoxView;
  /** Films are never added beyond this (a safety net against dropping 5000 slices). */
  readonly maxFilms?: number;
}

/**
 * Put images into the empty boxes of `film` from startBox on, then into new films with
 * the same layout, options and annotations. Returns all films (the first is the
 * updated input).
 */
export function fillFilms(film: FilmDocument, images: readonly SeriesImage[], o: FillOptions = {}): FilmDocument[] {
  const chosen = selectImages(images, o);
  const perFilm = boxCount(parseDisplayFormat(film.displayFormat));
  const maxFilms = o.maxFilms ?? 200;
  const films: (ImageBoxContent | null)[][] = [[...film.boxes]];
  let filmIndex = 0;
  let box = Math.max(0, o.startBox ?? 0);
  for (const img of chosen) {
    for (;;) {
      const boxes = films[filmIndex] as (ImageBoxContent | null)[];
      while (box < perFilm && boxes[box] !== null) box++;
      if (box < perFilm) break;
      filmIndex++;
      box = 0;
      if (filmIndex >= maxFilms) throw new FilmError('BAD_LAYOUT', `more than ${maxFilms} films needed for ${chosen.length} images`);
      if (!films[filmIndex]) films.push(new Array<ImageBoxContent | null>(perFilm).fill(null));
    }
    const ref: ImageRef = {
      sopInstanceUid: img.sopInstanceUid, frame: img.frame,
      ...(img.seriesInstanceUid ? { seriesInstanceUid: img.seriesInstanceUid } : {}),
      ...(img.studyInstanceUid ? { studyInstanceUid: img.studyInstanceUid } : {}),
    };
    (films[filmIndex] as (ImageBoxContent | null)[])[box] = { image: ref, view: o.view ?? {} };
    box++;
  }
  return films.map((boxes) => ({ ...film, boxes }));
}

/** Films needed for `imageCount` images with the selection options, before filling. */
export function estimateFilmCount(imageCount: number, displayFormat: string, o: Pick<SelectOptions, 'everyNth' | 'startAt'> & { occupiedBoxes?: number } = {}): number {
  const perFilm = boxCount(parseDisplayFormat(displayFormat));
  const n = o.everyNth ?? 1;
  const available = Math.max(0, imageCount - (o.startAt ?? 0));
  const taken = Math.ceil(available / n);
  if (taken === 0) return o.occupiedBoxes ? 1 : 0;
  return Math.ceil((taken + (o.occupiedBoxes ?? 0)) / perFilm);
}
