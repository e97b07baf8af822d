// @vitest-environment happy-dom
/// <reference lib="dom" />
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { FilmDocument, FilmPreview } from '../../../core/app/contract-types.js';
import { effectiveWindow, useFilms } from '../../../renderer/src/stores/films.js';
import { installFakeApi, type FakeApi } from './fake-api.js';
import { box, emptyFilm } from './fixtures.js';

function preview(n: number): FilmPreview {
  return { dataUrl: 'data:image/png;base64,AA==', width: 100, height: 120, boxes: Array.from({ length: n }, (_, i) => ({ x: i, y: 0, width: 1, height: 1 })), matrix: { columns: 1000, rows: 1200 }, warnings: [] };
}

let fake: FakeApi;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = installFakeApi({
    'films:create': () => emptyFilm(),
    'images:presets': () => [{ name: 'CT Lung', modality: 'CT', center: -600, width: 1500 }],
    // 30 images onto a 12-box film: 3 films, the first keeps boxes before startBox.
    'films:fill': ({ film, options }) => {
      const start = options?.startBox ?? 0;
      const out: FilmDocument[] = [];
      let n = 0;
      let cur: FilmDocument = { ...film, boxes: [...film.boxes] };
      let i = start;
      while (n < 30) {
        if (i >= cur.boxes.length) { out.push(cur); cur = { ...film, boxes: film.boxes.map(() => null) }; i = 0; }
        cur.boxes[i++] = box(`img${n++}`);
      }
      out.push(cur);
      return { films: out, images: 30 };
    },
    'films:relayout': ({ films, displayFormat }) => ({ films: films.map((f) => ({ ...f, displayFormat: displayFormat ?? f.displayFormat })) }),
    'films:preview': ({ film }) => preview(film.boxes.length),
  });
});

