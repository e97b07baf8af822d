/**
 * Film operations of the facade: new films from a printer's profile, filling films from a
 * dropped study/series (core/film pagination), changing layout, checking a film against
 * the printer, and previews rendered by the same renderer that prints (core/imaging).
 *
 * Previews are rendered at screen resolution by the print pipeline itself: the profile's
 * pixel matrix for the film size is scaled down to the preview size, so geometry, LUTs,
 * annotations (sized in mm) and layout are the printed ones, only with fewer pixels.
 */
import { createFilmDocument, validateFilmDocument, type FilmDocument as CoreFilm, type ImageBoxContent } from '../film/film-document.js';
import { fillFilms, type SeriesImage } from '../film/pagination.js';
import { boxCount, parseDisplayFormat } from '../film/display-format.js';
import { computeFilmLayout } from '../film/film-layout.js';
import { findFilmSize } from '../film/film-sizes.js';
import type { PrinterProfile } from '../film/printer-profile.js';
import { renderFilm, type ImageResolver } from '../imaging/compose-film.js';
import { toPreviewPng } from '../imaging/preview.js';
import { displayFormatSupported, supportedDisplayFormats } from '../services/print-scu/profile-request.js';
import { planFilm } from '../jobs/render-film-content.js';
import { ApiError } from './errors.js';
import { pngDataUrl } from './image-cache.js';
import type { AnnotationSpec, FillOptions, FilmDocument, FilmPreview, Orientation, PngImage } from './contract-types.js';
import { toWireFilm } from './views.js';

export interface NewFilmRequest {
  filmSizeId?: string;
  orientation?: Orientation;
  displayFormat?: string;
  printerId?: string;
}

/** A new empty film: request values, else the profile's first film size / the settings defaults. */
export function newFilm(req: NewFilmRequest, profile: PrinterProfile | undefined, defaults: { filmSizeId: string; displayFormat: string; annotations: AnnotationSpec[] }): FilmDocument {
  const filmSizeId = (req.filmSizeId ?? (profile?.filmSizes?.some((s) => s.id === defaults.filmSizeId) || !profile?.filmSizes?.length ? defaults.filmSizeId : profile.filmSizes[0]?.id) ?? defaults.filmSizeId).toUpperCase();
  if (!findFilmSize(filmSizeId)) throw new ApiError('BAD_REQUEST', `Unknown film size ${filmSizeId}`);
  const orientation = req.orientation ?? 'PORTRAIT';
  let displayFormat = req.displayFormat ?? defaults.displayFormat;
  if (!req.displayFormat && profile && !displayFormatSupported(profile, displayFormat, orientation)) {
    displayFormat = supportedDisplayFormats(profile, orientation)?.[0] ?? displayFormat;
  }
  try { parseDisplayFormat(displayFormat); } catch (err) { throw new ApiError('BAD_REQUEST', (err as Error).message); }
  const doc = createFilmDocument({
    filmSizeId, orientation, displayFormat, annotations: defaults.annotations,
    ...(profile ? { printer: profile.name } : {}),
    ...(profile?.defaultResolution ? { resolution: profile.defaultResolution } : {}),
  });
  return toWireFilm(doc);
}

/** Fills the film's empty boxes (from startBox) with the images, adding films of the same layout. */
export function fill(film: FilmDocument, images: SeriesImage[], o: FillOptions = {}): FilmDocument[] {
  if (images.length === 0) throw new ApiError('NOT_FOUND', 'Nothing to place: no images found for what was dropped');
  const sort = o.sort ?? 'instance-number';
  try {
    return fillFilms(film, images, {
      sort, ...(o.everyNth ? { everyNth: o.everyNth } : {}), ...(o.startAt !== undefined ? { startAt: o.startAt } : {}),
      ...(o.reverse ? { reverse: true } : {}), ...(o.startBox !== undefined ? { startBox: o.startBox } : {}),
      ...(o.view ? { view: o.view } : {}), maxFilms: o.maxFilms ?? 200,
    }).map(toWireFilm);
  } catch (err) {
    throw new ApiError('BAD_REQUEST', (err as Error).message);
  }
}

