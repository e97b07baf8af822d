/**
 * The films being composed (the renderer owns them; the facade fills, relayouts and renders
 * them on request): pages, the current film, box selection, per-box views, undo/redo, and the
 * previews the core renderer made (what is seen is what prints).
 *
 * Undo/redo keeps whole snapshots of the film documents: they are small (a reference and a
 * view per box), and snapshots make every action undoable the same way.
 */
import { defineStore } from 'pinia';
import { markRaw } from 'vue';
import { api } from '../api/index.js';
import type {
  BoxView, FillSource, FilmDocument, FilmPreview, ImageBoxContent, ImageInfo, ImageRef, Orientation, VoiPresetInfo,
} from '../api/index.js';

export interface BoxAddress { film: number; box: number }

interface Snapshot { films: FilmDocument[]; current: number }

export const UNDO_LIMIT = 100;

export interface PreviewEntry { key: string; loading: boolean; preview?: FilmPreview; error?: string; ms?: number }

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function isEmptyFilm(f: FilmDocument): boolean {
  return f.boxes.every((b) => b === null);
}

/** The window a box shows now (explicit window, else the image's own first window). */
export function effectiveWindow(view: BoxView, info: ImageInfo | undefined, presets: readonly VoiPresetInfo[]): { center: number; width: number } | undefined {
  const v = view.voi;
  if (v?.kind === 'window') return { center: v.center, width: v.width };
  if (v?.kind === 'preset') {
    const p = presets.find((x) => x.name === v.name);
    if (p) return { center: p.center, width: p.width };
  }
  if (info?.windowCenter !== undefined && info.windowWidth !== undefined) return { center: info.windowCenter, width: info.windowWidth };
  if (info?.minValue !== undefined && info.maxValue !== undefined) return { center: (info.minValue + info.maxValue) / 2, width: Math.max(1, info.maxValue - info.minValue) };
  return undefined;
}

