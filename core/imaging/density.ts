/**
 * Border Density / Empty Image Density (PS3.3 C.13.8): BLACK, WHITE or hundredths of
 * optical density. Without a Presentation LUT the P-value -> density curve is the
 * printer's; we assume it maps P linearly from Max Density (P = 0) to Min Density
 * (P = max), which is what a Presentation LUT of IDENTITY with LIN OD would give.
 */
import { maxPValue } from './grey-image.js';
import type { OutputBits } from './presentation.js';

export function densityToPValue(density: string | undefined, fallback: 'BLACK' | 'WHITE', bits: OutputBits, minDensity = 20, maxDensity = 300): number {
  const max = maxPValue(bits);
  const d = (density ?? fallback).trim().toUpperCase();
  if (d === 'BLACK') return 0;
  if (d === 'WHITE') return max;
  const n = Number(d);
  if (!Number.isFinite(n) || maxDensity <= minDensity) return fallback === 'BLACK' ? 0 : max;
  const t = (maxDensity - Math.min(maxDensity, Math.max(minDensity, n))) / (maxDensity - minDensity);
  return Math.round(t * max);
}
