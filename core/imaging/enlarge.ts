/**
 * Enlargement of a grey bitmap to a box's pixel matrix, in our own code: REPLICATE
 * (nearest), BILINEAR and CUBIC (Catmull-Rom, the kernel libvips calls "cubic") per the
 * Magnification Types of PS3.3 C.13.5.1. Only enlargement (scale >= 1 on both axes);
 * reduction needs a kernel widened by the scale, which sharp does (resample.ts).
 *
 * Why not sharp here: a CR enlarged to a 14x17 in film at 320 dpi is ~16 Mpx, and libvips
 * took ~200 ms for it on this 2-core machine whatever the kernel (its per-pixel pipeline,
 * not the taps). BILINEAR and CUBIC of 8- and 12-bit values run in WebAssembly with SIMD
 * (enlarge-wasm.ts, ~20 ms for those 16 Mpx); the rest (REPLICATE, or no WebAssembly) runs
 * here, in two separable passes over typed arrays, the output rows split between this
 * thread and a worker (about half libvips' time).
 *
 * Pixel centres map to pixel centres ((x + 0.5) / scale - 0.5), edges clamp. The row
 * kernel and its two helpers below use nothing else (no imports, no closures): the worker
 * runs their source.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { enlargeWasm, wasmCanEnlarge } from './enlarge-wasm.js';

export type EnlargeKernel = 'nearest' | 'linear' | 'cubic';

export interface EnlargeJob {
  /** Source pixels (8-bit or 16-bit), in shared memory when a worker helps. */
  readonly src: Uint8Array | Uint16Array;
  readonly srcWidth: number;
  readonly srcHeight: number;
  /** Source rectangle that fills the output. */
  readonly cropX: number;
  readonly cropY: number;
  readonly cropWidth: number;
  readonly cropHeight: number;
  /** Where output pixel (x, y) goes: out[(outY + y) * outStride + outX + x]. */
  readonly out: Uint8Array | Uint16Array;
  readonly outStride: number;
  readonly outX: number;
  readonly outY: number;
  readonly outWidth: number;
  readonly outHeight: number;
  readonly kernel: EnlargeKernel;
  /** Largest output value (255 for 8-bit, 4095 for 12-bit P-values). */
  readonly maxValue: number;
}

/** Source indexes (clamped) and weights of n taps per output pixel, centre to centre. */
export function enlargeTaps(offset: number, length: number, size: number, outLength: number, kernel: string): { idx: Int32Array; w: Float32Array; n: number } {
  const n = kernel === 'cubic' ? 4 : kernel === 'linear' ? 2 : 1;
  const idx = new Int32Array(outLength * n);
  const w = new Float32Array(outLength * n);
  const scale = outLength / length;
  for (let o = 0; o < outLength; o++) {
    const c = (o + 0.5) / scale - 0.5 + offset;
    const b = o * n;
    const i0 = Math.floor(c);
    const t = c - i0;
    if (n === 1) {
      idx[b] = Math.floor(c + 0.5);
      w[b] = 1;
    } else if (n === 2) {
      idx[b] = i0; w[b] = 1 - t;
      idx[b + 1] = i0 + 1; w[b + 1] = t;
    } else {
      const t2 = t * t;
      const t3 = t2 * t;
      idx[b] = i0 - 1; w[b] = (-t3 + 2 * t2 - t) / 2;
      idx[b + 1] = i0; w[b + 1] = (3 * t3 - 5 * t2 + 2) / 2;
      idx[b + 2] = i0 + 1; w[b + 2] = (-3 * t3 + 4 * t2 + t) / 2;
      idx[b + 3] = i0 + 2; w[b + 3] = (t3 - t2) / 2;
    }
    for (let k = b; k < b + n; k++) {
      const v = idx[k] as number;
      idx[k] = v < 0 ? 0 : v >= size ? size - 1 : v;
    }
  }
  return { idx, w, n };
}

