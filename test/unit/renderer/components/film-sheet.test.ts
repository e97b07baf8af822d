// @vitest-environment happy-dom
/// <reference lib="dom" />
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import FilmSheet from '../../../../renderer/src/components/FilmSheet.vue';
import { useFilms } from '../../../../renderer/src/stores/films.js';
import type { FilmDocument, FilmPreview, Orientation } from '../../../../core/app/contract-types.js';
import { installFakeApi, type FakeApi } from '../fake-api.js';
import { box, emptyFilm } from '../fixtures.js';
import { dataTransferWith, dispatchDrag, mountContext } from '../mount-helpers.js';

/** films:fill fake: N images from the requested start box on (one film is enough here). */
function fillFrom(film: FilmDocument, start: number, n: number): FilmDocument {
  const boxes = [...film.boxes];
  for (let k = 0; k < n && start + k < boxes.length; k++) boxes[start + k] = box(`img${k}`);
  return { ...film, boxes };
}

const never = (): Promise<FilmPreview> => new Promise<FilmPreview>(() => undefined);

let fake: FakeApi;
beforeEach(() => {
  fake = installFakeApi({
    'films:fill': ({ film, options }) => ({ films: [fillFrom(film, options?.startBox ?? 0, 4)], images: 4 }),
    // No preview by default: the overlay then comes from the display format itself.
    'films:preview': never,
  });
  // happy-dom does no layout: give the sheet's host a measured size.
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(1000);
});
enableAutoUnmount(afterEach);
afterEach(() => { vi.restoreAllMocks(); });

async function mountSheet(film: FilmDocument): Promise<{ w: VueWrapper; films: ReturnType<typeof useFilms> }> {
  const ctx = mountContext('en');
  const films = useFilms();
  films.films = [film];
  const w = mount(FilmSheet, { props: { tool: 'move' }, global: ctx.global, attachTo: document.body });
  await flushPromises();
  return { w, films };
}

function sheetSize(w: VueWrapper): { width: number; height: number } {
  const el = w.find('[data-testid="film-sheet"]').element as HTMLElement;
  return { width: parseFloat(el.style.width), height: parseFloat(el.style.height) };
}

function filledBoxes(w: VueWrapper): string[] {
  return w.findAll('[data-box]').filter((b) => b.attributes('data-filled') === 'true').map((b) => b.attributes('data-box') ?? '');
}

