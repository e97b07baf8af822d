/**
 * Film Size ID (2010,0050): the Defined Terms of PS3.3 C.13.8 (Basic Film Box
 * Presentation Module, Table C.13-3), with their physical size in portrait orientation
 * (width <= height). PS3.3 notes that 10INX14IN corresponds to 25.7 x 36.4 cm.
 * 14INX36IN and 14INX51IN are not Defined Terms: they are long-film sizes used by Agfa
 * (Agfa NX conformance statement) and accepted because Film Size ID allows other terms.
 */
import { FilmError } from './errors.js';

export interface FilmSize {
  readonly id: string;
  readonly widthMm: number;
  readonly heightMm: number;
  /** True for the Defined Terms of PS3.3 C.13.8, false for vendor terms. */
  readonly defined: boolean;
}

const IN = 25.4;

export const FILM_SIZES: readonly FilmSize[] = [
  { id: '8INX10IN', widthMm: 8 * IN, heightMm: 10 * IN, defined: true },
  { id: '8_5INX11IN', widthMm: 8.5 * IN, heightMm: 11 * IN, defined: true },
  { id: '10INX12IN', widthMm: 10 * IN, heightMm: 12 * IN, defined: true },
  // PS3.3 C.13.8 Note: "10INX14IN corresponds with 25.7CMX36.4CM".
  { id: '10INX14IN', widthMm: 257, heightMm: 364, defined: true },
  { id: '11INX14IN', widthMm: 11 * IN, heightMm: 14 * IN, defined: true },
  { id: '11INX17IN', widthMm: 11 * IN, heightMm: 17 * IN, defined: true },
  { id: '14INX14IN', widthMm: 14 * IN, heightMm: 14 * IN, defined: true },
  { id: '14INX17IN', widthMm: 14 * IN, heightMm: 17 * IN, defined: true },
  { id: '24CMX24CM', widthMm: 240, heightMm: 240, defined: true },
  { id: '24CMX30CM', widthMm: 240, heightMm: 300, defined: true },
  { id: 'A4', widthMm: 210, heightMm: 297, defined: true },
  { id: 'A3', widthMm: 297, heightMm: 420, defined: true },
  { id: '14INX36IN', widthMm: 14 * IN, heightMm: 36 * IN, defined: false },
  { id: '14INX51IN', widthMm: 14 * IN, heightMm: 51 * IN, defined: false },
];

export function findFilmSize(id: string): FilmSize | undefined {
  const k = id.trim().toUpperCase();
  return FILM_SIZES.find((s) => s.id === k);
}

export function filmSize(id: string): FilmSize {
  const s = findFilmSize(id);
  if (!s) throw new FilmError('BAD_FILM_SIZE', `Unknown Film Size ID '${id}' (known: ${FILM_SIZES.map((f) => f.id).join(', ')})`);
  return s;
}

export type FilmOrientation = 'PORTRAIT' | 'LANDSCAPE';

/** Width and height in mm as the film lies: LANDSCAPE swaps (Film Orientation (2010,0040)). */
export function filmDimensionsMm(id: string, orientation: FilmOrientation): { widthMm: number; heightMm: number } {
  const s = filmSize(id);
  return orientation === 'LANDSCAPE' ? { widthMm: s.heightMm, heightMm: s.widthMm } : { widthMm: s.widthMm, heightMm: s.heightMm };
}
