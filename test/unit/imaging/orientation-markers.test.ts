import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFilmDocument, type AnnotationSpec, type BoxView, type FilmDocument } from '../../../core/film/film-document.js';
import { loadPrinterProfile } from '../../../core/film/printer-profile.js';
import { renderFilm } from '../../../core/imaging/compose-film.js';
import { loadImage } from '../../../core/imaging/load-image.js';
import { directionLetters, imageEdgeMarkers, viewEdgeMarkers } from '../../../core/imaging/orientation-markers.js';

const CT = fileURLToPath(new URL('../../fixtures/dicom/modality/CT_small.dcm', import.meta.url));

describe('orientation markers (PS3.3 C.7.6.2.1.1, C.7.6.1.1.1)', () => {
  it('axial, coronal and sagittal planes', () => {
    expect(imageEdgeMarkers({ imageOrientationPatient: [1, 0, 0, 0, 1, 0] })).toEqual({ right: 'L', left: 'R', bottom: 'P', top: 'A' });
    expect(imageEdgeMarkers({ imageOrientationPatient: [1, 0, 0, 0, 0, -1] })).toEqual({ right: 'L', left: 'R', bottom: 'F', top: 'H' });
    expect(imageEdgeMarkers({ imageOrientationPatient: [0, 1, 0, 0, 0, -1] })).toEqual({ right: 'P', left: 'A', bottom: 'F', top: 'H' });
  });

  it('oblique planes name the strongest direction first; small components are left out', () => {
    expect(directionLetters([0.8, -0.6, 0])).toBe('LA');
    expect(directionLetters([0.1, 0.995, 0])).toBe('P');
    expect(directionLetters([-0.577, 0.577, -0.577])).toBe('RPF');
  });

  it('falls back to Patient Orientation (0020,0020); nothing when the file says nothing', () => {
    expect(imageEdgeMarkers({ patientOrientation: ['A', 'FR'] })).toEqual({ right: 'A', left: 'P', bottom: 'FR', top: 'HL' });
    expect(imageEdgeMarkers({})).toBeUndefined();
  });

  it('the letters move with the view: quarter turns clockwise, then a horizontal flip', () => {
    const axial = { right: 'L', left: 'R', bottom: 'P', top: 'A' };
    expect(viewEdgeMarkers(axial, { rotation: 90 })).toEqual({ top: 'R', right: 'A', bottom: 'L', left: 'P' });
    expect(viewEdgeMarkers(axial, { rotation: 180 })).toEqual({ top: 'P', right: 'R', bottom: 'A', left: 'L' });
    expect(viewEdgeMarkers(axial, { flipHorizontal: true })).toEqual({ top: 'A', right: 'R', bottom: 'P', left: 'L' });
    expect(viewEdgeMarkers(axial, { rotation: 270, flipHorizontal: true })).toEqual(viewEdgeMarkers(viewEdgeMarkers(axial, { rotation: 270 }), { flipHorizontal: true }));
  });
});

describe('orientation markers burned into a printed box', () => {
  const resolver = async () => { const ct = await loadImage(CT); return { frame: ct.frame, attrs: ct.attrs }; };

  async function box(template: string, view: BoxView = {}): Promise<Uint8Array> {
    const profile = await loadPrinterProfile('GENERIC');
    const annotations: AnnotationSpec[] = [{ template, position: 'middle-left', scope: 'box', sizeMm: 6 }];
    const base = createFilmDocument({ filmSizeId: '8INX10IN', displayFormat: 'STANDARD\\1,1', annotations });
    const doc: FilmDocument = { ...base, boxes: [{ image: { sopInstanceUid: '1.2', frame: 0 }, view }] };
    const film = await renderFilm(doc, resolver, { profile });
    return Uint8Array.from(film.boxes[0]!.image.data as Uint8Array);
  }

  it("{orientLeft} draws the axial CT's left-edge letter R at the middle left, and P after a quarter turn", async () => {
    const marker = await box('{orientLeft}');
    expect(Buffer.compare(Buffer.from(marker), Buffer.from(await box('R')))).toBe(0);
    expect(Buffer.compare(Buffer.from(marker), Buffer.from(await box('L')))).not.toBe(0);
    expect(Buffer.compare(Buffer.from(marker), Buffer.from(await box('')))).not.toBe(0);
    const turned = await box('{orientLeft}', { rotation: 90 });
    expect(Buffer.compare(Buffer.from(turned), Buffer.from(await box('P', { rotation: 90 })))).toBe(0);
  }, 60_000);
});