/** Weights in 1/one (1024 for 8-bit, 4096 for 12-bit), each pixel's summing to exactly `one` (a flat image stays flat). */
export function fixedTaps(w: Float32Array, n: number, one = 1024): Int32Array {
  const wi = new Int32Array(w.length);
  for (let b = 0; b < w.length; b += n) {
    let sum = 0;
    let big = b;
    for (let k = b; k < b + n; k++) {
      wi[k] = Math.round((w[k] as number) * one);
      sum += wi[k] as number;
      if ((w[k] as number) > (w[big] as number)) big = k;
    }
    wi[big] = (wi[big] as number) + one - sum;
  }
  return wi;
}

/** Computes output rows [row0, row1) of the job (uses only enlargeTaps and fixedTaps: see the module comment). */
export function enlargeRows(job: EnlargeJob, row0: number, row1: number): void {
  const tw = job.outWidth;
  const hx = enlargeTaps(job.cropX, job.cropWidth, job.srcWidth, tw, job.kernel);
  const vy = enlargeTaps(job.cropY, job.cropHeight, job.srcHeight, job.outHeight, job.kernel);
  const n = hx.n;
  // Source rows these output rows read, each resampled horizontally once.
  let r0 = job.srcHeight;
  let r1 = 0;
  for (let k = row0 * n; k < row1 * n; k++) {
    const y = vy.idx[k] as number;
    if (y < r0) r0 = y;
    if (y + 1 > r1) r1 = y + 1;
  }
  if (r1 <= r0) return;
  if (n > 1 && job.src instanceof Uint8Array && job.maxValue <= 255) {
    // 8-bit: fixed point, half the memory traffic of floats (this is memory-bound here).
    // Taps in 1/1024 summing to exactly 1024; intermediate rows in 1/64 as Int16 (Catmull-
    // Rom's lobes keep them within about -2400..18800); results within one level of floats.
    const hwi = fixedTaps(hx.w, n);
    const vwi = fixedTaps(vy.w, n);
    const src8 = job.src;
    const sw8 = job.srcWidth;
    const hidx = hx.idx;
    const midi = new Int16Array((r1 - r0) * tw);
    for (let y = r0; y < r1; y++) {
      const rb = y * sw8;
      const ob = (y - r0) * tw;
      if (n === 4) {
        for (let x = 0, k = 0; x < tw; x++, k += 4) {
          midi[ob + x] = ((src8[rb + (hidx[k] as number)] as number) * (hwi[k] as number) + (src8[rb + (hidx[k + 1] as number)] as number) * (hwi[k + 1] as number)
            + (src8[rb + (hidx[k + 2] as number)] as number) * (hwi[k + 2] as number) + (src8[rb + (hidx[k + 3] as number)] as number) * (hwi[k + 3] as number) + 8) >> 4;
        }
      } else {
        for (let x = 0, k = 0; x < tw; x++, k += 2) {
          midi[ob + x] = ((src8[rb + (hidx[k] as number)] as number) * (hwi[k] as number) + (src8[rb + (hidx[k + 1] as number)] as number) * (hwi[k + 1] as number) + 8) >> 4;
        }
      }
    }
    const out8 = job.out;
    const vidx = vy.idx;
    for (let y = row0; y < row1; y++) {
      const k = y * n;
      const o = (job.outY + y) * job.outStride + job.outX;
      const a = ((vidx[k] as number) - r0) * tw;
      const b = ((vidx[k + 1] as number) - r0) * tw;
      const wa = vwi[k] as number;
      const wb = vwi[k + 1] as number;
      if (n === 4) {
        const c = ((vidx[k + 2] as number) - r0) * tw;
        const d = ((vidx[k + 3] as number) - r0) * tw;
        const wc = vwi[k + 2] as number;
        const wd = vwi[k + 3] as number;
        for (let x = 0; x < tw; x++) {
          const v = ((midi[a + x] as number) * wa + (midi[b + x] as number) * wb + (midi[c + x] as number) * wc + (midi[d + x] as number) * wd + 32768) >> 16;
          out8[o + x] = v <= 0 ? 0 : v >= 255 ? 255 : v;
        }
      } else {
        for (let x = 0; x < tw; x++) {
          const v = ((midi[a + x] as number) * wa + (midi[b + x] as number) * wb + 32768) >> 16;
          out8[o + x] = v <= 0 ? 0 : v >= 255 ? 255 : v;
        }
      }
    }
    return;
  }
  const mid = new Float32Array((r1 - r0) * tw);
  const src = job.src;
  const sw = job.srcWidth;
  const hi = hx.idx;
  const hw = hx.w;
  for (let y = r0; y < r1; y++) {
    const rb = y * sw;
    const ob = (y - r0) * tw;
    if (n === 4) {
      for (let x = 0, k = 0; x < tw; x++, k += 4) {
        mid[ob + x] = (src[rb + (hi[k] as number)] as number) * (hw[k] as number) + (src[rb + (hi[k + 1] as number)] as number) * (hw[k + 1] as number)
          + (src[rb + (hi[k + 2] as number)] as number) * (hw[k + 2] as number) + (src[rb + (hi[k + 3] as number)] as number) * (hw[k + 3] as number);
      }
    } else if (n === 2) {
      for (let x = 0, k = 0; x < tw; x++, k += 2) {
        mid[ob + x] = (src[rb + (hi[k] as number)] as number) * (hw[k] as number) + (src[rb + (hi[k + 1] as number)] as number) * (hw[k + 1] as number);
      }
    } else {
      for (let x = 0; x < tw; x++) mid[ob + x] = src[rb + (hi[x] as number)] as number;
    }
  }
  const out = job.out;
  const max = job.maxValue;
  const vi = vy.idx;
  const vw = vy.w;
  for (let y = row0; y < row1; y++) {
    const k = y * n;
    const o = (job.outY + y) * job.outStride + job.outX;
    if (n === 4) {
      const a = ((vi[k] as number) - r0) * tw;
      const b = ((vi[k + 1] as number) - r0) * tw;
      const c = ((vi[k + 2] as number) - r0) * tw;
      const d = ((vi[k + 3] as number) - r0) * tw;
      const wa = vw[k] as number;
      const wb = vw[k + 1] as number;
      const wc = vw[k + 2] as number;
      const wd = vw[k + 3] as number;
      for (let x = 0; x < tw; x++) {
        const v = (mid[a + x] as number) * wa + (mid[b + x] as number) * wb + (mid[c + x] as number) * wc + (mid[d + x] as number) * wd + 0.5;
        out[o + x] = v <= 0 ? 0 : v >= max ? max : v | 0;
      }
    } else if (n === 2) {
      const a = ((vi[k] as number) - r0) * tw;
      const b = ((vi[k + 1] as number) - r0) * tw;
      const wa = vw[k] as number;
      const wb = vw[k + 1] as number;
      for (let x = 0; x < tw; x++) {
        const v = (mid[a + x] as number) * wa + (mid[b + x] as number) * wb + 0.5;
        out[o + x] = v <= 0 ? 0 : v >= max ? max : v | 0;
      }
    } else {
      const a = ((vi[k] as number) - r0) * tw;
      for (let x = 0; x < tw; x++) out[o + x] = mid[a + x] as number;
    }
  }
}

