/**
 * Presentation step: VOI output in [0, 1] -> P-values of the output bit depth, where
 * the largest value is the brightest (least dense on film).
 *
 * - MONOCHROME1: "the minimum sample value is intended to be displayed as white"
 *   (PS3.3 C.7.6.3.1.2), i.e. the VOI output is inverted (PS3.3 C.11.6.1, a Presentation
 *   LUT Shape of INVERSE is implied for MONOCHROME1).
 * - Image Box Polarity REVERSE (PS3.3 C.13.5.1) inverts once more; so does a view's
 *   explicit "invert".
 */
export type OutputBits = 8 | 12;

export interface PresentationSetting {
  /** Photometric Interpretation of the source image. */
  readonly photometric: string;
  /** Image Box Polarity (2020,0020): NORMAL (default) or REVERSE. */
  readonly polarity?: 'NORMAL' | 'REVERSE';
  /** User's invert toggle in the composer. */
  readonly invert?: boolean;
  readonly bits: OutputBits;
}

export function isInverted(p: Omit<PresentationSetting, 'bits'>): boolean {
  let inv = p.photometric === 'MONOCHROME1';
  if (p.polarity === 'REVERSE') inv = !inv;
  if (p.invert) inv = !inv;
  return inv;
}

/** y in [0, 1] -> P-value in [0, 2^bits - 1], rounded to the nearest integer. */
export function applyPresentation(y: number, inverted: boolean, bits: OutputBits): number {
  const max = bits === 8 ? 255 : 4095;
  const v = inverted ? 1 - y : y;
  return Math.round(v * max);
}
