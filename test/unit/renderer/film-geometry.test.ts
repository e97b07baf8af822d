// @vitest-environment happy-dom
/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { FILM_SIZES, filmDimensionsMm as coreDims } from '../../../core/film/film-sizes.js';
import { parseDisplayFormat, unitBoxes as coreBoxes } from '../../../core/film/display-format.js';
import { FILM_SIZES_MM, filmDimensionsMm, formatForOrientation, formatLabel, unitBoxes } from '../../../renderer/src/film/geometry.js';

describe('renderer film geometry (browser copy of core/film)', () => {
  it('has the same film sizes as core', () => {
    expect(FILM_SIZES_MM.map((s) => [s.id, s.widthMm, s.heightMm])).toEqual(FILM_SIZES.map((s) => [s.id, s.widthMm, s.heightMm]));
    for (const s of FILM_SIZES) for (const o of ['PORTRAIT', 'LANDSCAPE'] as const) expect(filmDimensionsMm(s.id, o)).toEqual(coreDims(s.id, o));
  });

  it('lays out boxes exactly like core for STANDARD (columns first), ROW, COL and SLIDE', () => {
    for (const f of ['STANDARD\\3,4', 'STANDARD\\1,1', 'STANDARD\\4,5', 'ROW\\2,3,1', 'COL\\3,2', 'SLIDE', 'SUPERSLIDE', 'CUSTOM\\2']) {
      expect(unitBoxes(f)).toEqual(coreBoxes(parseDisplayFormat(f)));
    }
    const b = unitBoxes('STANDARD\\3,4');
    expect(b).toHaveLength(12);
    expect(b[1]).toEqual({ x: 1 / 3, y: 0, width: 1 / 3, height: 1 / 4 });
  });

  it('rejects text that is not a format', () => {
    expect(unitBoxes('STANDARD\\0,3')).toEqual([]);
    expect(unitBoxes('BOGUS')).toEqual([]);
  });

  it('swaps C,R of profile formats for landscape (DCMTK convention) and labels them', () => {
    expect(formatForOrientation('3,4', 'PORTRAIT')).toBe('STANDARD\\3,4');
    expect(formatForOrientation('3,4', 'LANDSCAPE')).toBe('STANDARD\\4,3');
    expect(formatForOrientation('STANDARD\\2,3', 'LANDSCAPE')).toBe('STANDARD\\3,2');
    expect(formatForOrientation('ROW\\2,3', 'LANDSCAPE')).toBe('ROW\\2,3');
    expect(formatLabel('STANDARD\\3,4')).toBe('3×4');
  });
});
