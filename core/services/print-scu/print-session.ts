/**
 * The Print Management exchange over an open association, one awaited step at a time
 * (each step needs the previous response: PRINT-ANCHORS §4.4). Film Session, Film Box,
 * Image Box and Printer messages go over the Basic Grayscale Print Management Meta SOP
 * Class context with their own SOP class in the command (PS3.4 H.3, PRINT-ANCHORS §4.1);
 * Presentation LUT, Annotation Box and Print Job use their own contexts when accepted.
 */
import type { Association, DimseResponse } from '../../network/association.js';
import { nActionRq, nCreateRq, nDeleteRq, nGetRq, nSetRq } from '../../network/dimse/messages.js';
import { findContext, type NegotiatedContext } from '../../network/negotiation/index.js';
import { parseDicomDataset } from '../../dicom/read-dicom-file.js';
import type { DicomDataset } from '../../dicom/dataset.js';
import type { DatasetBuilder } from '../../dicom/dataset-builder.js';
import { SopClass, WellKnownInstance } from '../../dicom/uids.js';
import { PrintTag } from '../print-tags.js';
import { ACTION_PRINT } from '../print-tags.js';
import { PrintScuError } from './errors.js';
import { describePrinterStatusInfo, normaliseLevel } from './printer-status-info.js';
import type { PrintJobState, PrinterInfo } from './types.js';

export interface StepResponse {
  rsp: DimseResponse;
  dataset: DicomDataset | undefined;
}

export class PrintSession {
  readonly association: Association;
  readonly meta: NegotiatedContext;
  readonly lutContext: NegotiatedContext | undefined;
  readonly annotationContext: NegotiatedContext | undefined;
  readonly printJobContext: NegotiatedContext | undefined;
  private readonly timeoutMs: number | undefined;

  constructor(association: Association, timeoutMs?: number) {
    const neg = association.negotiated;
    const meta = neg ? findContext(neg, SopClass.BasicGrayscalePrintManagementMeta) : undefined;
    if (!neg || !meta) throw new PrintScuError('NO_META_CONTEXT', 'The printer did not accept the Basic Grayscale Print Management Meta SOP Class');
    this.association = association;
    this.meta = meta;
    this.lutContext = findContext(neg, SopClass.PresentationLUT);
    this.annotationContext = findContext(neg, SopClass.BasicAnnotationBox);
    this.printJobContext = findContext(neg, SopClass.PrintJob);
    this.timeoutMs = timeoutMs;
  }

