/**
 * True-size printing. Which spacing describes the anatomy (PS3.3 10.7.1.3, Basic Pixel
 * Spacing Calibration Macro, and C.8.11.4 for projection radiography):
 *
 * - Pixel Spacing (0028,0030): in the patient (CT/MR), or calibrated in the patient
 *   plane for projection images (Pixel Spacing Calibration Type says how). Used first.
 * - Imager Pixel Spacing (0018,1164): at the detector's front plane, so anatomy is
 *   magnified by the beam divergence. Divided by Estimated Radiographic Magnification
 *   Factor (0018,1114) when present (an estimate: we warn); else used as is, with a
 *   warning that the print shows detector-plane size.
 */
import type { ImageAttributes } from './image-attributes.js';

export interface ChosenSpacing {
  /** mm between rows (vertical) and between columns (horizontal). */
  readonly rowMm: number;
  readonly columnMm: number;
  readonly source: 'PixelSpacing' | 'ImagerPixelSpacing/ERMF' | 'ImagerPixelSpacing';
  readonly warnings: readonly string[];
}

export function chooseSpacing(a: Pick<ImageAttributes, 'pixelSpacing' | 'imagerPixelSpacing' | 'magnificationFactor' | 'pixelSpacingCalibrationType'>): ChosenSpacing | undefined {
  if (a.pixelSpacing) {
    const warnings: string[] = [];
    if (a.imagerPixelSpacing && !a.pixelSpacingCalibrationType
      && (a.imagerPixelSpacing[0] !== a.pixelSpacing[0] || a.imagerPixelSpacing[1] !== a.pixelSpacing[1])) {
      warnings.push('Pixel Spacing differs from Imager Pixel Spacing without a Pixel Spacing Calibration Type: calibration method unknown');
    }
    return { rowMm: a.pixelSpacing[0], columnMm: a.pixelSpacing[1], source: 'PixelSpacing', warnings };
  }
  if (a.imagerPixelSpacing) {
    const m = a.magnificationFactor;
    if (m && m > 0) {
      return { rowMm: a.imagerPixelSpacing[0] / m, columnMm: a.imagerPixelSpacing[1] / m, source: 'ImagerPixelSpacing/ERMF',
        warnings: [`Size corrected by the Estimated Radiographic Magnification Factor ${m}: an estimate, not a calibration`] };
    }
    return { rowMm: a.imagerPixelSpacing[0], columnMm: a.imagerPixelSpacing[1], source: 'ImagerPixelSpacing',
      warnings: ['Only Imager Pixel Spacing: the print shows the size at the detector, anatomy appears magnified'] };
  }
  return undefined;
}

export interface TrueSizePlan {
  readonly spacing: ChosenSpacing;
  /** Requested Image Size (2020,0030) would be this width in mm. */
  readonly imageWidthMm: number;
  readonly imageHeightMm: number;
  /** Box pixels per source column / row. */
  readonly scaleX: number;
  readonly scaleY: number;
  /** Does the true-size image fit in the box? */
  readonly fits: boolean;
  readonly warnings: readonly string[];
}

/**
 * Plan a true-size print of `columns x rows` source pixels into a box of boxWidthPx x
 * boxHeightPx at pxPerMm. `printerScalesBoxes` is true in per-box mode when the imager
 * resizes our bitmap to its own box matrix (no Requested Image Size support): then the
 * size on film is not under our control and we must say so.
 */
export function planTrueSize(a: Parameters<typeof chooseSpacing>[0], columns: number, rows: number,
  box: { widthPx: number; heightPx: number; pxPerMmX: number; pxPerMmY: number }, printerScalesBoxes: boolean): TrueSizePlan | undefined {
  const spacing = chooseSpacing(a);
  if (!spacing) return undefined;
  const imageWidthMm = columns * spacing.columnMm;
  const imageHeightMm = rows * spacing.rowMm;
  const scaleX = spacing.columnMm * box.pxPerMmX;
  const scaleY = spacing.rowMm * box.pxPerMmY;
  const fits = Math.round(columns * scaleX) <= box.widthPx && Math.round(rows * scaleY) <= box.heightPx;
  const warnings = [...spacing.warnings];
  if (!fits) warnings.push(`True size ${imageWidthMm.toFixed(1)} x ${imageHeightMm.toFixed(1)} mm does not fit the box (${(box.widthPx / box.pxPerMmX).toFixed(1)} x ${(box.heightPx / box.pxPerMmY).toFixed(1)} mm): it will be cropped`);
  if (printerScalesBoxes) warnings.push('The printer scales each image box to its own matrix (Requested Image Size not supported): the printed size will not be true size; use composite mode');
  return { spacing, imageWidthMm, imageHeightMm, scaleX, scaleY, fits, warnings };
}