describe('FilmSheet', () => {
  const cases: Array<[string, Orientation, number]> = [
    ['14INX17IN', 'PORTRAIT', 355.6 / 431.8],
    ['14INX17IN', 'LANDSCAPE', 431.8 / 355.6],
    ['8INX10IN', 'LANDSCAPE', 10 / 8],
    ['24CMX24CM', 'PORTRAIT', 1],
  ];
  for (const [size, orientation, aspect] of cases) {
    it(`shows ${size} ${orientation} at its real aspect ratio (${aspect.toFixed(3)})`, async () => {
      const { w } = await mountSheet({ ...emptyFilm(), filmSizeId: size, orientation });
      const el = w.find('[data-testid="film-sheet"]');
      expect(el.attributes('data-size')).toBe(size);
      expect(el.attributes('data-orientation')).toBe(orientation);
      const s = sheetSize(w);
      expect(Math.abs(s.width / s.height - aspect)).toBeLessThan(0.003);
      // Largest such rectangle inside the 1000x1000 host less 16px padding on each side.
      expect(Math.max(s.width, s.height)).toBe(968);
    });
  }

  it('lays one box overlay per box of the display format, at the format positions', async () => {
    const { w, films } = await mountSheet(emptyFilm('STANDARD\\3,4', 12));
    const boxes = w.findAll('[data-box]');
    expect(boxes.map((b) => b.attributes('data-box'))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    const lefts = new Set(boxes.map((b) => (b.element as HTMLElement).style.left));
    const tops = new Set(boxes.map((b) => (b.element as HTMLElement).style.top));
    expect([lefts.size, tops.size]).toEqual([3, 4]); // STANDARD\C,R: 3 columns, 4 rows

    films.films = [{ ...emptyFilm('ROW\\1,3', 4) }];
    await flushPromises();
    expect(w.findAll('[data-box]')).toHaveLength(4);
    expect(w.find('[data-testid="film-sheet"]').attributes('data-format')).toBe('ROW\\1,3');
  });

  it("follows the core renderer's preview boxes when a preview arrives", async () => {
    const preview: FilmPreview = {
      dataUrl: 'data:image/png;base64,AA==', width: 100, height: 100, matrix: { columns: 2000, rows: 2000 }, warnings: [],
      boxes: [{ x: 0, y: 0, width: 50, height: 100 }, { x: 50, y: 0, width: 50, height: 100 }],
    };
    fake.handlers['films:preview'] = () => preview;
    const { w } = await mountSheet({ ...emptyFilm('STANDARD\\2,1', 2), filmSizeId: '24CMX24CM' });
    await vi.waitFor(() => expect(w.find('[data-testid="film-preview"]').exists()).toBe(true));
    expect(fake.callsTo('films:preview')).toHaveLength(1);
    expect(w.find('[data-testid="film-preview"]').attributes('src')).toBe(preview.dataUrl);
    const second = w.findAll('[data-box]')[1]?.element as HTMLElement;
    // 968 px sheet / 100 px preview: box 1 starts at 50 * 9.68.
    expect(parseFloat(second.style.left)).toBeCloseTo(484, 3);
    expect(parseFloat(second.style.width)).toBeCloseTo(484, 3);
  });

  it('a series dropped on the sheet fills from the first empty box via films:fill', async () => {
    const start = emptyFilm('STANDARD\\3,4', 12);
    start.boxes[0] = box('already');
    const { w, films } = await mountSheet(start);
    const dt = dataTransferWith({ kind: 'series', seriesInstanceUid: '1.2.840.99', studyInstanceUid: '1.2.3' });
    const sheet = w.find('[data-testid="film-sheet"]').element;
    expect(dispatchDrag(sheet, 'dragover', dt)).toBe(true);
    expect(dispatchDrag(sheet, 'drop', dt)).toBe(true);
    await flushPromises();
    const calls = fake.callsTo('films:fill') as Array<{ film: FilmDocument; source: unknown; options: unknown }>;
    expect(calls).toHaveLength(1);
    expect(calls[0]?.source).toEqual({ kind: 'series', seriesInstanceUid: '1.2.840.99' });
    expect(calls[0]?.options).toEqual({ startBox: 1 });
    expect(calls[0]?.film.boxes[0]).toEqual(box('already'));
    expect(filledBoxes(w)).toEqual(['0', '1', '2', '3', '4']);
    expect(films.imageCount).toBe(5);
    expect(w.find('.drop-hint').exists()).toBe(false);
  });

  it('a series dropped on a box fills from that box (once, not again by the sheet)', async () => {
    const { w } = await mountSheet(emptyFilm('STANDARD\\3,4', 12));
    expect(w.find('.drop-hint').exists()).toBe(true);
    const target = w.findAll('[data-box]')[6]?.element;
    if (!target) throw new Error('no box 6');
    dispatchDrag(target, 'drop', dataTransferWith({ kind: 'series', seriesInstanceUid: '1.2.840.99', studyInstanceUid: '1.2.3' }));
    await flushPromises();
    expect(fake.callsTo('films:fill')).toEqual([expect.objectContaining({ options: { startBox: 6 } })]);
    expect(filledBoxes(w)).toEqual(['6', '7', '8', '9']);
  });

  it('ignores drops that carry no Filmstation payload', async () => {
    const { w } = await mountSheet(emptyFilm('STANDARD\\3,4', 12));
    const dt = dataTransferWith(undefined, 'just text');
    const sheet = w.find('[data-testid="film-sheet"]').element;
    expect(dispatchDrag(sheet, 'dragover', dt)).toBe(false);
    dispatchDrag(sheet, 'drop', dt);
    await flushPromises();
    expect(fake.callsTo('films:fill')).toEqual([]);
    expect(filledBoxes(w)).toEqual([]);
  });
});
