/** Small contract-shaped values for the renderer tests. */
import type { FilmDocument, ImageBoxContent, JobView, PrinterCapabilities, PrinterView, StudySummary } from '../../../core/app/contract-types.js';

export function emptyFilm(displayFormat = 'STANDARD\\3,4', boxes = 12): FilmDocument {
  return { version: 1, filmSizeId: '14INX17IN', orientation: 'PORTRAIT', displayFormat, mode: 'per-box', boxes: new Array<ImageBoxContent | null>(boxes).fill(null), annotations: [{ template: '{patientName}', position: 'top-left', scope: 'film', sizeMm: 4 }], options: { copies: 1 } };
}

export function box(uid: string): ImageBoxContent {
  return { image: { sopInstanceUid: uid, frame: 0 }, view: {} };
}

export function study(over: Partial<StudySummary> = {}): StudySummary {
  return {
    studyInstanceUid: '1.2.3', patientName: 'Yamada^Tarou=山田^太郎=やまだ^たろう', patientId: 'P1', patientBirthDate: '19700101', patientSex: 'M',
    studyDate: '20240102', studyTime: '101500', studyDescription: 'CT CHEST', accessionNumber: 'A1', modalities: ['CT'], seriesCount: 1, instanceCount: 3,
    receivedFrom: 'import', receivedAt: '2024-01-02T10:15:00Z', updatedAt: '2024-01-02T10:15:00Z', ...over,
  };
}

export function printer(over: Partial<PrinterView> = {}): PrinterView {
  return { id: 'p1', name: 'Laser 1', kind: 'dicom', host: '127.0.0.1', port: 104, calledAeTitle: 'IHEFULL', profile: 'GENERIC', isDefault: true, ...over };
}

export function capabilities(over: Partial<PrinterCapabilities> = {}): PrinterCapabilities {
  return {
    printerId: 'p1', profile: 'GENERIC', description: '', filmSizes: [{ id: '14INX17IN', widthMm: 355.6, heightMm: 431.8, defined: true }, { id: '8INX10IN', widthMm: 203.2, heightMm: 254, defined: true }],
    displayFormats: ['1,1', '2,2', '3,4'], orientations: ['PORTRAIT', 'LANDSCAPE'], mediumTypes: ['BLUE FILM', 'CLEAR FILM'], filmDestinations: null,
    magnificationTypes: ['REPLICATE', 'CUBIC'], smoothingTypes: null, borderDensities: ['BLACK', 'WHITE'], emptyImageDensities: null,
    minDensities: null, maxDensities: [250, 300], resolutions: null, supports12Bit: false, printModes: ['per-box'], maxCopies: 9, annotationBoxes: 0, ...over,
  };
}

export function job(over: Partial<JobView> = {}): JobView {
  return {
    id: 'j1', createdAt: '2024-01-02T10:00:00Z', updatedAt: '2024-01-02T10:00:00Z', printerId: 'p1', printerName: 'Laser 1', state: 'running', attempts: 1, copies: 1,
    films: [{ index: 0, state: 'sending', attempts: 1, warnings: [], filmSizeId: '14INX17IN', orientation: 'PORTRAIT', displayFormat: 'STANDARD\\3,4', images: 12 }],
    history: [], ...over,
  };
}
