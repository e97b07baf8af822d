import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  FILM_SIZES, boxCount, computeFilmLayout, createFilmDocument, estimateFilmCount, fillFilms, filmDimensionsMm, FilmError, formatDisplayFormat,
  listPrinterProfiles, loadPrinterProfile, parseDisplayFormat, parseFilmDocument, PRINTER_PROFILE_SCHEMA, profileMatrix, selectImages,
  serializeFilmDocument, slicePosition, standardForOrientation, unitBoxes, validatePrinterProfile, type SeriesImage,
} from '../../../core/film/index.js';
import { FILM_DOCUMENT_SCHEMA } from '../../../core/film/film-document-schema.js';

describe('film sizes (PS3.3 C.13.8)', () => {
  it('has the 12 Defined Terms plus the long Agfa sizes', () => {
    expect(FILM_SIZES.filter((s) => s.defined).map((s) => s.id)).toEqual(
      ['8INX10IN', '8_5INX11IN', '10INX12IN', '10INX14IN', '11INX14IN', '11INX17IN', '14INX14IN', '14INX17IN', '24CMX24CM', '24CMX30CM', 'A4', 'A3']);
    expect(FILM_SIZES.filter((s) => !s.defined).map((s) => s.id)).toEqual(['14INX36IN', '14INX51IN']);
    const d = filmDimensionsMm('14INX17IN', 'LANDSCAPE');
    expect(d.widthMm).toBeCloseTo(431.8, 6);
    expect(d.heightMm).toBeCloseTo(355.6, 6);
    expect(() => filmDimensionsMm('15INX15IN', 'PORTRAIT')).toThrow(FilmError);
  });
});

describe('display formats', () => {
  it('STANDARD\\C,R is columns first', () => {
    const f = parseDisplayFormat('STANDARD\\4,5');
    expect(f).toEqual({ kind: 'STANDARD', columns: 4, rows: 5 });
    const boxes = unitBoxes(f);
    expect(boxes).toHaveLength(20);
    // Box 2 is to the right of box 1 (same row): 4 per row.
    expect(boxes[1]).toMatchObject({ x: 0.25, y: 0 });
    expect(boxes[4]).toMatchObject({ x: 0, y: 0.2 });
    expect(formatDisplayFormat(f)).toBe('STANDARD\\4,5');
  });
  it('ROW and COL', () => {
    const r = parseDisplayFormat('ROW\\2,1');
    expect(boxCount(r)).toBe(3);
    expect(unitBoxes(r)).toEqual([{ x: 0, y: 0, width: 0.5, height: 0.5 }, { x: 0.5, y: 0, width: 0.5, height: 0.5 }, { x: 0, y: 0.5, width: 1, height: 0.5 }]);
    const c = parseDisplayFormat('COL\\1,3');
    expect(unitBoxes(c)[0]).toEqual({ x: 0, y: 0, width: 0.5, height: 1 });
    expect(unitBoxes(c)[3]).toMatchObject({ x: 0.5, y: 2 / 3 });
  });
  it('rejects malformed formats', () => {
    for (const bad of ['STANDARD\\4', 'STANDARD\\0,2', 'STANDARD\\a,b', 'ROW\\', 'GRID\\2,2', 'STANDARD\\2,2\\x', 'STANDARD\\30,30', 'SLIDE\\2']) {
      expect(() => parseDisplayFormat(bad), bad).toThrow(FilmError);
    }
  });
  it('landscape swaps a printers.cfg C,R', () => {
    expect(standardForOrientation('3,5', 'LANDSCAPE')).toEqual({ kind: 'STANDARD', columns: 5, rows: 3 });
  });
});

