/**
 * Japanese annotation rendered correctly, checked by pixels, with fontconfig pointed
 * away from the system fonts (FONTCONFIG_FILE -> a config listing only resources/fonts),
 * so the result cannot come from the machine's own CJK fonts.
 *
 * Checks: (1) fontconfig in the isolated config sees only our font; (2) every glyph of
 * 山田 太郎 has ink, is distinct from the others and from the font's .notdef box;
 * (3) the string render contains each glyph where its advance puts it (correlation with
 * the single-glyph render); (4) with no font available the render differs (tofu);
 * (5) it matches a reviewed golden image of the same parameters.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFontFile, expandTemplate, personNameForPrint } from '../../../core/imaging/annotations.js';

sharp.cache(false);
interface Mask { text: string; width: number; height: number; alpha: Uint8Array }

const child = fileURLToPath(new URL('./text-render-child.ts', import.meta.url));
const fontsDir = join(fileURLToPath(new URL('../../../resources/fonts', import.meta.url)));
const golden = fileURLToPath(new URL('../../fixtures/golden/annotation__yamada-taro__noto-sans-cjk-jp__64px.png', import.meta.url));
let tmp = '';
let isolatedConf = '';
let emptyConf = '';

function conf(dir: string, cache: string): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${dir}</dir>\n  <cachedir>${cache}</cachedir>\n</fontconfig>\n`;
}

function render(texts: string[], confFile: string, font: 'shipped' | 'none', size = 64): Mask[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, JSON.stringify(texts), font, String(size)], {
    env: { ...process.env, FONTCONFIG_FILE: confFile, FONTCONFIG_PATH: tmp }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000,
  }).toString();
  return (JSON.parse(out) as { text: string; width: number; height: number; alpha: string }[])
    .map((m) => ({ ...m, alpha: new Uint8Array(Buffer.from(m.alpha, 'base64')) }));
}

const ink = (m: Mask): number => m.alpha.reduce((s, v) => s + (v > 127 ? 1 : 0), 0);

/** Ink bounding box. */
function bbox(m: Mask): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = m.width; let y0 = m.height; let x1 = -1; let y1 = -1;
  for (let y = 0; y < m.height; y++) for (let x = 0; x < m.width; x++) {
    if ((m.alpha[y * m.width + x] as number) > 127) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
  }
  return { x0, y0, x1, y1 };
}

/** Normalised cross-correlation of the ink of `a` with `b` placed at (dx, dy) in a. */
function ncc(a: Mask, b: Mask, dx: number, dy: number): number {
  let sab = 0; let saa = 0; let sbb = 0;
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) {
    const ax = x + dx; const ay = y + dy;
    const va = ax >= 0 && ay >= 0 && ax < a.width && ay < a.height ? (a.alpha[ay * a.width + ax] as number) / 255 : 0;
    const vb = (b.alpha[y * b.width + x] as number) / 255;
    sab += va * vb; saa += va * va; sbb += vb * vb;
  }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Best correlation of glyph b inside a over horizontal offsets [from, to] and dy in +-6; with where. */
function bestMatch(a: Mask, b: Mask, from: number, to: number): { score: number; x: number } {
  let best = { score: 0, x: -1 };
  for (let dx = from; dx <= to; dx++) for (let dy = -6; dy <= 6; dy++) {
    const s = ncc(a, b, dx, dy);
    if (s > best.score) best = { score: s, x: dx };
  }
  return best;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fs-fontconfig-'));
  isolatedConf = join(tmp, 'isolated.conf');
  emptyConf = join(tmp, 'empty.conf');
  writeFileSync(isolatedConf, conf(fontsDir, join(tmp, 'cache-isolated')));
  writeFileSync(emptyConf, conf(join(tmp, 'no-fonts-here'), join(tmp, 'cache-empty')));
});
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

