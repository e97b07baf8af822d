/**
 * Print films on one association (PS3.4 H.4, the order of PRINT-ANCHORS §1.3):
 *   N-GET Printer -> [N-CREATE Presentation LUT] -> N-CREATE Film Session -> for each film:
 *   N-CREATE Film Box -> N-SET each Image Box (UIDs from the Film Box response, Image
 *   Position always) -> [N-SET Annotation Boxes] -> N-ACTION print on the Film Box ->
 *   [follow the Print Job] -> N-DELETE Film Box; then N-DELETE Film Session and release.
 *
 * N-EVENT-REPORTs from Printer and Print Job are answered whenever they come, also while a
 * request is pending (the association dispatches them independently of our awaits).
 * Statuses are results: warnings print and are listed; failures fail that film with the
 * reason. A film whose N-ACTION went out without an answer is 'uncertain', never 'failed':
 * it may have been printed, so it must not be reprinted automatically (exactly-once).
 */
import { associate } from '../../network/associate.js';
import type { Association, IncomingRequest } from '../../network/association.js';
import { CommandField } from '../../network/dimse/command-set.js';
import { nEventReportRsp, type DimseMessage } from '../../network/dimse/messages.js';
import { describeStatus, type StatusInfo } from '../../network/dimse/status.js';
import { parseDicomDataset } from '../../dicom/read-dicom-file.js';
import { SopClass } from '../../dicom/uids.js';
import { printProposals } from './print-proposals.js';
import { PrintSession, type StepResponse } from './print-session.js';
import { annotationDataset, filmBoxDataset, filmSessionDataset, imageBoxDataset, presentationLutDataset } from './print-datasets.js';
import { PrintTag } from '../print-tags.js';
import { PRINTER_EVENTS, PRINT_JOB_EVENTS } from '../print-tags.js';
import { describePrinterStatusInfo } from './printer-status-info.js';
import { classifyError, TRANSIENT_STATUS_CODES } from './classify-error.js';
import type { FilmContent, FilmResult, PrintJobState, PrintRequest, PrintResult, PrintStep, PrinterAddress, PrinterEvent, StepStatus } from './types.js';

/** Records Printer / Print Job events and answers them with success (PS3.4 H.4.5.1.1, H.4.6.1.1). */
export function eventRecorder(events: PrinterEvent[], onEvent?: (e: PrinterEvent) => void): (req: IncomingRequest) => DimseMessage | undefined {
  return (req) => {
    if (req.command.commandField !== CommandField.N_EVENT_REPORT_RQ) return undefined;
    const cls = req.command.affectedSopClassUid;
    const id = req.command.eventTypeId ?? 0;
    const source = cls === SopClass.PrintJob ? 'print-job' : 'printer';
    const name = (source === 'printer' ? PRINTER_EVENTS[id] : PRINT_JOB_EVENTS[id]) ?? `EVENT ${id}`;
    const e: PrinterEvent = { source, eventTypeId: id, name, at: new Date().toISOString() };
    if (req.command.affectedSopInstanceUid) e.sopInstanceUid = req.command.affectedSopInstanceUid;
    if (req.dataset && req.dataset.length) {
      try {
        const ds = parseDicomDataset(req.dataset, req.context.transferSyntax, { lenient: true });
        const info = ds.string(source === 'printer' ? PrintTag.PrinterStatusInfo : PrintTag.ExecutionStatusInfo);
        if (info) { e.statusInfo = info; const w = describePrinterStatusInfo(info); if (w) e.words = w; }
      } catch { /* the event is still answered and recorded without its info */ }
    }
    events.push(e);
    onEvent?.(e);
    return nEventReportRsp(req.command, 0x0000);
  };
}

class FilmFailed extends Error {
  constructor(readonly step: PrintStep, readonly status: StatusInfo | undefined, message: string) { super(message); }
}

function stepStatus(step: PrintStep, r: StepResponse, index?: number): StepStatus {
  const s: StepStatus = { step, status: r.rsp.status };
  if (index !== undefined) s.index = index;
  if (r.rsp.command.errorComment) s.errorComment = r.rsp.command.errorComment;
  return s;
}

export interface PrintFilmsOptions {
  onEvent?: (e: PrinterEvent) => void;
  /** DIMSE response timeout per request. */
  timeoutMs?: number;
}

