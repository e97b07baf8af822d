/**
 * Modality LUT step (PS3.3 C.11.1): stored values -> modality values (e.g. Hounsfield
 * units). Either the Modality LUT Sequence or Rescale Slope/Intercept; the module
 * forbids both, and when a data set has both anyway the LUT Sequence is used (as
 * DCMTK does), because it is the more specific description of the transformation.
 */
import type { ImageAttributes } from './image-attributes.js';
import { type Lut, lookup } from './lut.js';

export type ModalityTransform =
  | { readonly kind: 'identity' }
  | { readonly kind: 'rescale'; readonly slope: number; readonly intercept: number }
  | { readonly kind: 'lut'; readonly lut: Lut };

/** Which Modality LUT applies (LUT Sequence wins over rescale). */
export function modalityTransformOf(attrs: Pick<ImageAttributes, 'rescale' | 'modalityLut'>): ModalityTransform {
  if (attrs.modalityLut) return { kind: 'lut', lut: attrs.modalityLut };
  if (attrs.rescale) return { kind: 'rescale', slope: attrs.rescale.slope, intercept: attrs.rescale.intercept };
  return { kind: 'identity' };
}

/** PS3.3 C.11.1.1.2: output units = m * SV + b; or the LUT entry for SV (clamped to the table). */
export function applyModalityLut(t: ModalityTransform, storedValue: number): number {
  switch (t.kind) {
    case 'identity': return storedValue;
    case 'rescale': return storedValue * t.slope + t.intercept;
    case 'lut': return lookup(t.lut, storedValue);
  }
}

/** The range of modality values the stored range [min, max] maps to. */
export function modalityRange(t: ModalityTransform, min: number, max: number): [number, number] {
  if (t.kind === 'lut') {
    let lo = Infinity;
    let hi = -Infinity;
    const from = Math.max(min - t.lut.firstMapped, 0);
    const to = Math.min(max - t.lut.firstMapped, t.lut.data.length - 1);
    for (let i = from; i <= to; i++) {
      const v = t.lut.data[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo > hi) { lo = applyModalityLut(t, min); hi = lo; }
    return [lo, hi];
  }
  const a = applyModalityLut(t, min);
  const b = applyModalityLut(t, max);
  return a <= b ? [a, b] : [b, a];
}
