/**
 * Image Display Format (2010,0010), PS3.3 C.13.8 (Basic Film Box Presentation Module):
 *
 *   STANDARD\C,R   film contains C COLUMNS and R ROWS of images (columns first!)
 *   ROW\R1,R2,...  rows with R1 images in the first row, R2 in the second...
 *   COL\C1,C2,...  columns with C1 images in the first column, C2 in the second...
 *   SLIDE, SUPERSLIDE, CUSTOM\i  (recognised, but no geometry is defined by the standard)
 *
 * Horos and DICOMKit get STANDARD backwards (rows first); we never do.
 */
import { FilmError } from './errors.js';

export type DisplayFormat =
  | { readonly kind: 'STANDARD'; readonly columns: number; readonly rows: number }
  | { readonly kind: 'ROW'; readonly counts: readonly number[] }
  | { readonly kind: 'COL'; readonly counts: readonly number[] }
  | { readonly kind: 'SLIDE' }
  | { readonly kind: 'SUPERSLIDE' }
  | { readonly kind: 'CUSTOM'; readonly index: number };

/** A box in the unit square of the printable area (x, y, w, h in 0..1). */
export interface UnitRect { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

/** Upper bound on boxes in one film box; real imagers stop far below this. */
export const MAX_BOXES = 400;

function positiveInts(s: string, what: string): number[] {
  const parts = s.split(',');
  const out: number[] = [];
  for (const p of parts) {
    const t = p.trim();
    if (!/^\d+$/.test(t)) throw new FilmError('BAD_DISPLAY_FORMAT', `${what}: '${t}' is not a positive integer`);
    const n = Number(t);
    if (n < 1) throw new FilmError('BAD_DISPLAY_FORMAT', `${what}: ${n} must be at least 1`);
    out.push(n);
  }
  return out;
}

export function parseDisplayFormat(value: string): DisplayFormat {
  const v = value.trim().toUpperCase();
  const [head, rest, extra] = v.split('\\');
  if (extra !== undefined) throw new FilmError('BAD_DISPLAY_FORMAT', `'${value}': more than one backslash`);
  let f: DisplayFormat;
  switch (head) {
    case 'STANDARD': {
      const n = positiveInts(rest ?? '', `'${value}'`);
      if (n.length !== 2) throw new FilmError('BAD_DISPLAY_FORMAT', `'${value}': STANDARD needs C,R (columns, rows)`);
      f = { kind: 'STANDARD', columns: n[0] as number, rows: n[1] as number };
      break;
    }
    case 'ROW':
    case 'COL': {
      const n = positiveInts(rest ?? '', `'${value}'`);
      f = { kind: head, counts: n };
      break;
    }
    case 'SLIDE':
    case 'SUPERSLIDE':
      if (rest !== undefined) throw new FilmError('BAD_DISPLAY_FORMAT', `'${value}': ${head} takes no parameters`);
      f = { kind: head };
      break;
    case 'CUSTOM': {
      const n = positiveInts(rest ?? '', `'${value}'`);
      if (n.length !== 1) throw new FilmError('BAD_DISPLAY_FORMAT', `'${value}': CUSTOM needs one index`);
      f = { kind: 'CUSTOM', index: n[0] as number };
      break;
    }
    default:
      throw new FilmError('BAD_DISPLAY_FORMAT', `'${value}': unknown format (STANDARD\\C,R, ROW\\..., COL\\..., SLIDE, SUPERSLIDE, CUSTOM\\i)`);
  }
  if (boxCount(f) > MAX_BOXES) throw new FilmError('BAD_DISPLAY_FORMAT', `'${value}': ${boxCount(f)} boxes exceed ${MAX_BOXES}`);
  return f;
}

export function formatDisplayFormat(f: DisplayFormat): string {
  switch (f.kind) {
    case 'STANDARD': return `STANDARD\\${f.columns},${f.rows}`;
    case 'ROW':
    case 'COL': return `${f.kind}\\${f.counts.join(',')}`;
    case 'CUSTOM': return `CUSTOM\\${f.index}`;
    default: return f.kind;
  }
}

/** Number of image boxes. SLIDE is 35 mm slides, 4 x 5 (DCMTK/imager convention); SUPERSLIDE 40 mm, 6 x 6; CUSTOM: unknown, 1. */
export function boxCount(f: DisplayFormat): number {
  switch (f.kind) {
    case 'STANDARD': return f.columns * f.rows;
    case 'ROW':
    case 'COL': return f.counts.reduce((a, b) => a + b, 0);
    case 'SLIDE': return 20;
    case 'SUPERSLIDE': return 36;
    case 'CUSTOM': return 1;
  }
}

/**
 * The boxes in Image Position order (2020,0010: 1..n). STANDARD and ROW are numbered
 * left to right, top to bottom; COL top to bottom within a column, columns left to right
 * (the order fo-dicom and dcmprscp create them in).
 */
export function unitBoxes(f: DisplayFormat): UnitRect[] {
  const out: UnitRect[] = [];
  const grid = (cols: number, rows: number): void => {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.push({ x: c / cols, y: r / rows, width: 1 / cols, height: 1 / rows });
  };
  switch (f.kind) {
    case 'STANDARD': grid(f.columns, f.rows); break;
    case 'SLIDE': grid(4, 5); break;
    case 'SUPERSLIDE': grid(6, 6); break;
    case 'CUSTOM': grid(1, 1); break;
    case 'ROW':
      f.counts.forEach((n, r) => { for (let c = 0; c < n; c++) out.push({ x: c / n, y: r / f.counts.length, width: 1 / n, height: 1 / f.counts.length }); });
      break;
    case 'COL':
      f.counts.forEach((n, c) => { for (let r = 0; r < n; r++) out.push({ x: c / f.counts.length, y: r / n, width: 1 / f.counts.length, height: 1 / n }); });
      break;
  }
  return out;
}

/**
 * DCMTK printers.cfg lists formats as "C,R" for portrait; landscape is derived by
 * swapping (dcmpstat.cfg comment). Returns the STANDARD format for the orientation.
 */
export function standardForOrientation(cr: string, orientation: 'PORTRAIT' | 'LANDSCAPE'): DisplayFormat {
  const f = parseDisplayFormat(`STANDARD\\${cr}`);
  if (f.kind !== 'STANDARD' || orientation === 'PORTRAIT') return f;
  return { kind: 'STANDARD', columns: f.rows, rows: f.columns };
}