describe('film layout at the native matrix', () => {
  it('GENERIC 14INX17IN STANDARD is 4480 x 5440 at 320 dpi and splits into 4 x 5 boxes', async () => {
    const p = await loadPrinterProfile('GENERIC');
    expect(profileMatrix(p, '14INX17IN', 'STANDARD')).toEqual({ columns: 4480, rows: 5440 });
    const l = computeFilmLayout(p, { filmSizeId: '14INX17IN', orientation: 'PORTRAIT', displayFormat: 'STANDARD\\4,5', marginMm: 0, gapMm: 0 });
    expect([l.width, l.height]).toEqual([4480, 5440]);
    expect(l.boxes).toHaveLength(20);
    expect(l.boxes[0]).toEqual({ x: 0, y: 0, width: 1120, height: 1088 });
    expect(l.boxes[19]).toEqual({ x: 3360, y: 4352, width: 1120, height: 1088 });
    expect(l.warnings).toEqual([]);
  });
  it('landscape turns the matrix, gaps separate boxes, unknown pitch warns', async () => {
    const agfa = await loadPrinterProfile('AGFA');
    const l = computeFilmLayout(agfa, { filmSizeId: '14INX17IN', orientation: 'LANDSCAPE', displayFormat: 'STANDARD\\2,1', marginMm: 2, gapMm: 4 });
    expect(l.width).toBeGreaterThan(l.height);
    expect(l.warnings[0]).toMatch(/unknown/);
    const [a, b] = l.boxes;
    expect(Math.abs(b!.x - (a!.x + a!.width) - 4 * l.pxPerMmX)).toBeLessThanOrEqual(1);
  });
});

describe('printer profiles', () => {
  it('ships one profile per printers.cfg section plus GENERIC, all valid', async () => {
    const names = await listPrinterProfiles();
    const cfg = readFileSync('/etc/dcmtk/printers.cfg', 'utf8');
    const sections = [...cfg.matchAll(/^\[([A-Z0-9_]+)\]/gm)].map((m) => m[1]);
    expect(sections.length).toBeGreaterThanOrEqual(6);
    for (const s of sections) expect(names).toContain(s);
    expect(names).toContain('GENERIC');
    for (const n of names) await expect(loadPrinterProfile(n)).resolves.toMatchObject({ name: n });
  });
  it('AGFA carries the DCMTK quirks', async () => {
    const p = await loadPrinterProfile('agfa');
    expect(p.presentationLut).toEqual({ supported: true, inFilmSession: true, matchRequired: true });
    expect(p.annotation?.maxLength).toBe(32);
    expect(p.displayFormats).toContain('STANDARD\\5,6');
    expect(p.configurationInformation).toContain('PERCEPTION_LUT=KANAMORI');
  });
  it('rejects unknown names and bad profiles', async () => {
    await expect(loadPrinterProfile('NOPE')).rejects.toThrow(/No printer profile 'NOPE'/);
    await expect(loadPrinterProfile('../etc')).rejects.toThrow(FilmError);
    const good = JSON.parse(readFileSync(fileURLToPath(new URL('../../../resources/printers/GENERIC.json', import.meta.url)), 'utf8')) as Record<string, unknown>;
    expect(() => validatePrinterProfile({ ...good, displayFormats: ['STANDARD\\0,1'] })).toThrow(FilmError);
    expect(() => validatePrinterProfile({ ...good, supports12Bit: 'yes' })).toThrow(/supports12Bit/);
    expect(() => validatePrinterProfile({ ...good, extra: 1 })).toThrow(/unknown property 'extra'/);
  });
  it('the published schema files equal the schemas used for validation', () => {
    const pub = JSON.parse(readFileSync(fileURLToPath(new URL('../../../resources/printers/printer-profile.schema.json', import.meta.url)), 'utf8')) as unknown;
    expect(pub).toEqual(PRINTER_PROFILE_SCHEMA);
    const doc = JSON.parse(readFileSync(fileURLToPath(new URL('../../../core/film/film-document.schema.json', import.meta.url)), 'utf8')) as unknown;
    expect(doc).toEqual(FILM_DOCUMENT_SCHEMA);
  });
});

