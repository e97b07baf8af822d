/**
 * VOI LUT step (PS3.3 C.11.2): modality values -> values of interest, normalised here
 * to [0, 1] so the presentation step can scale to 8 or 12 bits.
 *
 * Window functions of PS3.3 C.11.2.1.2 (LINEAR), C.11.2.1.3.2 (LINEAR_EXACT) and
 * C.11.2.1.3.1 (SIGMOID), or a VOI LUT Sequence item (C.11.2.1.1).
 */
import { ImagingError } from './errors.js';
import type { ImageAttributes, VoiLutFunction } from './image-attributes.js';
import { type Lut, lookup } from './lut.js';

export type VoiSetting =
  | { readonly kind: 'window'; readonly center: number; readonly width: number; readonly fn?: VoiLutFunction }
  | { readonly kind: 'lut'; readonly lut: Lut }
  /** No VOI in the file and none asked for: map the modality value range linearly. */
  | { readonly kind: 'range'; readonly min: number; readonly max: number };

/**
 * PS3.3 C.11.2.1.2.1 LINEAR, with y in [0, 1]:
 *   x <= c - 0.5 - (w-1)/2  -> 0
 *   x >  c - 0.5 + (w-1)/2  -> 1
 *   else ((x - (c - 0.5)) / (w-1) + 0.5)
 */
export function windowLinear(x: number, c: number, w: number): number {
  if (w < 1) throw new ImagingError('BAD_WINDOW', `Window Width ${w} < 1 is not allowed for LINEAR (PS3.3 C.11.2.1.2.1)`);
  if (w === 1) return x <= c - 0.5 ? 0 : 1;
  const lo = c - 0.5 - (w - 1) / 2;
  const hi = c - 0.5 + (w - 1) / 2;
  if (x <= lo) return 0;
  if (x > hi) return 1;
  return (x - (c - 0.5)) / (w - 1) + 0.5;
}

/** PS3.3 C.11.2.1.3.2 LINEAR_EXACT: x <= c - w/2 -> 0; x > c + w/2 -> 1; else (x - c)/w + 0.5. */
export function windowLinearExact(x: number, c: number, w: number): number {
  if (!(w > 0)) throw new ImagingError('BAD_WINDOW', `Window Width ${w} must be > 0 for LINEAR_EXACT (PS3.3 C.11.2.1.3.2)`);
  if (x <= c - w / 2) return 0;
  if (x > c + w / 2) return 1;
  return (x - c) / w + 0.5;
}

/** PS3.3 C.11.2.1.3.1 SIGMOID: y = 1 / (1 + exp(-4 (x - c) / w)). */
export function windowSigmoid(x: number, c: number, w: number): number {
  if (!(w > 0)) throw new ImagingError('BAD_WINDOW', `Window Width ${w} must be > 0 for SIGMOID (PS3.3 C.11.2.1.3.1)`);
  return 1 / (1 + Math.exp((-4 * (x - c)) / w));
}

/** The VOI value of a modality value, in [0, 1]. */
export function applyVoi(s: VoiSetting, x: number): number {
  switch (s.kind) {
    case 'window':
      switch (s.fn ?? 'LINEAR') {
        case 'LINEAR': return windowLinear(x, s.center, s.width);
        case 'LINEAR_EXACT': return windowLinearExact(x, s.center, s.width);
        case 'SIGMOID': return windowSigmoid(x, s.center, s.width);
      }
      break;
    case 'lut':
      // PS3.3 C.11.2.1.1: output range 0 .. 2^n - 1 with n the LUT Descriptor's third value.
      return lookup(s.lut, x) / (2 ** s.lut.bitsPerEntry - 1);
    case 'range':
      return s.max > s.min ? Math.min(1, Math.max(0, (x - s.min) / (s.max - s.min))) : 0.5;
  }
  return 0;
}

export type VoiRequest =
  | { readonly kind: 'window'; readonly center: number; readonly width: number; readonly fn?: VoiLutFunction }
  | { readonly kind: 'file-window'; readonly index: number }
  | { readonly kind: 'file-lut'; readonly index: number }
  | { readonly kind: 'preset'; readonly name: string }
  | { readonly kind: 'auto' };

/**
 * Choose the VOI for an image: an explicit window, a window or VOI LUT of the file, or
 * the file's defaults. PS3.3 C.11.2 does not rank window and LUT when both are present;
 * like DCMTK and most viewers we take the first window, then the first VOI LUT, then
 * the modality value range of the pixels ([min, max]).
 */
export function chooseVoi(req: VoiRequest | undefined, attrs: Pick<ImageAttributes, 'windows' | 'voiLuts' | 'voiLutFunction'>,
  modalityMin: number, modalityMax: number, presetLookup?: (name: string) => { center: number; width: number } | undefined): VoiSetting {
  const r = req ?? { kind: 'auto' };
  switch (r.kind) {
    case 'window':
      return { kind: 'window', center: r.center, width: r.width, fn: r.fn ?? attrs.voiLutFunction };
    case 'preset': {
      const p = presetLookup?.(r.name);
      if (!p) throw new ImagingError('BAD_WINDOW', `Unknown VOI preset '${r.name}'`);
      return { kind: 'window', center: p.center, width: p.width, fn: 'LINEAR' };
    }
    case 'file-window': {
      const w = attrs.windows[r.index];
      if (!w) throw new ImagingError('BAD_WINDOW', `The image has no window #${r.index + 1} (it has ${attrs.windows.length})`);
      return { kind: 'window', center: w.center, width: w.width, fn: attrs.voiLutFunction };
    }
    case 'file-lut': {
      const l = attrs.voiLuts[r.index];
      if (!l) throw new ImagingError('BAD_LUT', `The image has no VOI LUT #${r.index + 1} (it has ${attrs.voiLuts.length})`);
      return { kind: 'lut', lut: l };
    }
    case 'auto': {
      const w = attrs.windows.find((x) => x.width >= 1 || (attrs.voiLutFunction !== 'LINEAR' && x.width > 0));
      if (w) return { kind: 'window', center: w.center, width: w.width, fn: attrs.voiLutFunction };
      const l = attrs.voiLuts[0];
      if (l) return { kind: 'lut', lut: l };
      return { kind: 'range', min: modalityMin, max: modalityMax };
    }
  }
}