/** Same images in the same order on another layout / size / orientation. */
export function relayout(films: FilmDocument[], change: { displayFormat?: string; filmSizeId?: string; orientation?: Orientation }): FilmDocument[] {
  const first = films[0];
  if (!first) throw new ApiError('BAD_REQUEST', 'No films');
  const displayFormat = change.displayFormat ?? first.displayFormat;
  let perFilm: number;
  try { perFilm = boxCount(parseDisplayFormat(displayFormat)); } catch (err) { throw new ApiError('BAD_REQUEST', (err as Error).message); }
  const filmSizeId = change.filmSizeId ?? first.filmSizeId;
  if (!findFilmSize(filmSizeId)) throw new ApiError('BAD_REQUEST', `Unknown film size ${filmSizeId}`);
  const contents: ImageBoxContent[] = films.flatMap((f) => f.boxes.filter((b): b is NonNullable<typeof b> => b !== null));
  const out: FilmDocument[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(contents.length / perFilm)); i++) {
    const boxes = contents.slice(i * perFilm, (i + 1) * perFilm) as (ImageBoxContent | null)[];
    while (boxes.length < perFilm) boxes.push(null);
    out.push({ ...first, displayFormat, filmSizeId, orientation: change.orientation ?? first.orientation, boxes: boxes as FilmDocument['boxes'] });
  }
  return out;
}

/** Schema, semantics and the printer's profile: what would stop or change this film at print time. */
export function checkFilm(film: FilmDocument, profile: PrinterProfile | undefined): { ok: boolean; problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  try { validateFilmDocument(film); } catch (err) { problems.push((err as Error).message); }
  if (profile && problems.length === 0) {
    try {
      warnings.push(...planFilm(film, profile).warnings);
    } catch (err) { problems.push((err as Error).message); }
    if (profile.filmSizes && !profile.filmSizes.some((s) => s.id === film.filmSizeId)) {
      problems.push(`Printer profile ${profile.name} has no film size ${film.filmSizeId} (it has ${profile.filmSizes.map((s) => s.id).join(', ')})`);
    }
    if (film.options.bits === 12 && profile.supports12Bit === false) warnings.push(`Printer ${profile.name} takes 8-bit images only: the film is printed 8-bit`);
  }
  if (film.boxes.every((b) => b === null)) warnings.push('The film has no images');
  return { ok: problems.length === 0, problems, warnings };
}

/** A copy of the profile whose matrix for this film size is scaled to about `maxSide` pixels. */
export function previewProfile(profile: PrinterProfile | undefined, film: CoreFilm, maxSide: number): { profile: PrinterProfile | undefined; native: { columns: number; rows: number } } {
  const native = computeFilmLayout(profile, { filmSizeId: film.filmSizeId, orientation: film.orientation, displayFormat: film.displayFormat, ...(film.resolution ? { resolution: film.resolution } : {}) });
  const nativeMatrix = { columns: native.width, rows: native.height };
  const longest = Math.max(native.width, native.height);
  if (longest <= maxSide) return { profile, native: nativeMatrix };
  const scale = maxSide / longest;
  const landscape = film.orientation === 'LANDSCAPE';
  const portrait = { columns: Math.max(1, Math.round((landscape ? native.height : native.width) * scale)), rows: Math.max(1, Math.round((landscape ? native.width : native.height) * scale)) };
  const res = film.resolution ?? profile?.defaultResolution ?? 'STANDARD';
  const base: PrinterProfile = profile ?? {
    profileVersion: 1, name: 'PREVIEW', description: '', sources: [], network: { aeTitle: null, implicitOnly: null, maxPdu: null, disableNewVRs: null },
    filmSizes: null, resolutions: null, displayFormats: null, magnificationTypes: null, smoothingTypes: null, mediumTypes: null,
    filmDestinations: null, borderDensities: null, emptyImageDensities: null, minDensities: null, maxDensities: null, supports12Bit: null,
    presentationLut: { supported: null, inFilmSession: null, matchRequired: null }, annotation: null, optionalAttributes: {}, printModes: ['per-box', 'composite'], unknown: [],
  };
  const others = (base.filmSizes ?? []).filter((s) => s.id !== film.filmSizeId);
  return {
    profile: { ...base, filmSizes: [...others, { id: film.filmSizeId, matrix: { [res]: portrait } }], resolutions: { ...(base.resolutions ?? {}), [res]: { pixelPitchUm: null } } },
    native: nativeMatrix,
  };
}

