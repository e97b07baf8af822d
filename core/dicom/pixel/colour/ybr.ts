/**
 * YCbCr to RGB (PS3.3 C.7.6.3.1.2). YBR_FULL uses the full-range CCIR 601 equations the
 * standard gives (the same as JFIF):
 *   R = Y + 1.402 (Cr - h)
 *   G = Y - 0.344136 (Cb - h) - 0.714136 (Cr - h)
 *   B = Y + 1.772 (Cb - h)
 * with h = 2^(bits-1) (128 for 8-bit). YBR_PARTIAL_* uses the partial-range form
 * (Y 16..235, C 16..240 for 8 bits). YBR_*_422 native data stores two luminance values
 * per chrominance pair: Y1 Y2 Cb Cr.
 */
type Samples = Uint8Array | Uint16Array;

function newLike(src: Samples, n: number): Samples {
  return src instanceof Uint8Array ? new Uint8Array(n) : new Uint16Array(n);
}

/** Interleaved Y,Cb,Cr -> interleaved R,G,B, full range. */
export function ybrFullToRgb(src: Samples, pixels: number, bits: number): Samples {
  const out = newLike(src, pixels * 3);
  const half = 2 ** (bits - 1);
  const max = 2 ** bits - 1;
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    const y = src[j] as number;
    const cb = (src[j + 1] as number) - half;
    const cr = (src[j + 2] as number) - half;
    out[j] = clamp(Math.round(y + 1.402 * cr), max);
    out[j + 1] = clamp(Math.round(y - 0.344136 * cb - 0.714136 * cr), max);
    out[j + 2] = clamp(Math.round(y + 1.772 * cb), max);
  }
  return out;
}

/** Interleaved Y,Cb,Cr (partial range) -> R,G,B. */
export function ybrPartialToRgb(src: Samples, pixels: number, bits: number): Samples {
  const out = newLike(src, pixels * 3);
  const scale = 2 ** (bits - 8);
  const max = 2 ** bits - 1;
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    const y = 1.164383 * ((src[j] as number) - 16 * scale);
    const cb = (src[j + 1] as number) - 128 * scale;
    const cr = (src[j + 2] as number) - 128 * scale;
    out[j] = clamp(Math.round(y + 1.596027 * cr), max);
    out[j + 1] = clamp(Math.round(y - 0.391762 * cb - 0.812968 * cr), max);
    out[j + 2] = clamp(Math.round(y + 2.017232 * cb), max);
  }
  return out;
}

/** Native 4:2:2 (Y1 Y2 Cb Cr per pixel pair, row by row) -> interleaved Y,Cb,Cr at full resolution. */
export function expand422(src: Samples, rows: number, columns: number): Samples {
  const out = newLike(src, rows * columns * 3);
  const pairsPerRow = Math.ceil(columns / 2);
  let s = 0;
  for (let r = 0; r < rows; r++) {
    let o = r * columns * 3;
    for (let p = 0; p < pairsPerRow; p++) {
      const y1 = src[s] as number;
      const y2 = src[s + 1] as number;
      const cb = src[s + 2] as number;
      const cr = src[s + 3] as number;
      s += 4;
      out[o] = y1; out[o + 1] = cb; out[o + 2] = cr;
      o += 3;
      if (2 * p + 1 < columns) {
        out[o] = y2; out[o + 1] = cb; out[o + 2] = cr;
        o += 3;
      }
    }
  }
  return out;
}

function clamp(v: number, max: number): number {
  return v < 0 ? 0 : v > max ? max : v;
}