export const useFilms = defineStore('films', {
  state: () => ({
    films: [] as FilmDocument[],
    current: 0,
    selection: [] as number[],
    anchor: null as number | null,
    printerId: undefined as string | undefined,
    annotationsOn: true,
    /** The annotations of the active template, kept while they are switched off. */
    templateAnnotations: [] as FilmDocument['annotations'],
    past: [] as Snapshot[],
    future: [] as Snapshot[],
    busy: false,
    previews: {} as Record<number, PreviewEntry>,
    imageInfo: {} as Record<string, ImageInfo>,
    presets: [] as VoiPresetInfo[],
    /** ms from the last drop to its first preview (performance figure shown to tests). */
    lastDropToPreviewMs: null as number | null,
    dropStartedAt: null as number | null,
  }),
  getters: {
    film(state): FilmDocument | undefined { return state.films[state.current]; },
    canUndo(state): boolean { return state.past.length > 0; },
    canRedo(state): boolean { return state.future.length > 0; },
    imageCount(state): number { return state.films.reduce((n, f) => n + f.boxes.filter((b) => b !== null).length, 0); },
    selectedBoxes(state): ImageBoxContent[] {
      const f = state.films[state.current];
      return f ? state.selection.map((i) => f.boxes[i]).filter((b): b is ImageBoxContent => !!b) : [];
    },
  },
  actions: {
    /** A new, empty composition for the printer (its default size and format). */
    async init(printerId?: string) {
      this.printerId = printerId;
      const doc = await api().call('films:create', { printerId });
      this.templateAnnotations = clone(doc.annotations);
      this.films = [doc];
      this.current = 0;
      this.selection = [];
      this.past = [];
      this.future = [];
      if (!this.presets.length) this.presets = await api().call('images:presets', {}).catch(() => []);
    },
    snapshot(): Snapshot { return { films: clone(this.films), current: this.current }; },
    record() {
      this.past.push(this.snapshot());
      if (this.past.length > UNDO_LIMIT) this.past.shift();
      this.future = [];
    },
    undo() {
      const s = this.past.pop();
      if (!s) return;
      this.future.push(this.snapshot());
      this.restore(s);
    },
    redo() {
      const s = this.future.pop();
      if (!s) return;
      this.past.push(this.snapshot());
      this.restore(s);
    },
    restore(s: Snapshot) {
      this.films = s.films;
      this.current = Math.min(s.current, s.films.length - 1);
      this.selection = this.selection.filter((i) => i < (this.film?.boxes.length ?? 0));
    },
    goto(i: number) {
      if (i < 0 || i >= this.films.length || i === this.current) return;
      this.current = i;
      this.selection = [];
      this.anchor = null;
    },
    // ---------------------------------------------------------------- layout
    async setPrinter(printerId: string | undefined, allowedFormats?: readonly string[] | null) {
      // ADAPTER: FilmDocument.printer is validated by the facade as a profile-style name
      // (^[A-Z0-9_]+$), not a printer id, so the printer travels as the requests' printerId only.
      this.printerId = printerId;
      for (const f of this.films) delete f.printer;
      const f = this.film;
      if (f && allowedFormats && allowedFormats.length && !allowedFormats.includes(f.displayFormat)) {
        await this.relayout({ displayFormat: allowedFormats[0] as string });
      }
    },
    async relayout(change: { displayFormat?: string; filmSizeId?: string; orientation?: Orientation }) {
      if (!this.films.length) return;
      this.busy = true;
      try {
        const { films } = await api().call('films:relayout', { films: this.films, ...change });
        this.record();
        this.films = films.length ? films : this.films;
        this.current = Math.min(this.current, this.films.length - 1);
        this.selection = [];
      } finally {
        this.busy = false;
      }
    },
    // ---------------------------------------------------------------- filling
    /** Drop a study, series or images at a box: fills from there and adds films of the same layout. */
    async fill(source: FillSource, at: BoxAddress) {
      const film = this.films[at.film];
      if (!film) return;
      this.dropStartedAt = performance.now();
      performance.mark('filmstation-drop');
      this.busy = true;
      try {
        const res = await api().call('films:fill', { film, source, options: { startBox: at.box } });
        this.record();
        // Empty films right after the drop target are replaced by the new ones, not pushed back.
        let end = at.film + 1;
        while (end < this.films.length && isEmptyFilm(this.films[end] as FilmDocument)) end++;
        this.films.splice(at.film, end - at.film, ...res.films);
        this.current = at.film;
        this.selection = [];
      } finally {
        this.busy = false;
      }
    },
    /** One image onto one box (replaces what was there). */
    placeImage(image: ImageRef, at: BoxAddress) {
      const f = this.films[at.film];
      if (!f || at.box < 0 || at.box >= f.boxes.length) return;
      this.record();
      f.boxes[at.box] = { image: { ...image }, view: {} };
    },
    /**
     * Drag a box to another position: within a film the boxes are reordered (the dragged
     * one is inserted at the target and the rest shift); across films the two are swapped.
     */
    moveBox(from: BoxAddress, to: BoxAddress) {
      if (from.film === to.film && from.box === to.box) return;
      const a = this.films[from.film];
      const b = this.films[to.film];
      if (!a || !b || from.box >= a.boxes.length || to.box >= b.boxes.length) return;
      this.record();
      if (a === b) {
        const [moved] = a.boxes.splice(from.box, 1);
        a.boxes.splice(to.box, 0, moved ?? null);
      } else {
        const t = b.boxes[to.box] ?? null;
        b.boxes[to.box] = a.boxes[from.box] ?? null;
        a.boxes[from.box] = t;
      }
      this.selection = [to.box];
      this.current = to.film;
    },
    addFilm() {
      const f = this.film;
      if (!f) return;
      this.record();
      this.films.push({ ...clone(f), boxes: f.boxes.map(() => null) });
      this.current = this.films.length - 1;
      this.selection = [];
    },
    removeFilm(index?: number) {
      const i = index ?? this.current;
      const f = this.films[i];
      if (!f) return;
      this.record();
      if (this.films.length === 1) this.films = [{ ...f, boxes: f.boxes.map(() => null) }];
      else this.films.splice(i, 1);
      this.current = Math.min(this.current, this.films.length - 1);
      this.selection = [];
    },
    clearAll() {
      const f = this.films[0];
      if (!f) return;
      this.record();
      this.films = [{ ...f, boxes: f.boxes.map(() => null) }];
      this.current = 0;
      this.selection = [];
    },
    toggleAnnotations() {
      this.record();
      this.annotationsOn = !this.annotationsOn;
      for (const f of this.films) f.annotations = this.annotationsOn ? clone(this.templateAnnotations) : [];
    },
    // ---------------------------------------------------------------- selection
    select(box: number, mode: 'single' | 'toggle' | 'range' = 'single') {
      const n = this.film?.boxes.length ?? 0;
      if (box < 0 || box >= n) return;
      if (mode === 'toggle') {
        this.selection = this.selection.includes(box) ? this.selection.filter((i) => i !== box) : [...this.selection, box].sort((x, y) => x - y);
        this.anchor = box;
      } else if (mode === 'range' && this.anchor !== null) {
        const [lo, hi] = this.anchor < box ? [this.anchor, box] : [box, this.anchor];
        this.selection = Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
      } else {
        this.selection = [box];
        this.anchor = box;
      }
      for (const i of this.selection) void this.loadInfo(i);
    },
    selectAll() {
      const f = this.film;
      if (!f) return;
      this.selection = f.boxes.map((b, i) => (b ? i : -1)).filter((i) => i >= 0);
    },
    clearSelection() { this.selection = []; this.anchor = null; },
    async loadInfo(box: number) {
      const b = this.film?.boxes[box];
      if (!b || this.imageInfo[b.image.sopInstanceUid]) return;
      try {
        this.imageInfo[b.image.sopInstanceUid] = await api().call('images:info', { sopInstanceUid: b.image.sopInstanceUid, frame: b.image.frame });
      } catch { /* W/L drag then starts from the rendered defaults */ }
    },
    // ---------------------------------------------------------------- per-box view
    /** Start of a mouse gesture (W/L, pan, zoom drag): one undo step for the whole gesture. */
    beginGesture() { this.record(); },
    /** Change the view of the selected boxes (or `boxes`). record=false inside a gesture. */
    updateViews(fn: (view: BoxView, box: ImageBoxContent) => BoxView, opts: { record?: boolean; boxes?: readonly number[] } = {}) {
      const f = this.film;
      const targets = opts.boxes ?? this.selection;
      if (!f || !targets.some((i) => f.boxes[i])) return;
      if (opts.record !== false) this.record();
      for (const i of targets) {
        const b = f.boxes[i];
        if (b) f.boxes[i] = { ...b, view: fn({ ...b.view }, b) };
      }
    },
    windowOf(box: number): { center: number; width: number } | undefined {
      const b = this.film?.boxes[box];
      return b ? effectiveWindow(b.view, this.imageInfo[b.image.sopInstanceUid], this.presets) : undefined;
    },
    setWindow(center: number, width: number, opts: { record?: boolean; boxes?: readonly number[] } = {}) {
      this.updateViews((v) => ({ ...v, voi: { kind: 'window', center: Math.round(center), width: Math.max(1, Math.round(width)) } }), opts);
    },
    applyPreset(name: string | null) {
      const p = name ? this.presets.find((x) => x.name === name) : undefined;
      this.updateViews((v) => {
        const { voi: _drop, ...rest } = v;
        return p ? { ...rest, voi: { kind: 'window', center: p.center, width: p.width } } : rest;
      });
    },
    zoom(factor: number, opts: { record?: boolean } = {}) {
      this.updateViews((v) => ({ ...v, zoom: Math.min(8, Math.max(0.25, (v.zoom ?? 1) * factor)) }), opts);
    },
    pan(dx: number, dy: number, opts: { record?: boolean } = {}) {
      this.updateViews((v) => ({ ...v, panX: (v.panX ?? 0) + dx, panY: (v.panY ?? 0) + dy }), opts);
    },
    rotate() {
      this.updateViews((v) => ({ ...v, rotation: (((v.rotation ?? 0) + 90) % 360) as 0 | 90 | 180 | 270 }));
    },
    flip() { this.updateViews((v) => ({ ...v, flipHorizontal: !v.flipHorizontal })); },
    invert() { this.updateViews((v) => ({ ...v, invert: !v.invert })); },
    resetView() { this.updateViews(() => ({})); },
    clearBoxes() {
      const f = this.film;
      if (!f || !this.selection.some((i) => f.boxes[i])) return;
      this.record();
      for (const i of this.selection) f.boxes[i] = null;
    },
    // ---------------------------------------------------------------- previews
    previewKey(i: number): string {
      return JSON.stringify([this.films[i], this.printerId, i, this.films.length]);
    },
    /** The core renderer's preview of film i (cached per content; stale answers dropped). */
    async ensurePreview(i: number, maxSide = 1024) {
      const film = this.films[i];
      if (!film) return;
      const key = this.previewKey(i);
      const have = this.previews[i];
      if (have && have.key === key && (have.loading || have.preview || have.error)) return;
      this.previews[i] = { key, loading: true, preview: have?.preview };
      const t0 = performance.now();
      try {
        const p = await api().call('films:preview', { film: clone(film), printerId: this.printerId, maxSide, filmNumber: i + 1, filmCount: this.films.length });
        if (this.previews[i]?.key !== key) return;
        this.previews[i] = { key, loading: false, preview: markRaw(p), ms: Math.round(performance.now() - t0) };
        if (this.dropStartedAt !== null && film.boxes.some((b) => b)) {
          this.lastDropToPreviewMs = Math.round(performance.now() - this.dropStartedAt);
          // For tools and the e2e test: performance.getEntriesByName('filmstation-drop-to-preview').
          performance.measure('filmstation-drop-to-preview', 'filmstation-drop');
          this.dropStartedAt = null;
        }
      } catch (e) {
        if (this.previews[i]?.key === key) this.previews[i] = { key, loading: false, preview: have?.preview, error: e instanceof Error ? e.message : String(e) };
      }
    },
  },
});
