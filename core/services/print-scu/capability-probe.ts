/**
 * Capability detection for a new printer: N-GET Printer, then a safe probe per candidate
 * (N-CREATE Film Box with the candidate film size / display format, then N-DELETE; no
 * N-ACTION, so nothing is printed). From the answers, a profile can be suggested.
 */
import { associate } from '../../network/associate.js';
import { DatasetBuilder } from '../../dicom/dataset-builder.js';
import { printProposals } from './print-proposals.js';
import { PrintSession } from './print-session.js';
import { eventRecorder } from './print-films.js';
import { filmBoxDataset } from './print-datasets.js';
import { classifyError, type ClassifiedError } from './classify-error.js';
import type { FilmBoxAttributes, PrinterAddress, PrinterEvent, PrinterInfo } from './types.js';
import type { StatusInfo } from '../../network/dimse/status.js';

export interface ProbeCandidate extends Partial<FilmBoxAttributes> { imageDisplayFormat: string }

export interface ProbeAnswer {
  candidate: ProbeCandidate;
  accepted: boolean;
  status: StatusInfo;
  imageBoxes: number;
}

export interface ProbeResult {
  printer?: PrinterInfo;
  negotiated: { explicitVr: boolean; presentationLut: boolean; annotation: boolean; printJob: boolean };
  answers: ProbeAnswer[];
  /** Suggested profile fragment: what was accepted. */
  suggestion: { displayFormats: string[]; filmSizes: string[] };
  error?: ClassifiedError;
  events: PrinterEvent[];
}

export async function probePrinter(address: PrinterAddress, candidates: readonly ProbeCandidate[]): Promise<ProbeResult> {
  const events: PrinterEvent[] = [];
  const result: ProbeResult = { negotiated: { explicitVr: false, presentationLut: false, annotation: false, printJob: false }, answers: [], suggestion: { displayFormats: [], filmSizes: [] }, events };
  let a;
  try {
    a = await associate({
      host: address.host, port: address.port, callingAeTitle: address.callingAeTitle, calledAeTitle: address.calledAeTitle,
      proposals: printProposals({ implicitOnly: address.implicitOnly === true }),
      ...(address.config ? { config: address.config } : {}),
      handlers: { onRequest: eventRecorder(events) },
    });
  } catch (err) {
    result.error = classifyError(err);
    return result;
  }
  try {
    const s = new PrintSession(a);
    result.negotiated = {
      explicitVr: s.meta.transferSyntax === '1.2.840.10008.1.2.1',
      presentationLut: s.lutContext !== undefined, annotation: s.annotationContext !== undefined, printJob: s.printJobContext !== undefined,
    };
    result.printer = await s.getPrinter();
    const fs = await s.createFilmSession(new DatasetBuilder().text(0x20000010, 'IS', 1));
    if (!fs.uid || fs.rsp.status.category === 'failure') throw new Error(`Film Session refused: ${fs.rsp.status.text}`);
    for (const c of candidates) {
      const fb = await s.createFilmBox(filmBoxDataset(c, fs.uid));
      const accepted = fb.rsp.status.category !== 'failure' && fb.uid !== undefined;
      result.answers.push({ candidate: c, accepted, status: fb.rsp.status, imageBoxes: fb.imageBoxes.length });
      if (accepted && fb.uid) {
        await s.deleteFilmBox(fb.uid);
        if (!result.suggestion.displayFormats.includes(c.imageDisplayFormat)) result.suggestion.displayFormats.push(c.imageDisplayFormat);
        if (c.filmSizeId && !result.suggestion.filmSizes.includes(c.filmSizeId)) result.suggestion.filmSizes.push(c.filmSizeId);
      }
    }
    await s.deleteFilmSession(fs.uid);
    await a.release();
  } catch (err) {
    a.abort();
    result.error = classifyError(err);
  }
  return result;
}
