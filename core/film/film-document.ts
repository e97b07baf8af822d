/**
 * The film document: what the technologist composed, serialisable as JSON and
 * versioned. Attribute names follow PS3.3 C.13 (Basic Film Session / Film Box / Image
 * Box modules) where a DICOM attribute exists.
 */
import { parseDisplayFormat, boxCount } from './display-format.js';
import { FilmError } from './errors.js';
import { findFilmSize } from './film-sizes.js';
import { validateJson } from './json-schema-lite.js';
import { FILM_DOCUMENT_SCHEMA } from './film-document-schema.js';

export const FILM_DOCUMENT_VERSION = 1;

export interface ImageRef {
  readonly sopInstanceUid: string;
  /** 0-based frame index. */
  readonly frame: number;
  readonly seriesInstanceUid?: string;
  readonly studyInstanceUid?: string;
}

export type BoxVoi =
  | { readonly kind: 'window'; readonly center: number; readonly width: number; readonly fn?: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID' }
  | { readonly kind: 'file-window'; readonly index: number }
  | { readonly kind: 'file-lut'; readonly index: number }
  | { readonly kind: 'preset'; readonly name: string }
  | { readonly kind: 'auto' };

export interface BoxView {
  readonly voi?: BoxVoi;
  readonly zoom?: number;
  readonly panX?: number;
  readonly panY?: number;
  readonly rotation?: 0 | 90 | 180 | 270;
  readonly flipHorizontal?: boolean;
  readonly invert?: boolean;
  readonly crop?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** Print at true size (PS3.3 10.7.1.3 spacing) instead of fitting the box. */
  readonly trueSize?: boolean;
}

export interface ImageBoxContent {
  readonly image: ImageRef;
  readonly view: BoxView;
  /** Image Box Polarity (2020,0020). */
  readonly polarity?: 'NORMAL' | 'REVERSE';
}

export type AnnotationPosition = 'top-left' | 'top-center' | 'top-right' | 'middle-left' | 'middle-right' | 'bottom-left' | 'bottom-center' | 'bottom-right';

export interface AnnotationSpec {
  /**
   * Text with {fields}: {patientName}, {patientId}, {filmNumber}, {filmCount}, {window}...; in a box also
   * the orientation markers {orientTop}, {orientRight}, {orientBottom}, {orientLeft} (e.g. 'R' at middle-left).
   */
  readonly template: string;
  readonly position: AnnotationPosition;
  /** 'film': once on the film margin; 'box': in every image box. */
  readonly scope: 'film' | 'box';
  /** Text height (em) in mm, the same at any resolution. */
  readonly sizeMm: number;
}

export interface FilmOptions {
  readonly borderDensity?: string;
  readonly emptyImageDensity?: string;
  readonly magnificationType?: 'REPLICATE' | 'BILINEAR' | 'CUBIC' | 'NONE';
  readonly smoothingType?: string;
  readonly trim?: boolean;
  readonly polarity?: 'NORMAL' | 'REVERSE';
  readonly copies: number;
  readonly mediumType?: string;
  readonly filmDestination?: string;
  readonly minDensity?: number;
  readonly maxDensity?: number;
  readonly bits?: 8 | 12;
  readonly marginMm?: number;
  readonly gapMm?: number;
}

export interface FilmDocument {
  readonly version: 1;
  readonly printer?: string;
  readonly filmSizeId: string;
  readonly orientation: 'PORTRAIT' | 'LANDSCAPE';
  /** Image Display Format (2010,0010), e.g. 'STANDARD\\4,5' = 4 columns, 5 rows. */
  readonly displayFormat: string;
  readonly resolution?: string;
  readonly mode: 'per-box' | 'composite';
  /** One entry per image box in Image Position order; null = empty box. */
  readonly boxes: readonly (ImageBoxContent | null)[];
  readonly annotations: readonly AnnotationSpec[];
  readonly options: FilmOptions;
}

/** An empty film of the given format. */
export function createFilmDocument(init: Partial<Omit<FilmDocument, 'version' | 'boxes'>> & { displayFormat: string; filmSizeId: string }): FilmDocument {
  const n = boxCount(parseDisplayFormat(init.displayFormat));
  return {
    version: 1, orientation: 'PORTRAIT', mode: 'per-box', annotations: [], options: { copies: 1 },
    ...init,
    boxes: new Array<ImageBoxContent | null>(n).fill(null),
  };
}

/** Validate unknown JSON as a film document (schema + semantic checks). */
export function validateFilmDocument(value: unknown): FilmDocument {
  const problems = validateJson(FILM_DOCUMENT_SCHEMA, value);
  if (problems.length === 0) {
    const d = value as FilmDocument;
    if (!findFilmSize(d.filmSizeId)) problems.push(`$.filmSizeId: unknown Film Size ID '${d.filmSizeId}'`);
    try {
      const n = boxCount(parseDisplayFormat(d.displayFormat));
      if (d.boxes.length !== n) problems.push(`$.boxes: ${d.boxes.length} entries but ${d.displayFormat} has ${n} boxes`);
    } catch (e) {
      problems.push(`$.displayFormat: ${(e as Error).message}`);
    }
  }
  if (problems.length) throw new FilmError('BAD_DOCUMENT', 'Invalid film document', problems);
  return value as FilmDocument;
}

export function serializeFilmDocument(doc: FilmDocument): string {
  return `${JSON.stringify(validateFilmDocument(doc), null, 2)}\n`;
}

/** Parse JSON text; documents of a newer version are refused, not guessed at. */
export function parseFilmDocument(text: string): FilmDocument {
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) { throw new FilmError('BAD_DOCUMENT', `Film document is not JSON: ${(e as Error).message}`); }
  const v = (json as { version?: unknown } | null)?.version;
  if (typeof v === 'number' && v > FILM_DOCUMENT_VERSION) throw new FilmError('BAD_DOCUMENT', `Film document version ${v} is newer than this program (${FILM_DOCUMENT_VERSION})`);
  return validateFilmDocument(json);
}