export async function printFilms(address: PrinterAddress, request: PrintRequest, o: PrintFilmsOptions = {}): Promise<PrintResult> {
  const started = performance.now();
  const events: PrinterEvent[] = [];
  const films: FilmResult[] = request.films.map(() => ({ outcome: 'not-sent', statuses: [], warnings: [] }));
  const result: PrintResult = { ok: false, films, events, negotiated: { presentationLut: false, annotation: false, printJob: false }, elapsedMs: 0 };
  const done = (): PrintResult => {
    result.elapsedMs = Math.round(performance.now() - started);
    result.ok = films.length > 0 && films.every((f) => f.outcome === 'printed') && !result.error;
    return result;
  };
  const needsAnnotation = request.films.some((f) => (f.annotations ?? []).length > 0);
  let association: Association;
  try {
    association = await associate({
      host: address.host, port: address.port, callingAeTitle: address.callingAeTitle, calledAeTitle: address.calledAeTitle,
      proposals: printProposals({ implicitOnly: address.implicitOnly === true, presentationLut: request.presentationLut !== undefined, annotationBox: needsAnnotation }),
      ...(address.config ? { config: address.config } : {}),
      ...(address.trace ? { trace: address.trace } : {}),
      handlers: { onRequest: eventRecorder(events, o.onEvent) },
    });
  } catch (err) {
    result.error = classifyError(err);
    for (const f of films) f.failure = { step: 'associate', message: result.error.message };
    return done();
  }

  let current = -1;
  let actionInFlight = false;
  try {
    const session = new PrintSession(association, o.timeoutMs);
    result.negotiated = {
      metaTransferSyntax: session.meta.transferSyntax,
      presentationLut: session.lutContext !== undefined,
      annotation: session.annotationContext !== undefined,
      printJob: session.printJobContext !== undefined,
    };
    const printer = await session.getPrinter();
    result.printer = printer;
    if (printer.status === 'FAILURE') {
      const words = printer.statusInfoWords ? `: ${printer.statusInfoWords.text}` : '';
      result.error = { code: 'PRINTER_FAILURE', message: `The printer reports FAILURE${words}`, transient: true };
      for (const f of films) f.failure = { step: 'printer', message: result.error.message };
      await association.release();
      return done();
    }

    let lutUid: string | undefined;
    if (request.presentationLut && session.lutContext) {
      const r = await session.createPresentationLut(presentationLutDataset(request.presentationLut));
      if (r.rsp.status.category === 'failure' || !r.uid) {
        // A refused LUT is not fatal: print without it, and say so (DCMTK renders the LUT itself then).
        for (const f of films) f.warnings.push(stepStatus('presentation-lut', r));
      } else lutUid = r.uid;
    }
    const lutOnSession = request.presentationLut?.placement === 'film-session' ? lutUid : undefined;
    const lutOnBox = request.presentationLut?.placement === 'film-box' ? lutUid : undefined;

    const fs = await session.createFilmSession(filmSessionDataset(request.session, request.specificCharacterSet, lutOnSession));
    if (fs.rsp.status.category === 'failure' || !fs.uid) {
      const st = stepStatus('film-session', fs);
      for (const f of films) {
        f.outcome = 'failed';
        f.statuses.push(st);
        f.failure = { step: 'film-session', message: fs.uid ? fs.rsp.status.text : 'The printer did not return a Film Session UID', status: fs.rsp.status };
      }
      await association.release();
      return done();
    }
    const sessionUid = fs.uid;

    for (let i = 0; i < request.films.length; i++) {
      current = i;
      const film = films[i] as FilmResult;
      const content = request.films[i] as FilmContent;
      if (fs.rsp.status.category === 'warning') film.warnings.push(stepStatus('film-session', fs));
      await request.onFilmPhase?.(i, 'creating');
      let filmBoxUid: string | undefined;
      const record = (s: StepStatus): void => {
        film.statuses.push(s);
        if (s.status.category === 'warning') film.warnings.push(s);
      };
      try {
        // Annotation Box is its own optional context (PRINT-ANCHORS §4.1): when the printer did
        // not accept it, neither the annotation boxes nor their display format ID are sent
        // (dcmprscp answers 0x0105 to an Annotation Display Format ID it cannot serve).
        let filmBoxAttrs = content.filmBox;
        const annotations = session.annotationContext ? content.annotations ?? [] : [];
        if (!session.annotationContext && ((content.annotations ?? []).length || filmBoxAttrs.annotationDisplayFormatId)) {
          const { annotationDisplayFormatId: _dropped, ...rest } = filmBoxAttrs;
          filmBoxAttrs = rest;
          if ((content.annotations ?? []).length) {
            film.warnings.push({ step: 'annotation-box', status: { code: -1, category: 'warning', name: 'Annotation Box not supported',
              text: 'The printer did not accept the Basic Annotation Box SOP Class: the annotation text was not printed.' } });
          }
        }
        const fb = await session.createFilmBox(filmBoxDataset(filmBoxAttrs, sessionUid, lutOnBox));
        record(stepStatus('film-box', fb));
        if (fb.rsp.status.category === 'failure') throw new FilmFailed('film-box', fb.rsp.status, fb.rsp.status.text);
        if (!fb.uid) throw new FilmFailed('film-box', undefined, 'The printer did not return a Film Box UID');
        filmBoxUid = fb.uid;
        film.filmBoxUid = fb.uid;
        for (const img of content.images) {
          const box = fb.imageBoxes[img.position - 1];
          if (!box?.sopInstanceUid) throw new FilmFailed('image-box', undefined, `The printer created ${fb.imageBoxes.length} image boxes; position ${img.position} does not exist`);
          const r = await session.setImageBox(box, imageBoxDataset(img));
          record(stepStatus('image-box', r, img.position));
          if (r.rsp.status.category === 'failure') throw new FilmFailed('image-box', r.rsp.status, `Image box ${img.position}: ${r.rsp.status.text}`);
        }
        for (const a of annotations) {
          const box = fb.annotationBoxes[a.position - 1];
          if (!box?.sopInstanceUid) {
            film.warnings.push({ step: 'annotation-box', index: a.position, status: { code: -1, category: 'warning', name: 'No annotation box', text: `The printer offers no annotation box ${a.position}; the text was not printed.` } });
            continue;
          }
          const r = await session.setAnnotationBox(box, annotationDataset(a, request.specificCharacterSet));
          record(stepStatus('annotation-box', r, a.position));
          if (r.rsp.status.category === 'failure') film.warnings.push({ ...stepStatus('annotation-box', r, a.position), status: { ...r.rsp.status, category: 'warning' } });
        }
        await request.onFilmPhase?.(i, 'action-sent');
        actionInFlight = true;
        const act = await session.printFilmBox(fb.uid);
        actionInFlight = false;
        record(stepStatus('print', act));
        if (act.rsp.status.category === 'failure') throw new FilmFailed('print', act.rsp.status, act.rsp.status.text);
        film.outcome = 'printed';
        if (act.printJobUid && (request.followPrintJobMs ?? 0) > 0) {
          film.printJob = await followPrintJob(session, act.printJobUid, request.followPrintJobMs ?? 0, events);
          if (film.printJob.executionStatus === 'FAILURE') {
            film.outcome = 'failed';
            film.failure = { step: 'print-job', message: `The printer reports the job failed${film.printJob.words ? `: ${film.printJob.words.text}` : ''}` };
          }
        }
      } catch (err) {
        if (!(err instanceof FilmFailed)) throw err;
        film.outcome = 'failed';
        film.failure = { step: err.step, message: err.message, ...(err.status ? { status: err.status } : {}) };
      }
      if (filmBoxUid && request.deleteFilmBoxes !== false) {
        const d = await session.deleteFilmBox(filmBoxUid);
        if (d.rsp.status.category !== 'success') film.warnings.push(stepStatus('delete', d));
      }
      await request.onFilmPhase?.(i, film.outcome === 'printed' ? 'printed' : 'failed', film);
    }
    current = -1;
    await session.deleteFilmSession(sessionUid);
    if (lutUid) await session.deletePresentationLut(lutUid);
    await association.release();
  } catch (err) {
    association.abort();
    const c = classifyError(err);
    result.error = c;
    if (current >= 0) {
      const film = films[current] as FilmResult;
      if (actionInFlight) {
        film.outcome = 'uncertain';
        film.failure = { step: 'print', message: `The print request was sent but not answered (${c.message}); the film may have been printed` };
        await request.onFilmPhase?.(current, 'failed', film);
      } else {
        film.failure = { step: 'film-box', message: c.message };
      }
    }
    for (const f of films) if (f.outcome === 'not-sent' && !f.failure) f.failure = { step: 'associate', message: c.message };
  }
  return done();
}

