/*
 * Enlargement of 8- and 16-bit grey images in fixed point, compiled to WebAssembly with SIMD
 * (build/wasm/build.sh -> resources/wasm/enlarge.wasm). The same arithmetic as the
 * JavaScript path of core/imaging/enlarge.ts, which it replaces for 8-bit sources:
 *
 *   taps       n per output pixel (2 = linear, 4 = Catmull-Rom cubic), weights in 1/1024
 *              summing to 1024, source indexes already clamped (computed by the caller);
 *   rows       mid[x] = (sum src[idx[k]] * w[k] + 8) >> 4            (Int16, 1/64 units)
 *   columns    out[x] = clamp((sum mid_k[x] * w_k + 32768) >> 16, 0, 255)
 *
 * No libc, no allocation: the caller lays everything out in the imported memory.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

/* Horizontal pass over source rows [r0, r1): mid row (y - r0) of tw Int16 values. */
EXPORT("rows")
void rows(const uint8_t *src, int sw, int r0, int r1, const int32_t *idx, const int32_t *w, int n, int tw, int16_t *mid) {
  for (int y = r0; y < r1; y++) {
    const uint8_t *s = src + (long)y * sw;
    int16_t *m = mid + (long)(y - r0) * tw;
    if (n == 4) {
      for (int x = 0, k = 0; x < tw; x++, k += 4) {
        m[x] = (int16_t)((s[idx[k]] * w[k] + s[idx[k + 1]] * w[k + 1] + s[idx[k + 2]] * w[k + 2] + s[idx[k + 3]] * w[k + 3] + 8) >> 4);
      }
    } else {
      for (int x = 0, k = 0; x < tw; x++, k += 2) {
        m[x] = (int16_t)((s[idx[k]] * w[k] + s[idx[k + 1]] * w[k + 1] + 8) >> 4);
      }
    }
  }
}

