/**
 * BILINEAR and CUBIC enlargement of 8-bit and 12-bit P-values in WebAssembly with SIMD
 * (resources/wasm/enlarge.wasm, built from build/wasm/enlarge.c). For 8-bit the taps and
 * fixed-point arithmetic are those of the JavaScript path in enlarge.ts, so the pixels are
 * identical; 12-bit is within one level of its floating-point path. The column pass runs
 * 4-8 pixels per instruction (measured here: 72 ms -> 7 ms for the 16 Mpx of a CR on a
 * 14x17 in film).
 *
 * The output goes through a small window of rows (CHUNK) in the module's memory and is
 * copied into the caller's bitmap, so the module never holds a whole film.
 */
import { readFileSync } from 'node:fs';
import { resourcePath } from './resource-path.js';
import { enlargeTaps, fixedTaps, type EnlargeJob } from './enlarge.js';

// core compiles without the DOM library, where TypeScript keeps the WebAssembly types:
// the little used here, declared for this module (the object is Node's global).
interface WasmModule { readonly __wasmModule?: never }
interface WasmMemory { readonly buffer: ArrayBuffer }
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { readonly exports: unknown };
};

interface Exports {
  rows(src: number, sw: number, r0: number, r1: number, idx: number, w: number, n: number, tw: number, mid: number): void;
  columns(idx: number, w: number, n: number, y0: number, y1: number, r0: number, tw: number, mid: number, out: number): void;
  rows16(src: number, sw: number, r0: number, r1: number, idx: number, w: number, n: number, tw: number, mid: number): void;
  columns16(idx: number, w: number, n: number, y0: number, y1: number, r0: number, tw: number, mid: number, out: number, maxValue: number): void;
}

/** Output rows per round trip through the module's memory. */
const CHUNK = 128;
const PAGE = 65536;
/** Our data starts here, above the module's own stack and data (checked against __heap_base). */
const RESERVED = 1 << 20;

let compiled: WasmModule | null | undefined;

/** The compiled module, or null when it cannot be loaded (then the JavaScript path runs). */
function wasmModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = new WebAssembly.Module(readFileSync(resourcePath('wasm', 'enlarge.wasm')));
  } catch {
    compiled = null;
  }
  return compiled;
}

/** 12-bit at most: keeps the 32-bit sums of the 16-bit kernel clear of overflow. */
const MAX_VALUE_16 = 4095;

/** True when the job can run here: 8-bit or 12-bit P-values, two or four taps. */
export function wasmCanEnlarge(job: Pick<EnlargeJob, 'src' | 'maxValue' | 'kernel'>): boolean {
  const eight = job.src instanceof Uint8Array && job.maxValue <= 255;
  const twelve = job.src instanceof Uint16Array && job.maxValue > 255 && job.maxValue <= MAX_VALUE_16;
  return (eight || twelve) && job.kernel !== 'nearest' && wasmModule() !== null;
}

/** Enlarges the whole job into job.out; false (nothing written) when WebAssembly is unavailable. */
export function enlargeWasm(job: EnlargeJob): boolean {
  const mod = wasmModule();
  if (!mod || !wasmCanEnlarge(job)) return false;
  const tw = job.outWidth;
  const th = job.outHeight;
  // Enlargement only: the row windows below rely on taps that never move backwards.
  if (tw < job.cropWidth || th < job.cropHeight) return false;
  const wide = job.src instanceof Uint16Array;
  if (wide !== job.out instanceof Uint16Array) return false;
  const hx = enlargeTaps(job.cropX, job.cropWidth, job.srcWidth, tw, job.kernel);
  const vy = enlargeTaps(job.cropY, job.cropHeight, job.srcHeight, th, job.kernel);
  const n = hx.n;
  // Taps in 1/1024 for 8-bit, 1/4096 for 12-bit (see build/wasm/enlarge.c for the ranges).
  const hw = fixedTaps(hx.w, n, wide ? 4096 : 1024);
  const vw = fixedTaps(vy.w, n, wide ? 4096 : 1024);
  // Source rows one chunk of output rows reads (the taps are non-decreasing: an enlargement).
  let midRows = 0;
  for (let y0 = 0; y0 < th; y0 += CHUNK) {
    const y1 = Math.min(th, y0 + CHUNK);
    midRows = Math.max(midRows, (vy.idx[(y1 - 1) * n + n - 1] as number) - (vy.idx[y0 * n] as number) + 1);
  }
  // Layout: taps, source, intermediate rows, output window; each 16-byte aligned.
  let top = RESERVED;
  const place = (bytes: number): number => { const at = top; top += Math.ceil(bytes / 16) * 16; return at; };
  const hIdx = place(hx.idx.byteLength);
  const hW = place(hw.byteLength);
  const vIdx = place(vy.idx.byteLength);
  const vW = place(vw.byteLength);
  const src = place(job.src.byteLength);
  const mid = place(midRows * tw * (wide ? 4 : 2));
  const out = place(CHUNK * tw * (wide ? 2 : 1));
  let memory: WasmMemory;
  let wasm: Exports;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(top / PAGE) });
    const exports = new WebAssembly.Instance(mod, { env: { memory } }).exports as Exports & { __heap_base?: { value: number } };
    if ((exports.__heap_base?.value ?? Infinity) > RESERVED) return false;
    wasm = exports;
  } catch {
    return false; // no memory for the module: the JavaScript path may still manage
  }
  const bytes = new Uint8Array(memory.buffer);
  bytes.set(new Uint8Array(hx.idx.buffer, hx.idx.byteOffset, hx.idx.byteLength), hIdx);
  bytes.set(new Uint8Array(hw.buffer, hw.byteOffset, hw.byteLength), hW);
  bytes.set(new Uint8Array(vy.idx.buffer, vy.idx.byteOffset, vy.idx.byteLength), vIdx);
  bytes.set(new Uint8Array(vw.buffer, vw.byteOffset, vw.byteLength), vW);
  bytes.set(new Uint8Array(job.src.buffer, job.src.byteOffset, job.src.byteLength), src);
  const window = wide ? new Uint16Array(memory.buffer, out, CHUNK * tw) : bytes.subarray(out, out + CHUNK * tw);
  const target = job.out;
  const contiguous = job.outStride === tw && job.outX === 0;
  for (let y0 = 0; y0 < th; y0 += CHUNK) {
    const y1 = Math.min(th, y0 + CHUNK);
    const r0 = vy.idx[y0 * n] as number;
    const r1 = (vy.idx[(y1 - 1) * n + n - 1] as number) + 1;
    if (wide) {
      wasm.rows16(src, job.srcWidth, r0, r1, hIdx, hW, n, tw, mid);
      wasm.columns16(vIdx, vW, n, y0, y1, r0, tw, mid, out, job.maxValue);
    } else {
      wasm.rows(src, job.srcWidth, r0, r1, hIdx, hW, n, tw, mid);
      wasm.columns(vIdx, vW, n, y0, y1, r0, tw, mid, out);
    }
    if (contiguous) {
      target.set(window.subarray(0, (y1 - y0) * tw), (job.outY + y0) * tw);
    } else {
      for (let y = y0; y < y1; y++) target.set(window.subarray((y - y0) * tw, (y - y0 + 1) * tw), (job.outY + y) * job.outStride + job.outX);
    }
  }
  return true;
}
