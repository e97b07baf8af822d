/**
 * Film geometry at the printer's native matrix: the printable pixel matrix of the film
 * size (from the profile), turned for LANDSCAPE, split into image boxes by the display
 * format in Image Position order, with a margin and a gap between boxes (border density).
 */
import { type DisplayFormat, parseDisplayFormat, unitBoxes } from './display-format.js';
import { FilmError } from './errors.js';
import { type FilmOrientation, filmSize } from './film-sizes.js';
import { type PixelMatrix, type PrinterProfile, profileMatrix } from './printer-profile.js';

export interface PixelRect { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

export interface FilmLayout {
  /** Matrix as the film lies (LANDSCAPE: columns > rows). */
  readonly width: number;
  readonly height: number;
  /** Pixels per mm horizontally and vertically (equal for square pitch). */
  readonly pxPerMmX: number;
  readonly pxPerMmY: number;
  readonly displayFormat: DisplayFormat;
  /** One rectangle per image box, index = Image Position - 1. */
  readonly boxes: readonly PixelRect[];
  /** False when the profile gave no matrix for this film size and the fallback pitch was used. */
  readonly matrixKnown: boolean;
  readonly warnings: readonly string[];
}

export interface LayoutRequest {
  readonly filmSizeId: string;
  readonly orientation: FilmOrientation;
  readonly displayFormat: string | DisplayFormat;
  readonly resolution?: string;
  /** Margin around the printable area and gap between boxes, in mm (default 2 and 2). */
  readonly marginMm?: number;
  readonly gapMm?: number;
}

/** Pitch used when a profile knows neither a matrix nor a pitch: 320 dpi, with a warning. */
export const FALLBACK_PIXEL_PITCH_UM = 79.375;

export function portraitMatrix(profile: PrinterProfile | undefined, filmSizeId: string, resolution: string | undefined, warnings: string[]): PixelMatrix {
  const m = profile ? profileMatrix(profile, filmSizeId, resolution) : undefined;
  if (m) return m;
  const s = filmSize(filmSizeId);
  warnings.push(`${profile ? `Profile ${profile.name}` : 'No profile'}: pixel matrix for ${filmSizeId}${resolution ? ` at ${resolution}` : ''} unknown; using ${FALLBACK_PIXEL_PITCH_UM} um (320 dpi). The printer may scale the film.`);
  return { columns: Math.floor((s.widthMm * 1000) / FALLBACK_PIXEL_PITCH_UM + 1e-6), rows: Math.floor((s.heightMm * 1000) / FALLBACK_PIXEL_PITCH_UM + 1e-6) };
}

export function computeFilmLayout(profile: PrinterProfile | undefined, req: LayoutRequest): FilmLayout {
  const warnings: string[] = [];
  const fmt = typeof req.displayFormat === 'string' ? parseDisplayFormat(req.displayFormat) : req.displayFormat;
  const matrixKnown = profile !== undefined && profileMatrix(profile, req.filmSizeId, req.resolution) !== undefined;
  const m = portraitMatrix(profile, req.filmSizeId, req.resolution, warnings);
  const s = filmSize(req.filmSizeId);
  const landscape = req.orientation === 'LANDSCAPE';
  const width = landscape ? m.rows : m.columns;
  const height = landscape ? m.columns : m.rows;
  const pxPerMmX = width / (landscape ? s.heightMm : s.widthMm);
  const pxPerMmY = height / (landscape ? s.widthMm : s.heightMm);
  const margin = Math.max(0, req.marginMm ?? 2);
  const gap = Math.max(0, req.gapMm ?? 2);
  const mx = margin * pxPerMmX;
  const my = margin * pxPerMmY;
  const aw = width - 2 * mx;
  const ah = height - 2 * my;
  const gx = (gap * pxPerMmX) / 2;
  const gy = (gap * pxPerMmY) / 2;
  const boxes = unitBoxes(fmt).map((u) => {
    const x0 = Math.round(mx + u.x * aw + (u.x > 0 ? gx : 0));
    const y0 = Math.round(my + u.y * ah + (u.y > 0 ? gy : 0));
    const x1 = Math.round(mx + (u.x + u.width) * aw - (u.x + u.width < 1 - 1e-9 ? gx : 0));
    const y1 = Math.round(my + (u.y + u.height) * ah - (u.y + u.height < 1 - 1e-9 ? gy : 0));
    return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  });
  if (boxes.some((b) => b.width < 1 || b.height < 1)) throw new FilmError('BAD_LAYOUT', `${req.displayFormat.toString()} on ${req.filmSizeId} leaves boxes of no size`);
  return { width, height, pxPerMmX, pxPerMmY, displayFormat: fmt, boxes, matrixKnown, warnings };
}
