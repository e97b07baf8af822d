/**
 * The main window's bounds and maximized state, remembered across launches in
 * <userData>/window-state.json. A saved position is used only when the window would still
 * be visible on one of the current displays (a monitor may have been unplugged).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };
const MIN = { width: 1024, height: 640 };
const MAX_SIDE = 16_384;
/** At least this much of the title bar area must lie on a display. */
const VISIBLE_MARGIN = 64;

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 100_000 ? v : undefined;
}

/** The saved state checked against the displays' work areas; defaults for anything unusable. */
export function parseWindowState(raw: unknown, workAreas: readonly Rectangle[]): WindowState {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const width = Math.min(MAX_SIDE, Math.max(MIN.width, int(o.width) ?? DEFAULT_WINDOW_STATE.width));
  const height = Math.min(MAX_SIDE, Math.max(MIN.height, int(o.height) ?? DEFAULT_WINDOW_STATE.height));
  const state: WindowState = { width, height, maximized: o.maximized === true };
  const x = int(o.x);
  const y = int(o.y);
  if (x !== undefined && y !== undefined && isVisible({ x, y, width, height }, workAreas)) {
    state.x = x;
    state.y = y;
  }
  return state;
}

/** Does the window's top strip overlap some display enough to be grabbed? */
export function isVisible(b: Rectangle, workAreas: readonly Rectangle[]): boolean {
  return workAreas.some((a) => {
    const w = Math.min(b.x + b.width, a.x + a.width) - Math.max(b.x, a.x);
    const topInside = b.y >= a.y - VISIBLE_MARGIN / 2 && b.y < a.y + a.height - VISIBLE_MARGIN / 2;
    return w >= VISIBLE_MARGIN && topInside;
  });
}

export function loadWindowState(file: string, workAreas: readonly Rectangle[]): WindowState {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')), workAreas);
  } catch {
    return parseWindowState(undefined, workAreas);
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // Not remembering the window size is no reason to fail.
  }
}

type TrackedWindow = Pick<BrowserWindow, 'on' | 'isMaximized' | 'isMinimized' | 'isFullScreen' | 'getNormalBounds' | 'isDestroyed'>;

/**
 * Saves the state when the window is moved or resized (debounced) and when it closes.
 * Returns a function that saves now and stops tracking.
 */
export function trackWindowState(win: TrackedWindow, file: string, o: { debounceMs?: number } = {}): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const snapshot = (): WindowState | undefined => {
    if (win.isDestroyed() || win.isMinimized()) return undefined;
    // The normal bounds, so un-maximizing next time restores the size the user chose.
    const b = win.getNormalBounds();
    return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() || win.isFullScreen() };
  };
  const saveNow = (): void => {
    if (timer) { clearTimeout(timer); timer = undefined; }
    const s = snapshot();
    if (s) saveWindowState(file, s);
  };
  const schedule = (): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(saveNow, o.debounceMs ?? 500);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', schedule);
  win.on('close', saveNow);
  return () => {
    if (stopped) return;
    saveNow();
    stopped = true;
  };
}
