/**
 * Orientation markers (the L/R, A/P, H/F letters at the edges of a printed image), from the
 * patient-based coordinate system of PS3.3 C.7.6.2.1.1: x towards the patient's Left, y
 * towards Posterior, z towards Head. Image Orientation (Patient) (0020,0037) gives the
 * direction of the rows (towards the right edge) and of the columns (towards the bottom
 * edge); without it, Patient Orientation (0020,0020) gives the same two directions as
 * letters (PS3.3 C.7.6.1.1.1). The view's rotation and flip move the letters with the image.
 */

export interface EdgeMarkers {
  top: string;
  right: string;
  bottom: string;
  left: string;
}

export interface MarkerView {
  /** Clockwise, as the renderer applies it (before the flip). */
  rotation?: 0 | 90 | 180 | 270;
  flipHorizontal?: boolean;
}

const OPPOSITE: Readonly<Record<string, string>> = { L: 'R', R: 'L', A: 'P', P: 'A', H: 'F', F: 'H' };

/**
 * Letters of a direction vector, strongest component first; components under 0.25 (about
 * 15 degrees of obliquity) are left out, so an axial slice reads 'L', an oblique one 'LP'.
 */
export function directionLetters(v: readonly number[]): string {
  const parts: Array<[number, string]> = [
    [v[0] ?? 0, (v[0] ?? 0) > 0 ? 'L' : 'R'],
    [v[1] ?? 0, (v[1] ?? 0) > 0 ? 'P' : 'A'],
    [v[2] ?? 0, (v[2] ?? 0) > 0 ? 'H' : 'F'],
  ];
  return parts.filter(([c]) => Math.abs(c) >= 0.25).sort((a, b) => Math.abs(b[0]) - Math.abs(a[0])).map(([, l]) => l).join('');
}

function opposite(letters: string): string {
  return [...letters].map((l) => OPPOSITE[l] ?? '').join('');
}

/** Markers for the unrotated image, or undefined when the file says nothing about orientation. */
export function imageEdgeMarkers(attrs: { imageOrientationPatient?: readonly number[]; patientOrientation?: readonly string[] }): EdgeMarkers | undefined {
  let row: string;
  let column: string;
  const iop = attrs.imageOrientationPatient;
  if (iop && iop.length === 6) {
    row = directionLetters(iop.slice(0, 3));
    column = directionLetters(iop.slice(3, 6));
  } else if (attrs.patientOrientation && attrs.patientOrientation.length === 2) {
    [row, column] = [attrs.patientOrientation[0] ?? '', attrs.patientOrientation[1] ?? ''];
  } else {
    return undefined;
  }
  if (!row && !column) return undefined;
  return { right: row, left: opposite(row), bottom: column, top: opposite(column) };
}

/** The markers after the view's rotation (clockwise) and then its horizontal flip. */
export function viewEdgeMarkers(m: EdgeMarkers, view: MarkerView = {}): EdgeMarkers {
  let r = { ...m };
  for (let q = 0; q < ((view.rotation ?? 0) / 90) % 4; q++) {
    // A quarter turn clockwise brings the left edge to the top.
    r = { top: r.left, right: r.top, bottom: r.right, left: r.bottom };
  }
  if (view.flipHorizontal) r = { ...r, left: r.right, right: r.left };
  return r;
}
