/**
 * Film document + printer profile + job options -> the explicit values the Print SCU sends
 * (FilmContent), rendering pixels with core/imaging at the printer's matrix.
 *
 * Composite fallback (issue 6): when the printer does not list the document's display
 * format but takes STANDARD\1,1, the whole layout is rendered as one bitmap at the
 * printer's matrix and sent in a single image box. When even that is impossible (no 1,1,
 * or the profile forbids composite mode), the film is refused with a clear reason.
 */
import type { FilmDocument } from '../film/film-document.js';
import type { PrinterProfile } from '../film/printer-profile.js';
import { renderFilm, type ImageResolver } from '../imaging/compose-film.js';
import { loadImage } from '../imaging/load-image.js';
import { displayFormatSupported, filmBoxAttributesFor, imageBoxOptionsFor } from '../services/print-scu/profile-request.js';
import type { AnnotationContent, FilmContent, ImageBoxContent } from '../services/print-scu/types.js';
import { PrintScuError } from '../services/print-scu/errors.js';
import type { FilmPreparer, PreparedFilm } from './print-queue.js';
import type { JobOptions } from './job-types.js';

export interface PlannedFilm { document: FilmDocument; composite: boolean; warnings: string[] }

/** Decide per-box or composite for this printer; throws when neither is possible. */
export function planFilm(doc: FilmDocument, profile: PrinterProfile): PlannedFilm {
  const warnings: string[] = [];
  if (doc.mode === 'composite') {
    if (!displayFormatSupported(profile, 'STANDARD\\1,1', doc.orientation)) {
      throw new PrintScuError('UNSUPPORTED_LAYOUT', `Printer ${profile.name} does not take STANDARD\\1,1, so a composite film cannot be printed`);
    }
    return { document: doc, composite: true, warnings };
  }
  if (displayFormatSupported(profile, doc.displayFormat, doc.orientation)) return { document: doc, composite: false, warnings };
  if (profile.printModes.includes('composite') && displayFormatSupported(profile, 'STANDARD\\1,1', doc.orientation)) {
    warnings.push(`Printer ${profile.name} has no ${doc.displayFormat} layout: the film is printed as one composite image (STANDARD\\1,1) rendered at the printer's matrix`);
    return { document: { ...doc, mode: 'composite' }, composite: true, warnings };
  }
  throw new PrintScuError('UNSUPPORTED_LAYOUT',
    `Printer ${profile.name} takes neither ${doc.displayFormat} nor a composite STANDARD\\1,1 film (it takes: ${(profile.displayFormats ?? []).join(', ')})`);
}

export interface ContentOptions {
  resolve: ImageResolver;
  filmNumber?: number;
  filmCount?: number;
  annotationText?: string[];
}

/** Render a film for a printer and return what the SCU sends. */
export async function filmContentFor(doc: FilmDocument, profile: PrinterProfile, options: JobOptions, c: ContentOptions): Promise<PreparedFilm> {
  const plan = planFilm(doc, profile);
  const bits = options.bits ?? doc.options.bits ?? 8;
  const d: FilmDocument = { ...plan.document, options: { ...plan.document.options, bits } };
  const rendered = await renderFilm(d, c.resolve, {
    profile, sourceResolutionWhenMatrixUnknown: true, ...(c.filmNumber ? { filmNumber: c.filmNumber } : {}), ...(c.filmCount ? { filmCount: c.filmCount } : {}),
  });
  const warnings = [...plan.warnings, ...rendered.warnings];
  const fb = filmBoxAttributesFor(profile, plan.composite ? 'STANDARD\\1,1' : d.displayFormat, {
    ...options,
    ...(options.filmSizeId ? {} : { filmSizeId: d.filmSizeId }),
    orientation: options.orientation ?? d.orientation,
    ...(options.magnificationType || !d.options.magnificationType ? {} : { magnificationType: d.options.magnificationType }),
  });
  warnings.push(...fb.warnings);
  const photometric = options.photometric ?? 'MONOCHROME2';
  const images: ImageBoxContent[] = [];
  if (plan.composite) {
    const img = rendered.composite;
    if (!img) throw new PrintScuError('BAD_REQUEST', 'The renderer produced no composite image');
    images.push({ position: 1, pixels: { width: img.width, height: img.height, bits: img.bits, data: img.data }, photometric });
  } else {
    rendered.boxes.forEach((b, i) => {
      if (!b) return;
      const content = d.boxes[i];
      const extra = imageBoxOptionsFor(profile, {
        ...(b.trueSize ? { requestedImageSize: b.image.width / rendered.layout.pxPerMmX, requestedDecimateCropBehavior: 'CROP' as const } : {}),
      });
      warnings.push(...extra.warnings);
      images.push({
        position: i + 1, photometric,
        pixels: { width: b.image.width, height: b.image.height, bits: b.image.bits, data: b.image.data },
        ...(content?.polarity ? { polarity: content.polarity } : {}),
        ...extra.value,
      });
    });
  }
  const annotations: AnnotationContent[] = [];
  const positions = profile.annotation?.positions ?? [];
  if (options.annotate && c.annotationText?.length) {
    if (!positions.length) warnings.push(`Printer ${profile.name} has no annotation boxes: annotation text not sent`);
    const max = profile.annotation?.maxLength ?? 64;
    c.annotationText.slice(0, positions.length).forEach((t, i) => annotations.push({ position: positions[i] as number, text: t.slice(0, max) }));
  }
  const filmBox = { ...fb.value, ...(annotations.length && profile.annotation?.displayFormatId ? { annotationDisplayFormatId: profile.annotation.displayFormatId } : {}) };
  const content: FilmContent = { filmBox, images, ...(annotations.length ? { annotations } : {}) };
  return { content, warnings };
}

/** The default preparer: images from the job's source files (SOP Instance UID -> path). */
export function filePreparer(): FilmPreparer {
  return async (job, film, profile) => {
    const resolve: ImageResolver = async (ref) => {
      const path = job.sources[ref.sopInstanceUid];
      if (!path) throw new PrintScuError('BAD_REQUEST', `No file for image ${ref.sopInstanceUid}`);
      const img = await loadImage(path, ref.frame);
      return { frame: img.frame, attrs: img.attrs };
    };
    const n = film.index + 1;
    return filmContentFor(film.document, profile, job.options, {
      resolve, filmNumber: n, filmCount: job.films.length,
      annotationText: [`Film ${n}/${job.films.length}`, job.options.label ?? ''].filter((t) => t !== ''),
    });
  };
}