describe('film document', () => {
  it('round-trips through JSON and validates', () => {
    const d = createFilmDocument({ filmSizeId: '14INX17IN', displayFormat: 'STANDARD\\2,2', printer: 'AGFA',
      annotations: [{ template: '{patientName}', position: 'top-left', scope: 'box', sizeMm: 3 }] });
    const filled = { ...d, boxes: [{ image: { sopInstanceUid: '1.2.3', frame: 0 }, view: { voi: { kind: 'preset' as const, name: 'CT Lung' }, zoom: 1.5, rotation: 90 as const } }, null, null, null] };
    const text = serializeFilmDocument(filled);
    expect(parseFilmDocument(text)).toEqual(filled);
  });
  it('reports every problem', () => {
    const d = createFilmDocument({ filmSizeId: '14INX17IN', displayFormat: 'STANDARD\\2,2' });
    const bad = { ...d, boxes: [null], filmSizeId: 'HUGE', options: { copies: 0 } };
    try {
      parseFilmDocument(JSON.stringify(bad));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FilmError);
      const p = (e as FilmError).problems.join('\n');
      expect(p).toMatch(/copies/);
    }
    expect(() => parseFilmDocument(JSON.stringify({ ...d, filmSizeId: 'HUGE' }))).toThrow(/HUGE/);
    expect(() => parseFilmDocument(JSON.stringify({ ...d, boxes: [null] }))).toThrow(/4 boxes/);
    expect(() => parseFilmDocument(JSON.stringify({ ...d, version: 2 }))).toThrow(/newer/);
    expect(() => parseFilmDocument('{')).toThrow(/not JSON/);
  });
});

describe('pagination', () => {
  const series: SeriesImage[] = Array.from({ length: 45 }, (_, i) => ({
    sopInstanceUid: `1.2.${i + 1}`, frame: 0, instanceNumber: 45 - i,
    imagePositionPatient: [0, 0, i * 2.5], imageOrientationPatient: [1, 0, 0, 0, 1, 0], keyImage: i % 10 === 0,
  }));
  it('sorts by instance number or slice position, every n-th, key images', () => {
    expect(selectImages(series, { sort: 'instance-number' })[0]?.instanceNumber).toBe(1);
    expect(selectImages(series, { sort: 'slice-position' })[0]?.sopInstanceUid).toBe('1.2.1');
    expect(slicePosition(series[4]!)).toBe(10);
    expect(selectImages(series, { sort: 'slice-position', everyNth: 10 }).map((s) => s.sopInstanceUid)).toEqual(['1.2.1', '1.2.11', '1.2.21', '1.2.31', '1.2.41']);
    expect(selectImages(series, { keyImagesOnly: true })).toHaveLength(5);
    expect(() => selectImages(series, { everyNth: 0 })).toThrow(FilmError);
  });
  it('fills consecutive boxes and adds films; the estimate agrees', () => {
    const film = createFilmDocument({ filmSizeId: '14INX17IN', displayFormat: 'STANDARD\\4,5' });
    const occupied = { ...film, boxes: film.boxes.map((b, i) => (i === 1 ? { image: { sopInstanceUid: '9.9', frame: 0 }, view: {} } : b)) };
    const films = fillFilms(occupied, series, { sort: 'slice-position' });
    expect(films).toHaveLength(3);
    expect(films[0]!.boxes[0]?.image.sopInstanceUid).toBe('1.2.1');
    expect(films[0]!.boxes[1]?.image.sopInstanceUid).toBe('9.9');
    expect(films[0]!.boxes[2]?.image.sopInstanceUid).toBe('1.2.2');
    expect(films[2]!.boxes.filter((b) => b !== null)).toHaveLength(6);
    expect(estimateFilmCount(45, 'STANDARD\\4,5', { occupiedBoxes: 1 })).toBe(3);
    expect(estimateFilmCount(45, 'STANDARD\\4,5', { everyNth: 3 })).toBe(1);
    expect(estimateFilmCount(0, 'STANDARD\\4,5')).toBe(0);
    expect(() => fillFilms(film, series, { maxFilms: 2 })).toThrow(/more than 2 films/);
  });
});
