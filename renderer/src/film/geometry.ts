/**
 * Film geometry the composer needs on every frame (film sheet aspect ratio, box rectangles).
 * The renderer cannot import core/ (eslint: it talks to the Workstation only through the API),
 * so this is a browser copy of core/film/film-sizes.ts and core/film/display-format.ts;
 * test/unit/renderer/film-geometry.test.ts checks it against core so the two cannot drift.
 */

export interface FilmSizeMm { readonly id: string; readonly widthMm: number; readonly heightMm: number }

const IN = 25.4;

/** Film Size ID (2010,0050), PS3.3 C.13.8, portrait (width <= height). */
export const FILM_SIZES_MM: readonly FilmSizeMm[] = [
  { id: '8INX10IN', widthMm: 8 * IN, heightMm: 10 * IN },
  { id: '8_5INX11IN', widthMm: 8.5 * IN, heightMm: 11 * IN },
  { id: '10INX12IN', widthMm: 10 * IN, heightMm: 12 * IN },
  { id: '10INX14IN', widthMm: 257, heightMm: 364 },
  { id: '11INX14IN', widthMm: 11 * IN, heightMm: 14 * IN },
  { id: '11INX17IN', widthMm: 11 * IN, heightMm: 17 * IN },
  { id: '14INX14IN', widthMm: 14 * IN, heightMm: 14 * IN },
  { id: '14INX17IN', widthMm: 14 * IN, heightMm: 17 * IN },
  { id: '24CMX24CM', widthMm: 240, heightMm: 240 },
  { id: '24CMX30CM', widthMm: 240, heightMm: 300 },
  { id: 'A4', widthMm: 210, heightMm: 297 },
  { id: 'A3', widthMm: 297, heightMm: 420 },
  { id: '14INX36IN', widthMm: 14 * IN, heightMm: 36 * IN },
  { id: '14INX51IN', widthMm: 14 * IN, heightMm: 51 * IN },
];

export type Orientation = 'PORTRAIT' | 'LANDSCAPE';

/** Film width/height in mm as it lies (LANDSCAPE swaps, Film Orientation (2010,0040)); 14x17 when unknown. */
export function filmDimensionsMm(id: string, orientation: Orientation): { widthMm: number; heightMm: number } {
  const s = FILM_SIZES_MM.find((f) => f.id === id.trim().toUpperCase()) ?? { widthMm: 14 * IN, heightMm: 17 * IN };
  return orientation === 'LANDSCAPE' ? { widthMm: s.heightMm, heightMm: s.widthMm } : { widthMm: s.widthMm, heightMm: s.heightMm };
}

export interface UnitRect { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

/**
 * Box rectangles in the unit square, Image Position order (2020,0010), for an Image Display
 * Format (2010,0010), PS3.3 C.13.8: STANDARD\C,R is C COLUMNS then R ROWS; ROW\ and COL\ list
 * images per row/column. Returns [] for text that is not a format (the caller shows an error).
 */
export function unitBoxes(format: string): UnitRect[] {
  const v = format.trim().toUpperCase();
  const [head, rest = ''] = v.split('\\');
  const nums = rest.split(',').map((s) => Number(s.trim()));
  const ok = nums.every((n) => Number.isInteger(n) && n >= 1 && n <= 400);
  const out: UnitRect[] = [];
  const grid = (cols: number, rows: number): void => {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.push({ x: c / cols, y: r / rows, width: 1 / cols, height: 1 / rows });
  };
  switch (head) {
    case 'STANDARD':
      if (ok && nums.length === 2 && (nums[0] as number) * (nums[1] as number) <= 400) grid(nums[0] as number, nums[1] as number);
      break;
    case 'ROW':
      if (ok) nums.forEach((n, r) => { for (let c = 0; c < n; c++) out.push({ x: c / n, y: r / nums.length, width: 1 / n, height: 1 / nums.length }); });
      break;
    case 'COL':
      if (ok) nums.forEach((n, c) => { for (let r = 0; r < n; r++) out.push({ x: c / nums.length, y: r / n, width: 1 / nums.length, height: 1 / n }); });
      break;
    case 'SLIDE': grid(4, 5); break;
    case 'SUPERSLIDE': grid(6, 6); break;
    case 'CUSTOM': grid(1, 1); break;
    default: break;
  }
  return out;
}

/** Number of boxes of a format (0 when it is not one). */
export function boxCount(format: string): number {
  return unitBoxes(format).length;
}

/**
 * The printer profile lists STANDARD formats as portrait "C,R" (DCMTK printers.cfg); landscape
 * swaps columns and rows. Other formats are taken as they are.
 */
export function formatForOrientation(profileFormat: string, orientation: Orientation): string {
  const f = profileFormat.trim().toUpperCase();
  const withHead = /^\d+,\d+$/.test(f) ? `STANDARD\\${f}` : f;
  const m = /^STANDARD\\(\d+),(\d+)$/.exec(withHead);
  if (!m || orientation === 'PORTRAIT') return withHead;
  return `STANDARD\\${m[2]},${m[1]}`;
}

/** Short label for a layout button: "3x4" for STANDARD\3,4 (columns x rows). */
export function formatLabel(format: string): string {
  const m = /^STANDARD\\(\d+),(\d+)$/i.exec(format.trim());
  return m ? `${m[1]}×${m[2]}` : format.replace(/\\/g, ' ');
}