/** Print Job follow-up (PS3.4 H.4.5): events or N-GET polling until DONE/FAILURE, bounded. */
async function followPrintJob(session: PrintSession, uid: string, maxMs: number, events: PrinterEvent[]): Promise<PrintJobState> {
  const deadline = Date.now() + maxMs;
  let state: PrintJobState = { sopInstanceUid: uid };
  for (;;) {
    const ev = [...events].reverse().find((e) => e.source === 'print-job' && e.sopInstanceUid === uid && (e.name === 'DONE' || e.name === 'FAILURE'));
    if (ev) return { sopInstanceUid: uid, executionStatus: ev.name, ...(ev.statusInfo ? { executionStatusInfo: ev.statusInfo } : {}), ...(ev.words ? { words: ev.words } : {}) };
    if (session.printJobContext) {
      const r = await session.getPrintJob(uid);
      if (r.rsp.status.category !== 'failure') state = r.job;
      if (state.executionStatus === 'DONE' || state.executionStatus === 'FAILURE') return state;
    }
    if (Date.now() >= deadline) return state;
    await new Promise((res) => setTimeout(res, Math.min(250, Math.max(0, deadline - Date.now()))));
  }
}

/** True when a film's failure status is worth retrying (printer queue full, memory). */
export function isTransientFilmFailure(f: FilmResult): boolean {
  return f.outcome === 'failed' && f.failure?.status !== undefined && TRANSIENT_STATUS_CODES.has(f.failure.status.code);
}

export { describeStatus };