describe('Japanese annotation (fontconfig isolated from system fonts)', () => {
  it('the isolated fontconfig sees only the shipped font', () => {
    const list = execFileSync('fc-list', [], { env: { ...process.env, FONTCONFIG_FILE: isolatedConf } }).toString().trim().split('\n');
    expect(list.length).toBeGreaterThan(0);
    for (const line of list) expect(line.startsWith(defaultFontFile())).toBe(true);
    const none = execFileSync('fc-list', [], { env: { ...process.env, FONTCONFIG_FILE: emptyConf } }).toString().trim();
    expect(none).toBe('');
  });

  it('renders 山田^太郎 glyph by glyph, distinct from each other and from .notdef', () => {
    const name = personNameForPrint('山田^太郎') as string;
    expect(name).toBe('山田 太郎');
    const [whole, yama, ta, futo, rou, notdef] = render([name, '山', '田', '太', '郎', '\u{E000}'], isolatedConf, 'shipped');
    if (!whole || !yama || !ta || !futo || !rou || !notdef) throw new Error('missing renders');
    const glyphs = [yama, ta, futo, rou];
    for (const g of glyphs) {
      // Ink present, and the ink box is about one em tall (CJK glyphs fill ~85-95% of the em).
      expect(ink(g)).toBeGreaterThan(200);
      const b = bbox(g);
      expect(b.y1 - b.y0 + 1).toBeGreaterThan(40);
      expect(b.y1 - b.y0 + 1).toBeLessThanOrEqual(64);
      // Not the .notdef box, and not another glyph.
      expect(ncc(g, notdef, 0, 0)).toBeLessThan(0.8);
    }
    for (let i = 0; i < glyphs.length; i++) for (let j = i + 1; j < glyphs.length; j++) {
      expect(ncc(glyphs[i] as Mask, glyphs[j] as Mask, 0, 0)).toBeLessThan(0.8);
    }
    // Each glyph appears in the string, left to right, about one em apart (full-width CJK
    // advance = 1 em; the space between the names adds a fraction of an em).
    const em = 64;
    const found = glyphs.map((g) => bestMatch(whole, g, -8, whole.width - 8));
    for (const f of found) expect(f.score).toBeGreaterThan(0.98);
    const xs = found.map((f) => f.x);
    expect(xs[1]! - xs[0]!).toBeGreaterThan(em * 0.8);
    expect(xs[1]! - xs[0]!).toBeLessThan(em * 1.2);
    expect(xs[2]! - xs[1]!).toBeGreaterThan(em * 1.05);
    expect(xs[3]! - xs[2]!).toBeGreaterThan(em * 0.8);
    expect(xs[3]! - xs[2]!).toBeLessThan(em * 1.2);
    // The wrong glyph in the first cell matches clearly worse than the right one.
    expect(bestMatch(whole, rou, -8, 8).score).toBeLessThan(found[0]!.score - 0.1);
    // String ink is the sum of the glyphs' ink.
    const sum = glyphs.reduce((s, g) => s + ink(g), 0);
    expect(Math.abs(ink(whole) - sum) / sum).toBeLessThan(0.05);
  });

  it('without the font the same text renders differently (no silent system fallback)', () => {
    const [ok] = render(['山田 太郎'], isolatedConf, 'shipped');
    const [missing] = render(['山田 太郎'], emptyConf, 'none');
    if (!ok || !missing) throw new Error('missing renders');
    const same = ok.width === missing.width && ok.height === missing.height && ok.alpha.every((v, i) => v === missing.alpha[i]);
    expect(same).toBe(false);
    expect(bestMatch(missing, ok, -8, 8).score).toBeLessThan(0.9);
  });

  it('matches the reviewed golden image (within 2 levels)', async () => {
    const [m] = render(['山田 太郎'], isolatedConf, 'shipped');
    if (!m) throw new Error('no render');
    if (process.env.UPDATE_GOLDEN) {
      await sharp(Buffer.from(m.alpha), { raw: { width: m.width, height: m.height, channels: 1 } }).toColourspace('b-w').png().toFile(golden);
    }
    const { data, info } = await sharp(golden).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([m.width, m.height]).toEqual([info.width, info.height]);
    let max = 0;
    for (let i = 0; i < data.length; i++) max = Math.max(max, Math.abs((data[i] as number) - (m.alpha[i] as number)));
    expect(max).toBeLessThanOrEqual(2);
  });

  it('templates expand fields and drop unknown ones', () => {
    expect(expandTemplate('{patientName} ({patientId}) film {filmNumber}/{filmCount} {nope}', { patientName: '山田 太郎', patientId: '123', filmNumber: 2, filmCount: 5 }))
      .toBe('山田 太郎 (123) film 2/5');
  });
});