  private async send(msg: Parameters<Association['request']>[0], ctx: NegotiatedContext): Promise<StepResponse> {
    const rsp = await this.association.request(msg, {
      presentationContextId: ctx.id, service: 'print', ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}),
    });
    let dataset: DicomDataset | undefined;
    if (rsp.dataset && rsp.dataset.length) {
      try {
        dataset = parseDicomDataset(rsp.dataset, ctx.transferSyntax, { lenient: true });
      } catch (e) {
        throw new PrintScuError('BAD_RESPONSE', `Unreadable response data set: ${(e as Error).message}`);
      }
    }
    return { rsp, dataset };
  }

  private encode(b: DatasetBuilder, ctx: NegotiatedContext): Uint8Array {
    return b.encode(ctx.transferSyntax);
  }

  /** N-GET Printer on the well-known instance (PS3.4 H.4.6.1.2.1). */
  async getPrinter(): Promise<PrinterInfo> {
    const { rsp, dataset } = await this.send(nGetRq({
      messageId: 0, requestedSopClassUid: SopClass.Printer, requestedSopInstanceUid: WellKnownInstance.PrinterInstance,
    }), this.meta);
    return printerInfoFrom(rsp, dataset);
  }

  async createPresentationLut(b: DatasetBuilder): Promise<StepResponse & { uid: string | undefined }> {
    const ctx = this.lutContext;
    if (!ctx) throw new PrintScuError('BAD_REQUEST', 'No Presentation LUT context was accepted');
    const r = await this.send(nCreateRq({ messageId: 0, affectedSopClassUid: SopClass.PresentationLUT, dataset: this.encode(b, ctx) }), ctx);
    return { ...r, uid: r.rsp.command.affectedSopInstanceUid };
  }

  async createFilmSession(b: DatasetBuilder): Promise<StepResponse & { uid: string | undefined }> {
    const r = await this.send(nCreateRq({ messageId: 0, affectedSopClassUid: SopClass.BasicFilmSession, dataset: this.encode(b, this.meta) }), this.meta);
    return { ...r, uid: r.rsp.command.affectedSopInstanceUid };
  }

  /** N-CREATE Film Box: the image box UIDs come from this response only (PRINT-ANCHORS §4.4). */
  async createFilmBox(b: DatasetBuilder): Promise<StepResponse & { uid: string | undefined; imageBoxes: BoxRef[]; annotationBoxes: BoxRef[] }> {
    const r = await this.send(nCreateRq({ messageId: 0, affectedSopClassUid: SopClass.BasicFilmBox, dataset: this.encode(b, this.meta) }), this.meta);
    const refs = (tag: number): BoxRef[] => (r.dataset?.sequence(tag) ?? []).map((item) => ({
      sopClassUid: item.string(PrintTag.ReferencedSOPClassUID) ?? '',
      sopInstanceUid: item.string(PrintTag.ReferencedSOPInstanceUID) ?? '',
    }));
    return { ...r, uid: r.rsp.command.affectedSopInstanceUid, imageBoxes: refs(PrintTag.ReferencedImageBoxSequence), annotationBoxes: refs(PrintTag.ReferencedBasicAnnotationBoxSequence) };
  }

  async setImageBox(box: BoxRef, b: DatasetBuilder): Promise<StepResponse> {
    return this.send(nSetRq({
      messageId: 0, requestedSopClassUid: box.sopClassUid || SopClass.BasicGrayscaleImageBox,
      requestedSopInstanceUid: box.sopInstanceUid, dataset: this.encode(b, this.meta),
    }), this.meta);
  }

  async setAnnotationBox(box: BoxRef, b: DatasetBuilder): Promise<StepResponse> {
    const ctx = this.annotationContext ?? this.meta;
    return this.send(nSetRq({
      messageId: 0, requestedSopClassUid: box.sopClassUid || SopClass.BasicAnnotationBox,
      requestedSopInstanceUid: box.sopInstanceUid, dataset: this.encode(b, ctx),
    }), ctx);
  }

  /** N-ACTION print (Action Type ID 1) on the Film Box (PS3.4 H.4.2.2.4); never also on the session (§4.7). */
  async printFilmBox(filmBoxUid: string): Promise<StepResponse & { printJobUid: string | undefined }> {
    const r = await this.send(nActionRq({
      messageId: 0, requestedSopClassUid: SopClass.BasicFilmBox, requestedSopInstanceUid: filmBoxUid, actionTypeId: ACTION_PRINT,
    }), this.meta);
    const job = r.dataset?.sequence(PrintTag.ReferencedPrintJobSequence)[0];
    return { ...r, printJobUid: job?.string(PrintTag.ReferencedSOPInstanceUID) };
  }

  /** N-GET Print Job (PS3.4 H.4.5.1.2.1), on the Print Job context when accepted. */
  async getPrintJob(uid: string): Promise<StepResponse & { job: PrintJobState }> {
    const ctx = this.printJobContext ?? this.meta;
    const r = await this.send(nGetRq({ messageId: 0, requestedSopClassUid: SopClass.PrintJob, requestedSopInstanceUid: uid }), ctx);
    const info = r.dataset?.string(PrintTag.ExecutionStatusInfo);
    const job: PrintJobState = { sopInstanceUid: uid };
    const exec = r.dataset?.string(PrintTag.ExecutionStatus);
    if (exec) job.executionStatus = exec;
    if (info) { job.executionStatusInfo = info; const w = describePrinterStatusInfo(info); if (w) job.words = w; }
    return { ...r, job };
  }

  async deleteFilmBox(uid: string): Promise<StepResponse> {
    return this.send(nDeleteRq({ messageId: 0, requestedSopClassUid: SopClass.BasicFilmBox, requestedSopInstanceUid: uid }), this.meta);
  }

  async deleteFilmSession(uid: string): Promise<StepResponse> {
    return this.send(nDeleteRq({ messageId: 0, requestedSopClassUid: SopClass.BasicFilmSession, requestedSopInstanceUid: uid }), this.meta);
  }

  async deletePresentationLut(uid: string): Promise<StepResponse | undefined> {
    if (!this.lutContext) return undefined;
    return this.send(nDeleteRq({ messageId: 0, requestedSopClassUid: SopClass.PresentationLUT, requestedSopInstanceUid: uid }), this.lutContext);
  }
}

export interface BoxRef {
  sopClassUid: string;
  sopInstanceUid: string;
}

/** Printer module attributes (PS3.3 C.13.9) from an N-GET response. */
export function printerInfoFrom(rsp: DimseResponse, ds: DicomDataset | undefined): PrinterInfo {
  const info: PrinterInfo = { getStatus: rsp.status };
  if (!ds) return info;
  const raw = ds.string(PrintTag.PrinterStatus);
  const level = normaliseLevel(raw);
  if (raw) info.statusRaw = raw;
  if (level) info.status = level;
  const si = ds.string(PrintTag.PrinterStatusInfo);
  if (si) { info.statusInfo = si; const w = describePrinterStatusInfo(si); if (w) info.statusInfoWords = w; }
  const set = <K extends keyof PrinterInfo>(k: K, v: PrinterInfo[K] | undefined): void => { if (v !== undefined && v !== '') info[k] = v; };
  set('printerName', ds.string(PrintTag.PrinterName));
  set('manufacturer', ds.string(PrintTag.Manufacturer));
  set('modelName', ds.string(PrintTag.ManufacturerModelName));
  set('serialNumber', ds.string(PrintTag.DeviceSerialNumber));
  const sw = ds.strings(PrintTag.SoftwareVersions);
  if (sw.length) info.softwareVersions = sw;
  set('calibrationDate', ds.string(PrintTag.DateOfLastCalibration));
  set('calibrationTime', ds.string(PrintTag.TimeOfLastCalibration));
  return info;
}
