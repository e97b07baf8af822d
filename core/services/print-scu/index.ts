/** Basic Grayscale Print Management SCU (PS3.4 Annex H): printing, printer status, capability probe. */
export * from './types.js';
export { printFilms, eventRecorder, isTransientFilmFailure, type PrintFilmsOptions } from './print-films.js';
export { PrintSession, printerInfoFrom, type BoxRef } from './print-session.js';
export { printProposals, type PrintProposalOptions } from './print-proposals.js';
export { filmSessionDataset, filmBoxDataset, imageBoxDataset, annotationDataset, presentationLutDataset, pixelBytes } from './print-datasets.js';
export { getPrinterStatus, watchPrinterStatus, summarisePrinter, type PrinterStatusResult } from './printer-status.js';
export { probePrinter, type ProbeCandidate, type ProbeAnswer, type ProbeResult } from './capability-probe.js';
export { describePrinterStatusInfo, describePrinterStatus, normaliseLevel, type StatusInfoWords, type PrinterStatusLevel } from './printer-status-info.js';
export { classifyError, TRANSIENT_STATUS_CODES, type ClassifiedError } from './classify-error.js';
export {
  sessionAttributesFor, filmBoxAttributesFor, presentationLutFor, imageBoxOptionsFor, displayFormatSupported, supportedDisplayFormats,
  type PrintOptions, type Mapped,
} from './profile-request.js';
export { PrintScuError, type PrintScuErrorCode } from './errors.js';
export { PrintTag, ACTION_PRINT, PRINTER_EVENTS, PRINT_JOB_EVENTS } from '../print-tags.js';