describe('films store', () => {
  it('starts with one empty film from the facade', async () => {
    const s = useFilms();
    await s.init('p1');
    expect(s.films).toHaveLength(1);
    expect(s.film?.displayFormat).toBe('STANDARD\\3,4');
    expect(fake.callsTo('films:create')).toEqual([{ printerId: 'p1' }]);
    expect(s.canUndo).toBe(false);
  });

  it('fills films from the drop box on, adding films, and undo restores the single empty film', async () => {
    const s = useFilms();
    await s.init();
    await s.fill({ kind: 'series', seriesInstanceUid: '1.2' }, { film: 0, box: 2 });
    expect(s.films).toHaveLength(3);
    expect(s.films[0]?.boxes[0]).toBeNull();
    expect(s.films[0]?.boxes[2]?.image.sopInstanceUid).toBe('img0');
    expect(s.imageCount).toBe(30);
    expect((fake.callsTo('films:fill')[0] as { options: { startBox: number } }).options.startBox).toBe(2);
    s.undo();
    expect(s.films).toHaveLength(1);
    expect(s.imageCount).toBe(0);
    s.redo();
    expect(s.imageCount).toBe(30);
  });

  it('replaces empty films after the drop target instead of pushing them back', async () => {
    const s = useFilms();
    await s.init();
    s.addFilm();
    s.addFilm();
    expect(s.films).toHaveLength(3);
    await s.fill({ kind: 'study', studyInstanceUid: '1' }, { film: 0, box: 0 });
    expect(s.films).toHaveLength(3);
    expect(s.films.every((f) => f.boxes.some((b) => b))).toBe(true);
  });

  it('places one image, reorders boxes within a film and swaps across films', async () => {
    const s = useFilms();
    await s.init();
    s.placeImage({ sopInstanceUid: 'a', frame: 0 }, { film: 0, box: 0 });
    s.placeImage({ sopInstanceUid: 'b', frame: 0 }, { film: 0, box: 1 });
    s.placeImage({ sopInstanceUid: 'c', frame: 0 }, { film: 0, box: 2 });
    s.moveBox({ film: 0, box: 2 }, { film: 0, box: 0 });
    expect(s.films[0]?.boxes.slice(0, 3).map((b) => b?.image.sopInstanceUid)).toEqual(['c', 'a', 'b']);
    expect(s.selection).toEqual([0]);
    s.addFilm();
    s.moveBox({ film: 0, box: 0 }, { film: 1, box: 5 });
    expect(s.films[1]?.boxes[5]?.image.sopInstanceUid).toBe('c');
    expect(s.films[0]?.boxes[0]).toBeNull();
    expect(s.current).toBe(1);
  });

  it('selects single, toggle and range; select all takes filled boxes only', async () => {
    const s = useFilms();
    await s.init();
    for (const i of [0, 1, 2, 3, 5]) s.placeImage({ sopInstanceUid: `i${i}`, frame: 0 }, { film: 0, box: i });
    s.select(1);
    s.select(3, 'toggle');
    expect(s.selection).toEqual([1, 3]);
    s.select(3, 'toggle');
    expect(s.selection).toEqual([1]);
    s.select(4, 'range');
    expect(s.selection).toEqual([3, 4]); // the anchor is the last box clicked
    s.select(1);
    s.select(4, 'range');
    expect(s.selection).toEqual([1, 2, 3, 4]);
    s.selectAll();
    expect(s.selection).toEqual([0, 1, 2, 3, 5]);
  });

  it('changes window/level of the selected boxes only; one gesture is one undo step', async () => {
    const s = useFilms();
    await s.init();
    s.placeImage({ sopInstanceUid: 'a', frame: 0 }, { film: 0, box: 0 });
    s.placeImage({ sopInstanceUid: 'b', frame: 0 }, { film: 0, box: 1 });
    s.select(1);
    const before = s.past.length;
    s.beginGesture();
    for (let k = 1; k <= 10; k++) s.setWindow(40 + k, 400 + 10 * k, { record: false });
    expect(s.past.length).toBe(before + 1);
    expect(s.films[0]?.boxes[1]?.view.voi).toEqual({ kind: 'window', center: 50, width: 500 });
    expect(s.films[0]?.boxes[0]?.view.voi).toBeUndefined();
    s.undo();
    expect(s.films[0]?.boxes[1]?.view.voi).toBeUndefined();
  });

  it('applies presets, rotates, flips, inverts, zooms, resets and clears', async () => {
    const s = useFilms();
    await s.init();
    s.placeImage({ sopInstanceUid: 'a', frame: 0 }, { film: 0, box: 0 });
    s.select(0);
    s.applyPreset('CT Lung');
    expect(s.films[0]?.boxes[0]?.view.voi).toEqual({ kind: 'window', center: -600, width: 1500 });
    s.rotate(); s.rotate(); s.rotate(); s.rotate(); s.rotate();
    expect(s.films[0]?.boxes[0]?.view.rotation).toBe(90);
    s.flip(); s.invert(); s.zoom(2); s.zoom(100);
    expect(s.films[0]?.boxes[0]?.view).toMatchObject({ flipHorizontal: true, invert: true, zoom: 8 });
    s.resetView();
    expect(s.films[0]?.boxes[0]?.view).toEqual({});
    s.clearBoxes();
    expect(s.films[0]?.boxes[0]).toBeNull();
  });

  it('switches annotations off and on (template kept)', async () => {
    const s = useFilms();
    await s.init();
    s.toggleAnnotations();
    expect(s.film?.annotations).toEqual([]);
    s.toggleAnnotations();
    expect(s.film?.annotations[0]?.template).toBe('{patientName}');
  });

  it('relayouts through the facade and keeps at most 100 undo steps', async () => {
    const s = useFilms();
    await s.init();
    await s.relayout({ displayFormat: 'STANDARD\\2,2' });
    expect(s.film?.displayFormat).toBe('STANDARD\\2,2');
    for (let i = 0; i < 150; i++) s.addFilm();
    expect(s.past.length).toBe(100);
  });

  it('asks for a preview once per content and drops a stale answer', async () => {
    const s = useFilms();
    await s.init();
    await s.ensurePreview(0);
    await s.ensurePreview(0);
    expect(fake.callsTo('films:preview')).toHaveLength(1);
    expect(s.previews[0]?.preview?.boxes).toHaveLength(12);
    const releases: Array<() => void> = [];
    fake.handlers['films:preview'] = ({ film }) => new Promise((r) => { releases.push(() => r(preview(film.boxes.length))); });
    s.placeImage({ sopInstanceUid: 'a', frame: 0 }, { film: 0, box: 0 });
    const first = s.ensurePreview(0);
    s.placeImage({ sopInstanceUid: 'b', frame: 0 }, { film: 0, box: 1 });
    const second = s.ensurePreview(0);
    releases[0]?.();
    await first;
    expect(s.previews[0]?.loading).toBe(true); // the first answer was for the old content
    releases[1]?.();
    await second;
    expect(s.previews[0]?.loading).toBe(false);
    expect(s.previews[0]?.key).toBe(s.previewKey(0));
  });

  it('effective window: explicit, preset, file, then value range', () => {
    const info = { sopInstanceUid: 'a', rows: 1, columns: 1, frames: 1, modality: 'CT', photometricInterpretation: 'MONOCHROME2', bitsStored: 12 };
    const presets = [{ name: 'CT Lung', modality: 'CT', center: -600, width: 1500 }];
    expect(effectiveWindow({ voi: { kind: 'window', center: 1, width: 2 } }, undefined, presets)).toEqual({ center: 1, width: 2 });
    expect(effectiveWindow({ voi: { kind: 'preset', name: 'CT Lung' } }, undefined, presets)).toEqual({ center: -600, width: 1500 });
    expect(effectiveWindow({}, { ...info, windowCenter: 40, windowWidth: 400 }, presets)).toEqual({ center: 40, width: 400 });
    expect(effectiveWindow({}, { ...info, minValue: -1000, maxValue: 1000 }, presets)).toEqual({ center: 0, width: 2000 });
    expect(effectiveWindow({}, undefined, presets)).toBeUndefined();
  });
});