/* Vertical pass for output rows [y0, y1): out row (y - y0) of tw bytes, from mid rows of r0. */
EXPORT("columns")
void columns(const int32_t *idx, const int32_t *w, int n, int y0, int y1, int r0, int tw, const int16_t *mid, uint8_t *out) {
  const v128_t round = wasm_i32x4_splat(32768);
  for (int y = y0; y < y1; y++) {
    const int k = y * n;
    uint8_t *o = out + (long)(y - y0) * tw;
    const int16_t *a = mid + (long)(idx[k] - r0) * tw;
    const int16_t *b = mid + (long)(idx[k + 1] - r0) * tw;
    const int16_t *c = n == 4 ? mid + (long)(idx[k + 2] - r0) * tw : a;
    const int16_t *d = n == 4 ? mid + (long)(idx[k + 3] - r0) * tw : a;
    const int wa = w[k], wb = w[k + 1], wc = n == 4 ? w[k + 2] : 0, wd = n == 4 ? w[k + 3] : 0;
    const v128_t WA = wasm_i32x4_splat(wa), WB = wasm_i32x4_splat(wb), WC = wasm_i32x4_splat(wc), WD = wasm_i32x4_splat(wd);
    int x = 0;
    for (; x + 8 <= tw; x += 8) {
      const v128_t va = wasm_v128_load(a + x), vb = wasm_v128_load(b + x), vc = wasm_v128_load(c + x), vd = wasm_v128_load(d + x);
      v128_t lo = wasm_i32x4_add(
        wasm_i32x4_add(wasm_i32x4_mul(wasm_i32x4_extend_low_i16x8(va), WA), wasm_i32x4_mul(wasm_i32x4_extend_low_i16x8(vb), WB)),
        wasm_i32x4_add(wasm_i32x4_mul(wasm_i32x4_extend_low_i16x8(vc), WC), wasm_i32x4_mul(wasm_i32x4_extend_low_i16x8(vd), WD)));
      v128_t hi = wasm_i32x4_add(
        wasm_i32x4_add(wasm_i32x4_mul(wasm_i32x4_extend_high_i16x8(va), WA), wasm_i32x4_mul(wasm_i32x4_extend_high_i16x8(vb), WB)),
        wasm_i32x4_add(wasm_i32x4_mul(wasm_i32x4_extend_high_i16x8(vc), WC), wasm_i32x4_mul(wasm_i32x4_extend_high_i16x8(vd), WD)));
      lo = wasm_i32x4_shr(wasm_i32x4_add(lo, round), 16);
      hi = wasm_i32x4_shr(wasm_i32x4_add(hi, round), 16);
      /* Saturating narrows clamp to 0..255 exactly as the scalar code does. */
      const v128_t s16 = wasm_i16x8_narrow_i32x4(lo, hi);
      wasm_v128_store64_lane(o + x, wasm_u8x16_narrow_i16x8(s16, s16), 0);
    }
    for (; x < tw; x++) {
      const int v = (a[x] * wa + b[x] * wb + c[x] * wc + d[x] * wd + 32768) >> 16;
      o[x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
  }
}

/*
 * The same for 16-bit sources and outputs (12-bit P-values, at most 4095): taps in 1/4096
 * for 12-bit precision, intermediate rows as Int32 in 1/64 units (<= ~301,000), column sums
 * in 1/262144 (|sum| <= ~1.42e9 < 2^31), results clamped to 0..maxValue.
 */
EXPORT("rows16")
void rows16(const uint16_t *src, int sw, int r0, int r1, const int32_t *idx, const int32_t *w, int n, int tw, int32_t *mid) {
  for (int y = r0; y < r1; y++) {
    const uint16_t *s = src + (long)y * sw;
    int32_t *m = mid + (long)(y - r0) * tw;
    if (n == 4) {
      for (int x = 0, k = 0; x < tw; x++, k += 4) {
        m[x] = (s[idx[k]] * w[k] + s[idx[k + 1]] * w[k + 1] + s[idx[k + 2]] * w[k + 2] + s[idx[k + 3]] * w[k + 3] + 32) >> 6;
      }
    } else {
      for (int x = 0, k = 0; x < tw; x++, k += 2) {
        m[x] = (s[idx[k]] * w[k] + s[idx[k + 1]] * w[k + 1] + 32) >> 6;
      }
    }
  }
}

EXPORT("columns16")
void columns16(const int32_t *idx, const int32_t *w, int n, int y0, int y1, int r0, int tw, const int32_t *mid, uint16_t *out, int maxValue) {
  const v128_t round = wasm_i32x4_splat(1 << 17), zero = wasm_i32x4_splat(0), top = wasm_i32x4_splat(maxValue);
  for (int y = y0; y < y1; y++) {
    const int k = y * n;
    uint16_t *o = out + (long)(y - y0) * tw;
    const int32_t *a = mid + (long)(idx[k] - r0) * tw;
    const int32_t *b = mid + (long)(idx[k + 1] - r0) * tw;
    const int32_t *c = n == 4 ? mid + (long)(idx[k + 2] - r0) * tw : a;
    const int32_t *d = n == 4 ? mid + (long)(idx[k + 3] - r0) * tw : a;
    const int wa = w[k], wb = w[k + 1], wc = n == 4 ? w[k + 2] : 0, wd = n == 4 ? w[k + 3] : 0;
    const v128_t WA = wasm_i32x4_splat(wa), WB = wasm_i32x4_splat(wb), WC = wasm_i32x4_splat(wc), WD = wasm_i32x4_splat(wd);
    int x = 0;
    for (; x + 8 <= tw; x += 8) {
      v128_t lo = wasm_i32x4_add(
        wasm_i32x4_add(wasm_i32x4_mul(wasm_v128_load(a + x), WA), wasm_i32x4_mul(wasm_v128_load(b + x), WB)),
        wasm_i32x4_add(wasm_i32x4_mul(wasm_v128_load(c + x), WC), wasm_i32x4_mul(wasm_v128_load(d + x), WD)));
      v128_t hi = wasm_i32x4_add(
        wasm_i32x4_add(wasm_i32x4_mul(wasm_v128_load(a + x + 4), WA), wasm_i32x4_mul(wasm_v128_load(b + x + 4), WB)),
        wasm_i32x4_add(wasm_i32x4_mul(wasm_v128_load(c + x + 4), WC), wasm_i32x4_mul(wasm_v128_load(d + x + 4), WD)));
      lo = wasm_i32x4_min(wasm_i32x4_max(wasm_i32x4_shr(wasm_i32x4_add(lo, round), 18), zero), top);
      hi = wasm_i32x4_min(wasm_i32x4_max(wasm_i32x4_shr(wasm_i32x4_add(hi, round), 18), zero), top);
      wasm_v128_store(o + x, wasm_u16x8_narrow_i32x4(lo, hi));
    }
    for (; x < tw; x++) {
      const int v = (a[x] * wa + b[x] * wb + c[x] * wc + d[x] * wd + (1 << 17)) >> 18;
      o[x] = (uint16_t)(v < 0 ? 0 : v > maxValue ? maxValue : v);
    }
  }
}
