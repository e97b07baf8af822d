/**
 * A print job as it is kept on disk: the films (film documents), the printer, the options,
 * and for each film its state and every status the printer gave. The job is written before
 * anything is sent, and after every state change of a film (see job-store.ts).
 */
import type { FilmDocument } from '../film/film-document.js';
import type { PrintOptions } from '../services/print-scu/profile-request.js';
import type { PrinterInfo, PrinterEvent, StepStatus } from '../services/print-scu/types.js';

export interface PrinterTarget {
  /** Display name / queue key component. */
  name: string;
  host: string;
  port: number;
  calledAeTitle: string;
  callingAeTitle: string;
  /** Printer profile name (resources/printers). */
  profile: string;
}

export type FilmState =
  | 'pending'      // not sent yet (or to be sent again)
  | 'sending'      // film box being created and filled
  | 'action-sent'  // N-ACTION on the wire: if we crash now, the film is uncertain
  | 'printed'
  | 'failed'
  | 'uncertain'    // N-ACTION sent without an answer: the user must confirm
  | 'cancelled';

export interface FilmRecord {
  index: number;
  document: FilmDocument;
  state: FilmState;
  attempts: number;
  statuses: StepStatus[];
  warnings: string[];
  failure?: string;
  printedAt?: string;
  printJobStatus?: string;
}

export type JobState = 'queued' | 'running' | 'waiting-retry' | 'done' | 'failed' | 'needs-attention' | 'cancelled';

export interface JobOptions extends PrintOptions {
  bits?: 8 | 12;
  photometric?: 'MONOCHROME2' | 'MONOCHROME1';
  /** Annotation Box texts per film (when the printer has annotation boxes). */
  annotate?: boolean;
}

export interface JobHistoryEntry {
  at: string;
  what: string;
  film?: number;
}

export interface PrintJobRecord {
  version: 1;
  id: string;
  /** Monotonic order within the store: FIFO per printer. */
  sequence: number;
  createdAt: string;
  updatedAt: string;
  printer: PrinterTarget;
  options: JobOptions;
  /** Where the images of the film documents are: SOP Instance UID -> file path. */
  sources: Record<string, string>;
  films: FilmRecord[];
  state: JobState;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  reprintOf?: string;
  cancelRequested?: boolean;
  lastPrinter?: PrinterInfo;
  events: PrinterEvent[];
  history: JobHistoryEntry[];
}

export function printerKey(p: PrinterTarget): string {
  return `${p.calledAeTitle}@${p.host}:${p.port}`;
}

export function isFinal(s: JobState): boolean {
  return s === 'done' || s === 'failed' || s === 'cancelled';
}