/** Outputs smaller than this are done on this thread alone (a worker round trip costs more). */
const PARALLEL_FROM_PIXELS = 1_000_000;

let helper: { worker: Worker; busy: Promise<void> } | null | undefined;

/** One helper thread, started on first need, never keeping the process alive. */
function helperWorker(): { worker: Worker; busy: Promise<void> } | null {
  if (helper !== undefined) return helper;
  helper = null;
  if (availableParallelism() < 2) return helper;
  try {
    // __name: what esbuild's keepNames (tsx, vitest) may insert into the function's source.
    const code = `const { parentPort } = require('node:worker_threads');
const __name = (f) => f;
const enlargeTaps = ${enlargeTaps.toString()};
const fixedTaps = ${fixedTaps.toString()};
const enlargeRows = ${enlargeRows.toString()};
parentPort.on('message', (m) => {
  const T = m.bits16 ? Uint16Array : Uint8Array;
  try {
    enlargeRows({ ...m.job, src: new T(m.src), out: new T(m.out) }, m.row0, m.row1);
    parentPort.postMessage({ ok: true });
  } catch (e) { parentPort.postMessage({ ok: false, error: String(e) }); }
});`;
    const worker = new Worker(code, { eval: true });
    worker.unref();
    // A helper that failed is not used again; its share of a job is then done here.
    worker.on('error', () => { helper = null; });
    worker.on('exit', () => { helper = null; });
    helper = { worker, busy: Promise.resolve() };
  } catch {
    helper = null;
  }
  return helper;
}