/**
 * The film as printed, at preview size. Per-box films are composed here the way the
 * imager lays them out (boxes in their rectangles, film-level annotations not burned:
 * per-box films carry none, see compose-film.ts).
 */
export async function previewFilm(film: FilmDocument, profile: PrinterProfile | undefined, resolve: ImageResolver, o: { maxSide: number; filmNumber?: number; filmCount?: number }): Promise<FilmPreview> {
  const warnings: string[] = [];
  if (profile) {
    try { warnings.push(...planFilm(film, profile).warnings); } catch (err) { warnings.push((err as Error).message); }
  }
  const perBox = film.mode === 'per-box';
  if (perBox && film.annotations.some((a) => a.scope === 'film')) warnings.push('Film-level annotations are only burned in composite mode; per-box films need the printer\'s Annotation Box');
  const doc: CoreFilm = perBox ? { ...film, mode: 'composite', annotations: film.annotations.filter((a) => a.scope === 'box'), options: { ...film.options, bits: 8 } } : { ...film, options: { ...film.options, bits: 8 } };
  const { profile: small, native } = previewProfile(profile, doc, o.maxSide);
  const rendered = await renderFilm(doc, resolve, { ...(small ? { profile: small } : {}), filmNumber: o.filmNumber ?? 1, filmCount: o.filmCount ?? 1 });
  warnings.push(...rendered.warnings.filter((w) => !/pixel matrix for|Composite films are usually/.test(w)));
  const img = rendered.composite;
  if (!img) throw new ApiError('INTERNAL', 'The renderer produced no film image');
  const png = await toPreviewPng(img, { maxSide: o.maxSide });
  return {
    dataUrl: pngDataUrl(png), width: img.width, height: img.height,
    boxes: rendered.layout.boxes.map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height })),
    matrix: native, warnings: [...new Set(warnings)],
  };
}

/** One box at preview size (window/level drag): the film with only that box, cropped to it. */
export async function previewBox(film: FilmDocument, boxIndex: number, profile: PrinterProfile | undefined, resolve: ImageResolver, maxSide: number): Promise<PngImage> {
  const content = film.boxes[boxIndex];
  if (content === undefined) throw new ApiError('BAD_REQUEST', `The film has no box ${boxIndex + 1}`);
  if (content === null) throw new ApiError('BAD_REQUEST', `Box ${boxIndex + 1} is empty`);
  const only: CoreFilm = { ...film, mode: 'per-box', annotations: film.annotations.filter((a) => a.scope === 'box'), boxes: film.boxes.map((b, i) => (i === boxIndex ? b : null)), options: { ...film.options, bits: 8 } };
  // Scale the film so that this box is about maxSide on its longest side.
  const layout = computeFilmLayout(profile, { filmSizeId: only.filmSizeId, orientation: only.orientation, displayFormat: only.displayFormat, ...(only.resolution ? { resolution: only.resolution } : {}) });
  const rect = layout.boxes[boxIndex];
  if (!rect) throw new ApiError('BAD_REQUEST', `The film has no box ${boxIndex + 1}`);
  const filmSide = Math.round(maxSide * Math.max(layout.width, layout.height) / Math.max(rect.width, rect.height));
  const { profile: small } = previewProfile(profile, only, Math.max(16, filmSide));
  const rendered = await renderFilm(only, resolve, small ? { profile: small } : {});
  const box = rendered.boxes[boxIndex];
  if (!box) throw new ApiError('INTERNAL', 'The renderer produced no box image');
  const png = await toPreviewPng(box.image, { maxSide });
  const scale = Math.min(1, maxSide / Math.max(box.image.width, box.image.height));
  return { dataUrl: pngDataUrl(png), width: Math.max(1, Math.round(box.image.width * scale)), height: Math.max(1, Math.round(box.image.height * scale)) };
}
