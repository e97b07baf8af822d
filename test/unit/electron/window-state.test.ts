import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import type { BrowserWindow, Rectangle } from 'electron';
import { DEFAULT_WINDOW_STATE, isVisible, loadWindowState, parseWindowState, saveWindowState, trackWindowState } from '../../../electron/window-state.js';

vi.mock('electron', () => ({}));

const dir = mkdtempSync(join(tmpdir(), 'fs-winstate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => { vi.useRealTimers(); });

const screen: Rectangle[] = [{ x: 0, y: 0, width: 1920, height: 1040 }];
const twoScreens: Rectangle[] = [...screen, { x: 1920, y: 0, width: 2560, height: 1400 }];

describe('window state', () => {
  it('defaults when nothing usable is saved', () => {
    expect(parseWindowState(undefined, screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(parseWindowState('junk', screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(loadWindowState(join(dir, 'missing.json'), screen)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(loadWindowState(join(dir, 'broken.json'), screen)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('clamps sizes and keeps a position that is on a display', () => {
    expect(parseWindowState({ x: 100, y: 50, width: 200, height: 99999, maximized: true }, screen))
      .toEqual({ x: 100, y: 50, width: 1024, height: 16384, maximized: true });
    expect(parseWindowState({ x: 2000, y: 100, width: 1400, height: 900 }, twoScreens)).toMatchObject({ x: 2000, y: 100 });
  });

  it('drops a position on a display that is gone', () => {
    const s = parseWindowState({ x: 2000, y: 100, width: 1400, height: 900, maximized: false }, screen);
    expect(s.x).toBeUndefined();
    expect(s.y).toBeUndefined();
    expect(s.width).toBe(1400);
    expect(isVisible({ x: -5000, y: 0, width: 1000, height: 800 }, screen)).toBe(false);
    expect(isVisible({ x: 100, y: 2000, width: 1000, height: 800 }, screen)).toBe(false);
    expect(isVisible({ x: 100, y: 100, width: 1000, height: 800 }, screen)).toBe(true);
  });

  it('round-trips through the JSON file', () => {
    const file = join(dir, 'sub', 'window-state.json');
    saveWindowState(file, { x: 10, y: 20, width: 1300, height: 800, maximized: false });
    expect(loadWindowState(file, screen)).toEqual({ x: 10, y: 20, width: 1300, height: 800, maximized: false });
  });

  it('saves the normal bounds after moves (debounced) and at close', () => {
    vi.useFakeTimers();
    const file = join(dir, 'tracked.json');
    const win = Object.assign(new EventEmitter(), {
      bounds: { x: 5, y: 6, width: 1200, height: 700 },
      maximized: false,
      isMaximized() { return win.maximized; },
      isMinimized: () => false,
      isFullScreen: () => false,
      isDestroyed: () => false,
      getNormalBounds() { return win.bounds; },
    });
    const stop = trackWindowState(win as unknown as BrowserWindow, file, { debounceMs: 100 });
    win.emit('move');
    win.bounds = { x: 50, y: 60, width: 1250, height: 720 };
    win.emit('resize');
    expect(() => readFileSync(file)).toThrow();
    vi.advanceTimersByTime(150);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 50, y: 60, width: 1250, height: 720, maximized: false });
    win.maximized = true;
    win.emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ maximized: true, width: 1250 });
    stop();
  });
});
