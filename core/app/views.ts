/**
 * Core records -> the contract's wire shapes (contract-types.ts). One place, so the
 * front ends never see internal fields (file paths, DIMSE traces) by accident.
 */
import type { InstanceRow, SeriesRow, StudyRow } from '../archive/archive-index.js';
import type { PrintJobRecord } from '../jobs/job-types.js';
import type { PrinterStatusResult } from '../services/print-scu/printer-status.js';
import type { FilmDocument as CoreFilmDocument } from '../film/film-document.js';
import type { FilmDocument, InstanceSummary, JobView, PrinterStatusView, SeriesSummary, StudyQuery, StudySummary } from './contract-types.js';

// The wire film document and core's are the same shape (core's fields are readonly):
// these two lines stop compiling if either side changes without the other.
export const toWireFilm = (d: CoreFilmDocument): FilmDocument => d as FilmDocument;
export const toCoreFilm = (d: FilmDocument): CoreFilmDocument => d;

export function studySummary(r: StudyRow): StudySummary {
  return {
    studyInstanceUid: r.studyInstanceUid, patientName: r.patientName, patientId: r.patientId, patientBirthDate: r.patientBirthDate,
    patientSex: r.patientSex, studyDate: r.studyDate, studyTime: r.studyTime, studyDescription: r.studyDescription,
    accessionNumber: r.accessionNumber, modalities: r.modalities ? r.modalities.split('\\').filter(Boolean) : [],
    seriesCount: r.seriesCount, instanceCount: r.instanceCount, receivedFrom: r.receivedFrom, receivedAt: r.receivedAt, updatedAt: r.updatedAt,
  };
}

export function seriesSummary(r: SeriesRow): SeriesSummary {
  return {
    seriesInstanceUid: r.seriesInstanceUid, studyInstanceUid: r.studyInstanceUid, modality: r.modality,
    seriesNumber: r.seriesNumber, seriesDescription: r.seriesDescription, instanceCount: r.instanceCount,
  };
}

export function instanceSummary(r: InstanceRow): InstanceSummary {
  return {
    sopInstanceUid: r.sopInstanceUid, sopClassUid: r.sopClassUid, seriesInstanceUid: r.seriesInstanceUid,
    studyInstanceUid: r.studyInstanceUid, instanceNumber: r.instanceNumber, numberOfFrames: r.numberOfFrames,
  };
}

/** Instance Number order, then SOP Instance UID for a stable order of unnumbered instances. */
export function byInstanceNumber(a: InstanceRow, b: InstanceRow): number {
  const an = a.instanceNumber ?? Number.MAX_SAFE_INTEGER;
  const bn = b.instanceNumber ?? Number.MAX_SAFE_INTEGER;
  return an - bn || (a.sopInstanceUid < b.sopInstanceUid ? -1 : a.sopInstanceUid > b.sopInstanceUid ? 1 : 0);
}

/** Normalises for search: case and width folded (NFKC turns full-width ＡＢＣ into ABC), '^' and '=' as spaces. */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\^=]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Local archive search (see StudyQuery). */
export function matchStudy(s: StudySummary, q: StudyQuery): boolean {
  if (q.text) {
    const t = fold(q.text);
    if (!fold(s.patientName).includes(t) && !fold(s.patientId).includes(t) && !fold(s.accessionNumber).includes(t) && !fold(s.studyDescription).includes(t)) return false;
  }
  if (q.patientName && !fold(s.patientName).includes(fold(q.patientName))) return false;
  if (q.patientId && !fold(s.patientId).includes(fold(q.patientId))) return false;
  if (q.dateFrom && (!s.studyDate || s.studyDate < q.dateFrom)) return false;
  if (q.dateTo && (!s.studyDate || s.studyDate > q.dateTo)) return false;
  if (q.modality && !s.modalities.some((m) => m.toUpperCase() === q.modality?.toUpperCase())) return false;
  return true;
}

export function printerStatusView(r: PrinterStatusResult): PrinterStatusView {
  const p = r.printer;
  return {
    reachable: r.reachable, summary: r.summary, checkedAt: new Date().toISOString(), elapsedMs: r.elapsedMs,
    ...(p?.status ? { level: p.status } : {}),
    ...(p?.statusInfo ? { statusInfo: p.statusInfo } : {}),
    ...(p?.printerName ? { printerName: p.printerName } : {}),
    ...(p?.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p?.modelName ? { modelName: p.modelName } : {}),
  };
}

export function jobView(j: PrintJobRecord, printerName: (id: string) => string | undefined): JobView {
  const last = j.lastPrinter;
  return {
    id: j.id, createdAt: j.createdAt, updatedAt: j.updatedAt, printerId: j.printer.name,
    printerName: printerName(j.printer.name) ?? `${j.printer.calledAeTitle}@${j.printer.host}:${j.printer.port}`,
    state: j.state, attempts: j.attempts, copies: j.options.copies ?? 1,
    ...(j.nextAttemptAt ? { nextAttemptAt: j.nextAttemptAt } : {}),
    ...(j.lastError ? { lastError: j.lastError } : {}),
    ...(j.reprintOf ? { reprintOf: j.reprintOf } : {}),
    films: j.films.map((f) => ({
      index: f.index, state: f.state, attempts: f.attempts, warnings: [...f.warnings],
      ...(f.failure ? { failure: f.failure } : {}),
      ...(f.printedAt ? { printedAt: f.printedAt } : {}),
      filmSizeId: f.document.filmSizeId, orientation: f.document.orientation, displayFormat: f.document.displayFormat,
      images: f.document.boxes.filter((b) => b !== null).length,
    })),
    history: j.history.slice(-100).map((h) => ({ ...h })),
    ...(last?.status ? { printerSummary: `${last.status}${last.statusInfoWords && last.statusInfoWords.term !== 'NORMAL' ? `: ${last.statusInfoWords.text}` : ''}` } : {}),
  };
}
