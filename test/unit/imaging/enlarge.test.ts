/** Our enlargement kernels: against libvips (sharp), on crops, at 12 bits, and on two threads. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { enlargeInto, enlargeRows, sharedGrey, type EnlargeJob, type EnlargeKernel } from '../../../core/imaging/enlarge.js';
import { enlargeWasm, wasmCanEnlarge } from '../../../core/imaging/enlarge-wasm.js';

const W = 96;
const H = 64;
const src = new Uint8Array(W * H);
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) src[y * W + x] = Math.round(127 + 120 * Math.sin(x / 5) * Math.cos(y / 3));

function ours(kernel: EnlargeKernel, tw: number, th: number, data: Uint8Array | Uint16Array = src, maxValue = 255, crop = { x: 0, y: 0, width: W, height: H }): Uint8Array | Uint16Array {
  const out = maxValue > 255 ? new Uint16Array(tw * th) : new Uint8Array(tw * th);
  enlargeRows({ src: data, srcWidth: W, srcHeight: H, cropX: crop.x, cropY: crop.y, cropWidth: crop.width, cropHeight: crop.height,
    out, outStride: tw, outX: 0, outY: 0, outWidth: tw, outHeight: th, kernel, maxValue }, 0, th);
  return out;
}

function diff(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) { const d = Math.abs((a[i] as number) - (b[i] as number)); max = Math.max(max, d); sum += d; }
  return { max, mean: sum / a.length };
}

describe('enlargement', () => {
  it('linear and cubic reproduce a ramp exactly at the centre-to-centre sample positions', () => {
    const ramp = new Uint16Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) ramp[y * W + x] = x * 40; // 0..3800
    const tw = 259;
    for (const kernel of ['linear', 'cubic'] as const) {
      const out = ours(kernel, tw, 70, ramp, 4095);
      // Away from the clamped edges both kernels interpolate a straight line exactly.
      for (let x = 8; x < tw - 8; x++) {
        const c = (x + 0.5) * (W / tw) - 0.5;
        expect(Math.abs((out[35 * tw + x] as number) - c * 40)).toBeLessThanOrEqual(0.5 + 1e-3);
      }
    }
  });

  // libvips places its samples by its own convention (about a third of a source pixel
  // away from centre-to-centre at this scale) and rounds positions and taps: on a smooth
  // image the results stay close (measured: mean 0.7, max 2 for both); a shifted image does not.
  it.each(['cubic', 'linear'] as const)('%s stays close to libvips on a smooth image', async (kernel) => {
    const smooth = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) smooth[y * W + x] = Math.round(127 + 120 * Math.sin(x / 23) * Math.cos(y / 17));
    const tw = 259;
    const th = 198;
    const ref = await sharp(Buffer.from(smooth), { raw: { width: W, height: H, channels: 1 } }).resize(tw, th, { fit: 'fill', kernel }).toColourspace('b-w').raw().toBuffer();
    const mine = ours(kernel, tw, th, smooth);
    expect(diff(mine, ref).mean).toBeLessThan(1.5);
    expect(diff(mine, ref).max).toBeLessThanOrEqual(6);
    const shifted = mine.map((_, i, a) => (i + 8 < a.length ? (a[i + 8] as number) : 0));
    expect(diff(shifted, ref).mean).toBeGreaterThan(5);
  });

  it('8-bit sources take a fixed-point path within one level of the floating-point one, also on hard edges', () => {
    const hard = new Uint8Array(W * H).map((_, i) => ((i % W) >> 3) % 2 ? 255 : 0); // 8-pixel stripes: cubic overshoot
    for (const data of [src, hard]) {
      for (const kernel of ['linear', 'cubic'] as const) {
        const fixed = ours(kernel, 301, 187, data, 255);
        const float = ours(kernel, 301, 187, Uint16Array.from(data), 255); // same values, 16-bit: float path
        const d = Array.from(fixed, (v, i) => Math.abs(v - (float[i] as number)));
        expect(Math.max(...d)).toBeLessThanOrEqual(1);
        expect(d.filter((x) => x === 0).length / d.length).toBeGreaterThan(0.9);
      }
    }
    // A flat image stays exactly flat (the fixed-point taps sum to one).
    const flat = ours('cubic', 301, 187, new Uint8Array(W * H).fill(137), 255);
    expect(new Set(flat)).toEqual(new Set([137]));
  });

  it('the WebAssembly kernel (8-bit) gives exactly the JavaScript path\'s pixels: sizes, crops, offsets, odd widths', () => {
    expect(wasmCanEnlarge({ src, maxValue: 255, kernel: 'cubic' })).toBe(true); // resources/wasm/enlarge8.wasm is there and loads
    expect(wasmCanEnlarge({ src: new Uint16Array(4), maxValue: 4095, kernel: 'cubic' })).toBe(true); // 12-bit too
    expect(wasmCanEnlarge({ src: new Uint16Array(4), maxValue: 65535, kernel: 'cubic' })).toBe(false); // beyond 12 bits: JavaScript
    expect(wasmCanEnlarge({ src, maxValue: 255, kernel: 'nearest' })).toBe(false);
    const cases = [
      { kernel: 'cubic', tw: 301, th: 187, crop: { x: 0, y: 0, width: W, height: H } },
      { kernel: 'linear', tw: 299, th: 450, crop: { x: 0, y: 0, width: W, height: H } },
      { kernel: 'cubic', tw: 97, th: 65, crop: { x: 0, y: 0, width: W, height: H } }, // barely larger: odd tail of the SIMD loop
      { kernel: 'cubic', tw: 250, th: 300, crop: { x: 17, y: 9, width: 50, height: 41 } },
    ] as const;
    for (const c of cases) {
      for (const [stride, x, y] of [[c.tw, 0, 0], [c.tw + 13, 5, 3]] as const) {
        const job = (out: Uint8Array): EnlargeJob => ({ src, srcWidth: W, srcHeight: H, cropX: c.crop.x, cropY: c.crop.y, cropWidth: c.crop.width, cropHeight: c.crop.height,
          out, outStride: stride, outX: x, outY: y, outWidth: c.tw, outHeight: c.th, kernel: c.kernel, maxValue: 255 });
        const a = new Uint8Array(stride * (c.th + y + 2)).fill(7);
        const b = new Uint8Array(stride * (c.th + y + 2)).fill(7);
        expect(enlargeWasm(job(a))).toBe(true);
        enlargeRows(job(b), 0, c.th);
        expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true); // including what lies outside the region: untouched
      }
    }
  });

  it('the WebAssembly kernel at 12 bits stays within two levels in 4095 of the floating-point JavaScript path, clamped to 4095', () => {
    const s12 = Uint16Array.from(src, (v, i) => (i % 7 === 0 ? 4095 : v * 16)); // sharp spikes: overshoot to clamp
    for (const kernel of ['linear', 'cubic'] as const) {
      const job = (out: Uint16Array): EnlargeJob => ({ src: s12, srcWidth: W, srcHeight: H, cropX: 0, cropY: 0, cropWidth: W, cropHeight: H,
        out, outStride: 301, outX: 0, outY: 0, outWidth: 301, outHeight: 187, kernel, maxValue: 4095 });
      const a = new Uint16Array(301 * 187);
      const b = new Uint16Array(301 * 187);
      expect(enlargeWasm(job(a))).toBe(true);
      enlargeRows(job(b), 0, 187);
      let max = 0;
      let sum = 0;
      for (let i = 0; i < a.length; i++) { const d = Math.abs((a[i] as number) - (b[i] as number)); max = Math.max(max, d); sum += d; }
      // Taps in 1/4096 next to 4095-high spikes: rounding reaches two levels on a few pixels.
      expect(max).toBeLessThanOrEqual(2);
      expect(sum / a.length).toBeLessThan(0.3);
      expect(Math.max(...a)).toBe(4095);
    }
  });

  it('nearest at an integer factor is pixel replication', () => {
    const out = ours('nearest', W * 3, H * 3);
    for (const [x, y] of [[0, 0], [5, 7], [95, 63], [40, 20]] as const) {
      for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) expect(out[(y * 3 + dy) * W * 3 + x * 3 + dx]).toBe(src[y * W + x]);
    }
  });

  it('a crop enlarges as the cropped image would', () => {
    const crop = { x: 20, y: 10, width: 40, height: 30 };
    const cropped = new Uint8Array(crop.width * crop.height);
    for (let y = 0; y < crop.height; y++) cropped.set(src.subarray((crop.y + y) * W + crop.x, (crop.y + y) * W + crop.x + crop.width), y * crop.width);
    const out = new Uint8Array(100 * 75);
    enlargeRows({ src: cropped, srcWidth: crop.width, srcHeight: crop.height, cropX: 0, cropY: 0, cropWidth: crop.width, cropHeight: crop.height,
      out, outStride: 100, outX: 0, outY: 0, outWidth: 100, outHeight: 75, kernel: 'linear', maxValue: 255 }, 0, 75);
    // Inside the crop the taps read the same pixels; at its edges the crop clamps where the whole image does not.
    const whole = ours('linear', 100, 75, src, 255, crop);
    let same = 0;
    for (let y = 3; y < 72; y++) for (let x = 3; x < 97; x++) if (out[y * 100 + x] === whole[y * 100 + x]) same++;
    expect(same).toBe(69 * 94);
  });

  it('12-bit values are clamped to 4095 (cubic overshoots at edges)', () => {
    const s16 = new Uint16Array(W * H).map((_, i) => ((i % W) < W / 2 ? 0 : 4095));
    const out = ours('cubic', 300, 200, s16, 4095);
    expect(out).toBeInstanceOf(Uint16Array);
    expect(Math.max(...out)).toBe(4095);
    expect(Math.min(...out)).toBe(0);
  });

  it('two threads into shared memory give the same pixels as one, at an offset inside a larger bitmap', async () => {
    const tw = 1400;
    const th = 900; // > 1 Mpx: the helper thread takes half
    const big = sharedGrey((tw + 20) * (th + 10), false);
    await enlargeInto({ src, srcWidth: W, srcHeight: H, cropX: 0, cropY: 0, cropWidth: W, cropHeight: H, outWidth: tw, outHeight: th, kernel: 'cubic', maxValue: 255 },
      { data: big, stride: tw + 20, x: 15, y: 6 });
    const one = ours('cubic', tw, th);
    let mismatches = 0;
    for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) if (big[(y + 6) * (tw + 20) + 15 + x] !== one[y * tw + x]) mismatches++;
    expect(mismatches).toBe(0);
    expect(big[0]).toBe(0); // outside the region: untouched
  });
});