function shared(data: Uint8Array | Uint16Array): Uint8Array | Uint16Array {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const sab = new SharedArrayBuffer(data.byteLength);
  const copy = data instanceof Uint16Array ? new Uint16Array(sab) : new Uint8Array(sab);
  copy.set(data);
  return copy;
}

export interface EnlargeInto {
  readonly data: Uint8Array | Uint16Array;
  readonly stride: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Enlarges into `into` (a bitmap of `into.stride` columns, at x, y; the region must lie
 * inside it), with the helper thread taking the lower half of the rows of large outputs.
 * `into.data` must be shared memory for the helper to write it (see sharedGrey); other
 * memory is written by this thread alone.
 */
export async function enlargeInto(job: Omit<EnlargeJob, 'out' | 'outStride' | 'outX' | 'outY'>, into: EnlargeInto): Promise<void> {
  const full: EnlargeJob = { ...job, out: into.data, outStride: into.stride, outX: into.x, outY: into.y };
  // 8-bit linear and cubic: the WebAssembly kernel, one thread is plenty (enlarge-wasm.ts).
  if (wasmCanEnlarge(job) && enlargeWasm(full)) return;
  const total = job.outWidth * job.outHeight;
  const h = total >= PARALLEL_FROM_PIXELS && into.data.buffer instanceof SharedArrayBuffer ? helperWorker() : null;
  if (!h) {
    enlargeRows(full, 0, job.outHeight);
    return;
  }
  const src = shared(job.src);
  const split = job.outHeight >> 1;
  // One request at a time on the helper: concurrent callers queue behind each other.
  const previous = h.busy;
  let release!: () => void;
  h.busy = new Promise<void>((r) => { release = r; });
  try {
    await previous;
    const done = new Promise<{ ok: boolean }>((resolve) => {
      const settle = (r: { ok: boolean }): void => { h.worker.off('message', settle); h.worker.off('error', fail); h.worker.off('exit', fail); resolve(r); };
      const fail = (): void => settle({ ok: false });
      h.worker.on('message', settle);
      h.worker.on('error', fail);
      h.worker.on('exit', fail);
    });
    const { src: _s, out: _o, ...plain } = full;
    h.worker.ref();
    h.worker.postMessage({ job: plain, src: src.buffer, out: into.data.buffer, bits16: into.data instanceof Uint16Array, row0: split, row1: job.outHeight });
    enlargeRows({ ...full, src }, 0, split);
    const r = await done;
    // The helper failed (or died): its rows are done here.
    if (!r.ok) enlargeRows({ ...full, src }, split, job.outHeight);
  } finally {
    h.worker.unref();
    release();
  }
}

/**
 * A zeroed bitmap for enlargeInto: in shared memory when the helper thread may write into
 * it, plain memory otherwise (faster to touch the first time).
 */
export function enlargeTarget(length: number, job: Pick<EnlargeJob, 'src' | 'maxValue' | 'kernel'>): Uint8Array | Uint16Array {
  const bits16 = job.maxValue > 255;
  if (wasmCanEnlarge(job)) return bits16 ? new Uint16Array(length) : new Uint8Array(length);
  return sharedGrey(length, bits16);
}

/** A zeroed bitmap in shared memory (so the helper thread can write it). */
export function sharedGrey(length: number, bits16: boolean): Uint8Array | Uint16Array {
  const sab = new SharedArrayBuffer(length * (bits16 ? 2 : 1));
  return bits16 ? new Uint16Array(sab) : new Uint8Array(sab);
}
