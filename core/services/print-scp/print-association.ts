/**
 * One association with the virtual imager: the SOP instances the SCU creates on it and the
 * answer to every request (Basic Grayscale Print Management Meta SOP Class, PS3.4 H.3/H.4;
 * Presentation LUT H.4.9, Basic Annotation Box H.4.8, Print Job H.4.5, Printer H.4.6).
 *
 * Requests are handled strictly one after the other (a print SCU waits for each answer;
 * DCMTK and fo-dicom do), so the state below is never seen half-changed. Every answer is
 * logged with its status into the film's record. A print renders the film and writes it
 * (output-writer.ts) before the N-ACTION response goes out: success means it is on disk.
 */
import { randomUUID } from 'node:crypto';
import type { Association, AssociationHandlers, IncomingRequest } from '../../network/association.js';
import { CommandField, type CommandSet } from '../../network/dimse/command-set.js';
import {
  nActionRsp, nCreateRsp, nDeleteRsp, nEventReportRq, nGetRsp, nSetRsp, responseTo, type DimseMessage,
} from '../../network/dimse/messages.js';
import { findContext } from '../../network/negotiation/requestor.js';
import { parseDicomDataset } from '../../dicom/read-dicom-file.js';
import type { DicomDataset } from '../../dicom/dataset.js';
import { isValidUid, SopClass, uidName, WellKnownInstance } from '../../dicom/uids.js';
import { computeFilmLayout, type FilmLayout } from '../../film/film-layout.js';
import { formatDisplayFormat, parseDisplayFormat } from '../../film/display-format.js';
import { filmDimensionsMm } from '../../film/film-sizes.js';
import type { PrinterProfile } from '../../film/printer-profile.js';
import { toPng } from '../../imaging/preview.js';
import { encodeDimseDataset, type DatasetField } from '../../dicom/dataset-fields.js';
import { checkAttributes, profileDefault, Rules, type AttrValues } from './attribute-rules.js';
import { parseGrayscaleImage, type ReceivedImage } from './image-box.js';
import { fail, isFailure, PrintStatus, type Outcome } from './print-failure.js';
import { PrintTag } from '../print-tags.js';
import { lutMatches, parsePresentationLut, type PresentationLut } from './presentation-lut.js';
import { renderFilmPicture, type BoxToRender } from './film-renderer.js';
import { SessionOutput, storedValuesPng } from './output-writer.js';

const META = SopClass.BasicGrayscalePrintManagementMeta;
/** SOP classes of the Basic Grayscale Print Management Meta SOP Class (PS3.4 H.3.1). */
const META_MEMBERS = new Set<string>([SopClass.BasicFilmSession, SopClass.BasicFilmBox, SopClass.BasicGrayscaleImageBox, SopClass.Printer]);

export interface ExchangeEntry {
  readonly time: string;
  readonly request: string;
  readonly sopClass: string;
  readonly sopInstance?: string;
  readonly status: number;
  readonly comment?: string;
}

export interface FilmPrintedEvent {
  readonly association: Association;
  readonly folder: string;
  readonly filmNumber: number;
  readonly status: number;
}

export interface PrintAssociationOptions {
  readonly profile: PrinterProfile;
  readonly outputRoot: string;
  readonly printerName: string;
  readonly fontFile?: string;
  readonly onFilmPrinted?: (e: FilmPrintedEvent) => void;
  readonly onSessionClosed?: (e: { association: Association; folder: string; pdf: string | undefined; films: number }) => void;
  readonly onExchange?: (association: Association, e: ExchangeEntry) => void;
  /** Called with any failure while writing output that no DIMSE answer can report (session PDF at close). */
  readonly onError?: (err: Error) => void;
}

interface FilmSessionState {
  readonly uid: string;
  readonly values: AttrValues;
  readonly plutUid: string | undefined;
  readonly output: SessionOutput;
}

interface FilmBoxState {
  readonly uid: string;
  readonly values: AttrValues;
  readonly displayFormat: string;
  readonly orientation: 'PORTRAIT' | 'LANDSCAPE';
  readonly filmSizeId: string;
  readonly layout: FilmLayout;
  readonly imageBoxUids: readonly string[];
  readonly annotationUids: readonly string[];
  plutUid: string | undefined;
}

interface ImageBoxState {
  readonly uid: string;
  readonly filmBoxUid: string;
  readonly position: number;
  values: AttrValues;
  image: ReceivedImage | undefined;
  status: number | undefined;
}

interface AnnotationState {
  readonly uid: string;
  readonly filmBoxUid: string;
  /** Chosen by the SCU's N-SET (PS3.3 C.13.7.1.1), 1..number of annotation boxes. */
  position: number;
  text: string | undefined;
}

interface PrintJobState {
  readonly uid: string;
  readonly created: Date;
  readonly priority: string;
  status: 'PENDING' | 'PRINTING' | 'DONE' | 'FAILURE';
  info: string;
}

/** A UID under 2.25 (PS3.5 B.2) from a random UUID: at most 44 characters, leaving room for ".n". */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString(10)}`;
}

function now(): string { return new Date().toISOString(); }

function dicomDate(d: Date): string {
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}
function dicomTime(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}${String(d.getMinutes()).padStart(2, '0')}${String(d.getSeconds()).padStart(2, '0')}`;
}

function ref(sopClass: string, uid: string): DatasetField[] {
  return [{ tag: PrintTag.ReferencedSOPClassUID, value: sopClass }, { tag: PrintTag.ReferencedSOPInstanceUID, value: uid }];
}

/** Values as JSON-friendly "(gggg,eeee) keyword-ish": value pairs for the record. */
function valuesRecord(values: AttrValues): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const names = new Map<number, string>(Object.entries(PrintTag).map(([k, v]) => [v as number, k]));
  for (const [tag, v] of values) out[names.get(tag) ?? tag.toString(16)] = v;
  return out;
}

export class PrintAssociation {
  private session: FilmSessionState | undefined;
  private readonly filmBoxes = new Map<string, FilmBoxState>();
  private readonly imageBoxes = new Map<string, ImageBoxState>();
  private readonly annotations = new Map<string, AnnotationState>();
  private readonly luts = new Map<string, PresentationLut>();
  private readonly jobs = new Map<string, PrintJobState>();
  private readonly log: ExchangeEntry[] = [];
  private filmNumber = 0;
  private chain: Promise<unknown> = Promise.resolve();
  /** Settles when the session output (PDF) is complete after the association ended. */
  readonly finished: Promise<void>;

  constructor(private readonly association: Association, private readonly o: PrintAssociationOptions) {
    const finish = async (): Promise<void> => {
      await this.chain.catch(() => undefined);
      await this.closeSession();
    };
    this.finished = association.closed.then(finish, finish).catch((e: unknown) => {
      this.o.onError?.(e instanceof Error ? e : new Error(String(e)));
    });
  }

  handlers(): AssociationHandlers {
    return {
      onRequest: (req) => {
        const work = this.chain.then(() => this.handle(req));
        this.chain = work.catch(() => undefined);
        return work;
      },
    };
  }

  /** The exchange so far (requests and answered statuses). */
  get exchange(): readonly ExchangeEntry[] { return this.log; }

  // ------------------------------------------------------------------ dispatch

  private async handle(req: IncomingRequest): Promise<DimseMessage | undefined> {
    const cmd = req.command;
    const sopClass = cmd.affectedSopClassUid ?? cmd.requestedSopClassUid ?? '';
    const instance = cmd.affectedSopInstanceUid ?? cmd.requestedSopInstanceUid;
    const ts = req.context.transferSyntax;
    let rsp: DimseMessage | undefined;
    if (cmd.commandField === CommandField.C_ECHO_RQ) return responseTo(cmd, 0);
    if (cmd.commandField === CommandField.N_EVENT_REPORT_RQ) return undefined; // default: success
    const allowedOnContext = req.context.abstractSyntax === META ? META_MEMBERS.has(sopClass) : req.context.abstractSyntax === sopClass;
    if (!allowedOnContext) {
      rsp = this.answer(cmd, fail(PrintStatus.NoSuchSopClass, `${uidName(sopClass) ?? sopClass} not on this context`));
    } else {
      let ds: DicomDataset | undefined;
      if (req.dataset && req.dataset.length > 0) {
        try {
          ds = parseDicomDataset(req.dataset, ts, { maxDepth: 8, maxElements: 10_000 });
        } catch (e) {
          rsp = this.answer(cmd, fail(PrintStatus.ProcessingFailure, `unreadable data set: ${(e as Error).message}`.slice(0, 64)));
        }
      }
      rsp ??= await this.route(cmd, sopClass, ds, ts, req);
    }
    const status = rsp?.command.status ?? 0x0211;
    const entry: ExchangeEntry = {
      time: now(),
      request: describe(cmd.commandField),
      sopClass: uidName(sopClass) ?? sopClass,
      ...(instance ?? rsp?.command.affectedSopInstanceUid ? { sopInstance: instance ?? rsp?.command.affectedSopInstanceUid } : {}),
      status,
      ...(rsp?.command.errorComment ? { comment: rsp.command.errorComment } : {}),
    };
    this.log.push(entry);
    this.o.onExchange?.(this.association, entry);
    return rsp;
  }

  private async route(cmd: CommandSet, sopClass: string, ds: DicomDataset | undefined, ts: string, req: IncomingRequest): Promise<DimseMessage> {
    const field = cmd.commandField;
    const uid = cmd.requestedSopInstanceUid ?? '';
    switch (sopClass) {
      case SopClass.Printer:
        if (field === CommandField.N_GET_RQ) return this.printerGet(cmd, ts);
        break;
      case SopClass.BasicFilmSession:
        if (field === CommandField.N_CREATE_RQ) return this.filmSessionCreate(cmd, ds, ts);
        if (field === CommandField.N_SET_RQ) return this.filmSessionSet(cmd, ds);
        if (field === CommandField.N_ACTION_RQ) return this.filmSessionAction(cmd, ts, req);
        if (field === CommandField.N_DELETE_RQ) return this.filmSessionDelete(cmd, uid);
        break;
      case SopClass.BasicFilmBox:
        if (field === CommandField.N_CREATE_RQ) return this.filmBoxCreate(cmd, ds, ts);
        if (field === CommandField.N_SET_RQ) return this.filmBoxSet(cmd, ds);
        if (field === CommandField.N_ACTION_RQ) return this.filmBoxAction(cmd, ts, req);
        if (field === CommandField.N_DELETE_RQ) return this.filmBoxDelete(cmd, uid);
        break;
      case SopClass.BasicGrayscaleImageBox:
        if (field === CommandField.N_SET_RQ) return this.imageBoxSet(cmd, ds);
        break;
      case SopClass.BasicAnnotationBox:
        if (field === CommandField.N_SET_RQ) return this.annotationSet(cmd, ds);
        break;
      case SopClass.PresentationLUT:
        if (field === CommandField.N_CREATE_RQ) return this.lutCreate(cmd, ds, ts);
        if (field === CommandField.N_DELETE_RQ) {
          if (!this.luts.delete(uid)) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Presentation LUT'));
          return nDeleteRsp(cmd, 0);
        }
        break;
      case SopClass.PrintJob:
        if (field === CommandField.N_GET_RQ) return this.printJobGet(cmd, ts);
        break;
      default:
        return this.answer(cmd, fail(PrintStatus.NoSuchSopClass, `${sopClass} not supported`));
    }
    return this.answer(cmd, fail(PrintStatus.UnrecognizedOperation, `${describe(field)} not supported for this SOP class`));
  }

  /** A response carrying only a status (failures: Error Comment and Offending Element). */
  private answer(cmd: CommandSet, o: Outcome, dataset?: Uint8Array): DimseMessage {
    const extra: Record<string, unknown> = {};
    if (o.comment && o.status !== 0) extra.errorComment = o.comment.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
    if (o.offending && (o.status === PrintStatus.NoSuchAttribute || o.status === PrintStatus.InvalidAttributeValue
      || o.status === PrintStatus.MissingAttribute)) extra.offendingElement = o.offending;
    const rsp = responseTo(cmd, o.status, extra, isFailure(o.status) ? undefined : dataset);
    if (cmd.commandField === CommandField.N_CREATE_RQ && isFailure(o.status) && !cmd.affectedSopInstanceUid) delete rsp.command.affectedSopInstanceUid;
    return rsp;
  }

  private createRsp(cmd: CommandSet, o: Outcome, uid: string, dataset: Uint8Array | undefined): DimseMessage {
    const rsp = nCreateRsp(cmd, o.status, { affectedSopInstanceUid: uid, ...(dataset ? { dataset } : {}) });
    if (o.status !== 0 && o.comment) rsp.command.errorComment = o.comment.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
    // DCMTK OmitSOPClassUIDFromCreateResponse: some imagers leave (0000,0002) out of N-CREATE-RSP.
    if (this.o.profile.network.omitSopClassUidFromCreateResponse) delete rsp.command.affectedSopClassUid;
    return rsp;
  }

  /** The instance UID of an N-CREATE: the SCU's (checked) or a new one (PS3.7 10.1.5.1.3). */
  private instanceFor(cmd: CommandSet): { uid: string } | { outcome: Outcome } {
    const given = cmd.affectedSopInstanceUid;
    if (given === undefined) return { uid: newUid() };
    if (!isValidUid(given)) return { outcome: fail(PrintStatus.InvalidAttributeValue, 'Affected SOP Instance UID is not a UID') };
    if (this.filmBoxes.has(given) || this.imageBoxes.has(given) || this.luts.has(given) || this.session?.uid === given) {
      return { outcome: fail(PrintStatus.DuplicateSopInstance, 'SOP Instance UID already in use') };
    }
    return { uid: given };
  }

  private referenced(ds: DicomDataset, tag: number, sopClass: string): { uid: string | undefined; outcome?: Outcome } {
    const items = ds.sequence(tag);
    if (items.length === 0) return { uid: undefined };
    const item = items[0] as DicomDataset;
    if (items.length !== 1) return { uid: undefined, outcome: fail(PrintStatus.InvalidAttributeValue, 'reference sequence must have one item', tag) };
    const cls = item.string(PrintTag.ReferencedSOPClassUID);
    const uid = item.string(PrintTag.ReferencedSOPInstanceUID);
    if (!uid) return { uid: undefined, outcome: fail(PrintStatus.MissingAttributeValue, 'Referenced SOP Instance UID missing', tag) };
    if (cls !== undefined && cls !== sopClass) return { uid: undefined, outcome: fail(PrintStatus.InvalidAttributeValue, 'wrong Referenced SOP Class UID', tag) };
    return { uid };
  }

  // ------------------------------------------------------------------ Printer (PS3.4 H.4.6)

  private printerGet(cmd: CommandSet, ts: string): DimseMessage {
    if (cmd.requestedSopInstanceUid !== WellKnownInstance.PrinterInstance) {
      return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'the Printer is 1.2.840.10008.5.1.1.17'));
    }
    const all: DatasetField[] = [
      { tag: PrintTag.PrinterStatus, value: 'NORMAL' },
      { tag: PrintTag.PrinterStatusInfo, value: 'NORMAL' },
      { tag: PrintTag.PrinterName, value: this.o.printerName.slice(0, 64) },
      { tag: PrintTag.Manufacturer, value: 'Filmstation' },
      { tag: PrintTag.ManufacturerModelName, value: `Virtual imager ${this.o.profile.name}`.slice(0, 64) },
      { tag: PrintTag.DeviceSerialNumber, value: 'VIRTUAL' },
      { tag: PrintTag.SoftwareVersions, value: 'FILMSTATION' },
    ];
    const wanted = cmd.attributeIdentifierList;
    let fields = all;
    let status: number = PrintStatus.Success;
    if (wanted && wanted.length > 0) {
      fields = all.filter((f) => wanted.includes(f.tag));
      // PS3.7 C.4.2: attributes we cannot give (e.g. calibration date, DryView does not either) -> 0x0107 warning.
      if (fields.length < wanted.length) status = PrintStatus.AttributeListError;
    }
    return nGetRsp(cmd, status, encodeDimseDataset(fields, ts));
  }

  // ------------------------------------------------------------------ Film Session (PS3.4 H.4.1)

  private filmSessionCreate(cmd: CommandSet, ds: DicomDataset | undefined, ts: string): DimseMessage {
    if (this.session) return this.answer(cmd, fail(PrintStatus.DuplicateSopInstance, 'a Film Session already exists on this association'));
    const inst = this.instanceFor(cmd);
    if ('outcome' in inst) return this.answer(cmd, inst.outcome);
    const values: AttrValues = new Map();
    let warning: Outcome = { status: 0 };
    let plutUid: string | undefined;
    if (ds) {
      const r = checkAttributes(ds, Rules.filmSession, this.o.profile, 'set');
      if (isFailure(r.outcome.status)) return this.answer(cmd, r.outcome);
      warning = r.outcome;
      for (const [k, v] of r.values) values.set(k, v);
      const lut = this.referenced(ds, PrintTag.ReferencedPresentationLUTSequence, SopClass.PresentationLUT);
      if (lut.outcome) return this.answer(cmd, lut.outcome);
      if (lut.uid && !this.luts.has(lut.uid)) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'unknown Presentation LUT'));
      plutUid = lut.uid;
    }
    const p = this.o.profile;
    if (!values.has(PrintTag.NumberOfCopies)) values.set(PrintTag.NumberOfCopies, 1);
    if (!values.has(PrintTag.PrintPriority)) values.set(PrintTag.PrintPriority, 'MED');
    if (!values.has(PrintTag.MediumType)) values.set(PrintTag.MediumType, profileDefault(p.mediumTypes, 'BLUE FILM'));
    if (!values.has(PrintTag.FilmDestination)) values.set(PrintTag.FilmDestination, profileDefault(p.filmDestinations, 'MAGAZINE'));
    this.session = { uid: inst.uid, values, plutUid, output: new SessionOutput(this.o.outputRoot, this.association.callingAeTitle) };
    return this.createRsp(cmd, warning, inst.uid, encodeDimseDataset(this.sessionFields(), ts));
  }

  private sessionFields(): DatasetField[] {
    const s = this.session;
    if (!s) return [];
    const f: DatasetField[] = [...s.values].map(([tag, value]) => ({ tag, value }));
    if (s.plutUid) f.push({ tag: PrintTag.ReferencedPresentationLUTSequence, items: [ref(SopClass.PresentationLUT, s.plutUid)] });
    return f;
  }

  private filmSessionSet(cmd: CommandSet, ds: DicomDataset | undefined): DimseMessage {
    const s = this.session;
    if (!s || s.uid !== cmd.requestedSopInstanceUid) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Film Session'));
    if (!ds) return this.answer(cmd, fail(PrintStatus.MissingAttribute, 'N-SET without a modification list'));
    const r = checkAttributes(ds, Rules.filmSession, this.o.profile, 'set');
    if (isFailure(r.outcome.status)) return this.answer(cmd, r.outcome);
    const lut = this.referenced(ds, PrintTag.ReferencedPresentationLUTSequence, SopClass.PresentationLUT);
    if (lut.outcome) return this.answer(cmd, lut.outcome);
    if (lut.uid && !this.luts.has(lut.uid)) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'unknown Presentation LUT'));
    for (const [k, v] of r.values) s.values.set(k, v);
    if (lut.uid) this.session = { ...s, plutUid: lut.uid };
    return nSetRsp(cmd, r.outcome.status);
  }

  private async filmSessionAction(cmd: CommandSet, ts: string, req: IncomingRequest): Promise<DimseMessage> {
    const s = this.session;
    if (!s || s.uid !== cmd.requestedSopInstanceUid) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Film Session'));
    if (cmd.actionTypeId !== 1) return this.answer(cmd, fail(PrintStatus.NoSuchAction, 'Film Session action is 1 (print)'));
    const boxes = [...this.filmBoxes.values()];
    // PS3.4 H.4.1.2.4.2: C600 "Film Session SOP Instance hierarchy does not contain Film Box SOP Instances".
    if (boxes.length === 0) return this.answer(cmd, fail(PrintStatus.NoFilmBox, 'the Film Session has no Film Box'));
    let status: number = PrintStatus.Success;
    try {
      for (const box of boxes) {
        const st = await this.printFilm(box);
        if (st === PrintStatus.EmptyFilmBox) status = PrintStatus.EmptySession; // B602: session has an empty film
      }
    } catch (e) {
      return this.answer(cmd, fail(PrintStatus.ProcessingFailure, `printing failed: ${(e as Error).message}`.slice(0, 64)));
    }
    return this.printed(cmd, status, ts, req);
  }

  private async filmSessionDelete(cmd: CommandSet, uid: string): Promise<DimseMessage> {
    const s = this.session;
    if (!s || s.uid !== uid) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Film Session'));
    for (const uidBox of [...this.filmBoxes.keys()]) this.dropFilmBox(uidBox);
    await this.closeSession();
    return nDeleteRsp(cmd, 0);
  }

  /** Writes the session PDF once (N-DELETE of the session, or the end of the association). */
  private async closeSession(): Promise<void> {
    const s = this.session;
    if (!s) return;
    this.session = undefined;
    const pdf = await s.output.writePdf(`Film session ${String(s.values.get(PrintTag.FilmSessionLabel) ?? s.uid)}`);
    if (s.output.filmCount > 0) this.o.onSessionClosed?.({ association: this.association, folder: s.output.folder, pdf, films: s.output.filmCount });
  }

  // ------------------------------------------------------------------ Film Box (PS3.4 H.4.2)

  private filmBoxCreate(cmd: CommandSet, ds: DicomDataset | undefined, ts: string): DimseMessage {
    const p = this.o.profile;
    if (!ds) return this.answer(cmd, fail(PrintStatus.MissingAttribute, 'Image Display Format missing', PrintTag.ImageDisplayFormat));
    const r = checkAttributes(ds, Rules.filmBox, p, 'create');
    if (isFailure(r.outcome.status)) return this.answer(cmd, r.outcome);
    const sessionRef = this.referenced(ds, PrintTag.ReferencedFilmSessionSequence, SopClass.BasicFilmSession);
    if (sessionRef.outcome) return this.answer(cmd, sessionRef.outcome);
    if (!this.session || sessionRef.uid !== this.session.uid) {
      return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'referenced Film Session does not exist'));
    }
    const lutRef = this.referenced(ds, PrintTag.ReferencedPresentationLUTSequence, SopClass.PresentationLUT);
    if (lutRef.outcome) return this.answer(cmd, lutRef.outcome);
    if (lutRef.uid && !this.luts.has(lutRef.uid)) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'unknown Presentation LUT'));
    const inst = this.instanceFor(cmd);
    if ('outcome' in inst) return this.answer(cmd, inst.outcome);
    const values = r.values;
    const orientation = (values.get(PrintTag.FilmOrientation) ?? 'PORTRAIT') as 'PORTRAIT' | 'LANDSCAPE';
    const formatText = String(values.get(PrintTag.ImageDisplayFormat));
    let format;
    try {
      format = parseDisplayFormat(formatText);
    } catch (e) {
      return this.answer(cmd, fail(PrintStatus.InvalidAttributeValue, (e as Error).message.slice(0, 64), PrintTag.ImageDisplayFormat));
    }
    const canonical = formatDisplayFormat(format);
    if (p.displayFormats) {
      // Profiles list portrait formats; landscape is the portrait one with C and R swapped (DCMTK printers.cfg).
      const asPortrait = orientation === 'LANDSCAPE' && format.kind === 'STANDARD' ? `STANDARD\\${format.rows},${format.columns}` : canonical;
      if (!p.displayFormats.includes(asPortrait) && !p.displayFormats.includes(canonical)) {
        return this.answer(cmd, fail(PrintStatus.InvalidAttributeValue, `Image Display Format ${canonical} not supported`, PrintTag.ImageDisplayFormat));
      }
    }
    const filmSizeId = String(values.get(PrintTag.FilmSizeID) ?? profileDefault(p.filmSizes?.map((s) => s.id), '8INX10IN'));
    const resolution = values.get(PrintTag.RequestedResolutionID);
    let layout: FilmLayout;
    try {
      layout = computeFilmLayout(p, { filmSizeId, orientation, displayFormat: format, ...(typeof resolution === 'string' ? { resolution } : {}) });
    } catch (e) {
      return this.answer(cmd, fail(PrintStatus.InvalidAttributeValue, (e as Error).message.slice(0, 64), PrintTag.FilmSizeID));
    }
    values.set(PrintTag.ImageDisplayFormat, canonical);
    values.set(PrintTag.FilmOrientation, orientation);
    values.set(PrintTag.FilmSizeID, filmSizeId);
    if (!values.has(PrintTag.MagnificationType)) values.set(PrintTag.MagnificationType, profileDefault(p.magnificationTypes, 'REPLICATE'));
    if (!values.has(PrintTag.BorderDensity)) values.set(PrintTag.BorderDensity, profileDefault(p.borderDensities, 'BLACK'));
    if (!values.has(PrintTag.EmptyImageDensity)) values.set(PrintTag.EmptyImageDensity, profileDefault(p.emptyImageDensities, 'BLACK'));
    if (!values.has(PrintTag.MaxDensity) && p.maxDensities?.length) values.set(PrintTag.MaxDensity, p.maxDensities[0] as number);
    if (!values.has(PrintTag.MinDensity) && p.minDensities?.length && p.optionalAttributes.minDensity !== false) values.set(PrintTag.MinDensity, p.minDensities[0] as number);

    const imageBoxUids: string[] = [];
    layout.boxes.forEach((_, i) => {
      // Short image box UIDs: <film box UID>.<n>, as fo-dicom and many imagers do (PRINT-ANCHORS §4.4).
      const uid = `${inst.uid}.${i + 1}`;
      imageBoxUids.push(uid);
      this.imageBoxes.set(uid, { uid, filmBoxUid: inst.uid, position: i + 1, values: new Map(), image: undefined, status: undefined });
    });
    const annotationUids: string[] = [];
    if (values.has(PrintTag.AnnotationDisplayFormatID) && p.annotation) {
      const count = p.annotation.positions.length > 0 ? Math.max(...p.annotation.positions) : 1;
      for (let n = 1; n <= count; n++) {
        const uid = `${inst.uid}.${layout.boxes.length + n}`;
        annotationUids.push(uid);
        this.annotations.set(uid, { uid, filmBoxUid: inst.uid, position: n, text: undefined });
      }
    }
    const box: FilmBoxState = {
      uid: inst.uid, values, displayFormat: canonical, orientation, filmSizeId, layout, imageBoxUids, annotationUids, plutUid: lutRef.uid,
    };
    this.filmBoxes.set(inst.uid, box);
    return this.createRsp(cmd, r.outcome, inst.uid, encodeDimseDataset(this.filmBoxFields(box), ts));
  }

  private filmBoxFields(box: FilmBoxState): DatasetField[] {
    const f: DatasetField[] = [...box.values].map(([tag, value]) => ({ tag, value }));
    f.push({ tag: PrintTag.ReferencedFilmSessionSequence, items: [ref(SopClass.BasicFilmSession, this.session?.uid ?? '')] });
    f.push({ tag: PrintTag.ReferencedImageBoxSequence, items: box.imageBoxUids.map((u) => ref(SopClass.BasicGrayscaleImageBox, u)) });
    if (box.annotationUids.length) f.push({ tag: PrintTag.ReferencedBasicAnnotationBoxSequence, items: box.annotationUids.map((u) => ref(SopClass.BasicAnnotationBox, u)) });
    if (box.plutUid) f.push({ tag: PrintTag.ReferencedPresentationLUTSequence, items: [ref(SopClass.PresentationLUT, box.plutUid)] });
    return f;
  }

  private filmBoxSet(cmd: CommandSet, ds: DicomDataset | undefined): DimseMessage {
    const box = this.filmBoxes.get(cmd.requestedSopInstanceUid ?? '');
    if (!box) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Film Box'));
    if (!ds) return this.answer(cmd, fail(PrintStatus.MissingAttribute, 'N-SET without a modification list'));
    const r = checkAttributes(ds, Rules.filmBox, this.o.profile, 'set');
    if (isFailure(r.outcome.status)) return this.answer(cmd, r.outcome);
    const lutRef = this.referenced(ds, PrintTag.ReferencedPresentationLUTSequence, SopClass.PresentationLUT);
    if (lutRef.outcome) return this.answer(cmd, lutRef.outcome);
    if (lutRef.uid && !this.luts.has(lutRef.uid)) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'unknown Presentation LUT'));
    for (const [k, v] of r.values) box.values.set(k, v);
    if (lutRef.uid) box.plutUid = lutRef.uid;
    return nSetRsp(cmd, r.outcome.status);
  }

  private async filmBoxAction(cmd: CommandSet, ts: string, req: IncomingRequest): Promise<DimseMessage> {
    const box = this.filmBoxes.get(cmd.requestedSopInstanceUid ?? '');
    if (!box) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Film Box'));
    if (cmd.actionTypeId !== 1) return this.answer(cmd, fail(PrintStatus.NoSuchAction, 'Film Box action is 1 (print)'));
    let status: number;
    try {
      status = await this.printFilm(box);
    } catch (e) {
      return this.answer(cmd, fail(PrintStatus.ProcessingFailure, `printing failed: ${(e as Error).message}`.slice(0, 64)));
    }
    return this.printed(cmd, status, ts, req);
  }

  private filmBoxDelete(cmd: CommandSet, uid: string): DimseMessage {
    if (!this.filmBoxes.has(uid)) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Film Box'));
    this.dropFilmBox(uid);
    return nDeleteRsp(cmd, 0);
  }

  private dropFilmBox(uid: string): void {
    const box = this.filmBoxes.get(uid);
    if (!box) return;
    for (const u of box.imageBoxUids) this.imageBoxes.delete(u);
    for (const u of box.annotationUids) this.annotations.delete(u);
    this.filmBoxes.delete(uid);
  }

  // ------------------------------------------------------------------ Image Box (PS3.4 H.4.3)

  private imageBoxSet(cmd: CommandSet, ds: DicomDataset | undefined): DimseMessage {
    const ib = this.imageBoxes.get(cmd.requestedSopInstanceUid ?? '');
    if (!ib) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Image Box (never created)'));
    const box = this.filmBoxes.get(ib.filmBoxUid);
    if (!box) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'the Film Box of this Image Box is gone'));
    if (!ds) return this.answer(cmd, fail(PrintStatus.MissingAttribute, 'N-SET without a modification list'));
    const p = this.o.profile;
    const r = checkAttributes(ds, Rules.imageBox, p, 'create');
    if (isFailure(r.outcome.status)) return this.answer(cmd, r.outcome);
    if (r.values.get(PrintTag.ImageBoxPosition) !== ib.position) {
      return this.answer(cmd, fail(PrintStatus.InvalidAttributeValue, `Image Box Position must be ${ib.position}`, PrintTag.ImageBoxPosition));
    }
    const parsed = parseGrayscaleImage(ds, p.supports12Bit);
    if (!parsed.ok) return this.answer(cmd, parsed.outcome);
    const image = parsed.image;
    const plut = this.lutFor(box);
    if (p.presentationLut.matchRequired === true && !lutMatches(plut, image)) {
      return this.answer(cmd, fail(PrintStatus.InvalidAttributeValue, `Presentation LUT does not match ${image.bitsStored}-bit image`, PrintTag.BitsStored));
    }
    // Image larger than its box (PS3.4 H.4.3.1.2.1.2): fail (C603), crop (B609), decimate (B60A)
    // or demagnify (B604) according to Requested Decimate/Crop Behavior.
    let status: number = r.outcome.status;
    const rect = box.layout.boxes[ib.position - 1];
    const behaviour = r.values.get(PrintTag.RequestedDecimateCropBehavior);
    const size = r.values.get(PrintTag.RequestedImageSize);
    if (rect && typeof size === 'number' && size * box.layout.pxPerMmX > rect.width + 0.5) {
      return this.answer(cmd, fail(PrintStatus.ImageLargerThanBox, `Requested Image Size ${size} mm larger than the box`, PrintTag.RequestedImageSize));
    }
    const heightPx = image.rows * image.pixelAspect;
    if (rect && (image.columns > rect.width || heightPx > rect.height)) {
      if (behaviour === 'FAIL') return this.answer(cmd, fail(PrintStatus.ImageLargerThanBox, `image ${image.columns}x${image.rows} larger than box ${rect.width}x${rect.height}`));
      if (status === 0) status = behaviour === 'CROP' ? PrintStatus.ImageCropped : behaviour === 'DECIMATE' ? PrintStatus.ImageDecimated : PrintStatus.ImageDemagnified;
    }
    ib.values = r.values;
    ib.image = image;
    ib.status = status;
    return nSetRsp(cmd, status);
  }

  private lutFor(box: FilmBoxState): PresentationLut | undefined {
    const uid = box.plutUid ?? this.session?.plutUid;
    return uid ? this.luts.get(uid) : undefined;
  }

  // ------------------------------------------------------------------ Annotation Box (PS3.4 H.4.8)

  private annotationSet(cmd: CommandSet, ds: DicomDataset | undefined): DimseMessage {
    const a = this.annotations.get(cmd.requestedSopInstanceUid ?? '');
    if (!a) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Annotation Box'));
    if (!ds) return this.answer(cmd, fail(PrintStatus.MissingAttribute, 'N-SET without a modification list'));
    for (const e of ds.elements) {
      if ((e.tag & 0xffff) === 0 || e.tag === 0x00080005) continue;
      if (e.tag !== PrintTag.AnnotationPosition && e.tag !== PrintTag.TextString) return this.answer(cmd, fail(PrintStatus.NoSuchAttribute, 'not an Annotation Box attribute', e.tag));
    }
    const pos = ds.number(PrintTag.AnnotationPosition);
    if (pos === undefined) return this.answer(cmd, fail(PrintStatus.MissingAttribute, 'Annotation Position missing', PrintTag.AnnotationPosition));
    // The SCU picks the position of each box it sets (DCMTK sends position 2 in the first box).
    const siblings = this.filmBoxes.get(a.filmBoxUid)?.annotationUids ?? [];
    if (!Number.isInteger(pos) || pos < 1 || pos > siblings.length) {
      return this.answer(cmd, fail(PrintStatus.InvalidAttributeValue, `Annotation Position must be 1..${siblings.length}`, PrintTag.AnnotationPosition));
    }
    const taken = siblings.some((u) => u !== a.uid && this.annotations.get(u)?.text !== undefined && this.annotations.get(u)?.position === pos);
    if (taken) return this.answer(cmd, fail(PrintStatus.InvalidAttributeValue, `Annotation Position ${pos} already used`, PrintTag.AnnotationPosition));
    a.position = pos;
    const text = ds.strings(PrintTag.TextString).join('\\');
    if (text.length > 64) return this.answer(cmd, fail(PrintStatus.InvalidAttributeValue, 'Text String longer than 64 characters', PrintTag.TextString));
    // Imagers that print fewer characters (Drystar: 32) truncate silently (DCMTK printers.cfg).
    const max = this.o.profile.annotation?.maxLength ?? 64;
    a.text = text.slice(0, max);
    return nSetRsp(cmd, 0);
  }

  // ------------------------------------------------------------------ Presentation LUT (PS3.4 H.4.9)

  private lutCreate(cmd: CommandSet, ds: DicomDataset | undefined, ts: string): DimseMessage {
    if (this.o.profile.presentationLut.supported === false) return this.answer(cmd, fail(PrintStatus.NoSuchSopClass, 'Presentation LUT not supported'));
    if (!ds) return this.answer(cmd, fail(PrintStatus.MissingAttribute, 'Presentation LUT Shape or Sequence missing', PrintTag.PresentationLUTShape));
    const inst = this.instanceFor(cmd);
    if ('outcome' in inst) return this.answer(cmd, inst.outcome);
    const r = parsePresentationLut(ds, this.o.profile);
    if (!r.ok) return this.answer(cmd, r.outcome);
    this.luts.set(inst.uid, { uid: inst.uid, ...r.lut });
    const fields: DatasetField[] = r.lut.shape ? [{ tag: PrintTag.PresentationLUTShape, value: r.lut.shape }] : [];
    return this.createRsp(cmd, { status: 0 }, inst.uid, fields.length ? encodeDimseDataset(fields, ts) : undefined);
  }

  // ------------------------------------------------------------------ Print Job (PS3.4 H.4.5)

  private printJobGet(cmd: CommandSet, ts: string): DimseMessage {
    const job = this.jobs.get(cmd.requestedSopInstanceUid ?? '');
    if (!job) return this.answer(cmd, fail(PrintStatus.NoSuchSopInstance, 'no such Print Job'));
    return nGetRsp(cmd, 0, encodeDimseDataset(this.jobFields(job), ts));
  }

  private jobFields(job: PrintJobState): DatasetField[] {
    return [
      { tag: PrintTag.ExecutionStatus, value: job.status },
      { tag: PrintTag.ExecutionStatusInfo, value: job.info },
      { tag: PrintTag.CreationDate, value: dicomDate(job.created) },
      { tag: PrintTag.CreationTime, value: dicomTime(job.created) },
      { tag: PrintTag.PrintPriority, value: job.priority },
      { tag: PrintTag.PrinterName, value: this.o.printerName.slice(0, 64) },
      { tag: PrintTag.Originator, value: this.association.callingAeTitle.trim() || 'UNKNOWN' },
    ];
  }

  /**
   * N-ACTION answered: a Print Job instance is created; with a negotiated Print Job context
   * the response references it (PS3.4 H.4.1.2.4.1) and the job's events follow as
   * N-EVENT-REPORTs on that context (PS3.4 H.4.5.2: 2 PRINTING, 3 DONE).
   */
  private printed(cmd: CommandSet, status: number, ts: string, req: IncomingRequest): DimseMessage {
    const negotiated = req.association.negotiated ? findContext(req.association.negotiated, SopClass.PrintJob) : undefined;
    if (!negotiated) return nActionRsp(cmd, status);
    const job: PrintJobState = {
      uid: newUid(), created: new Date(), priority: String(this.session?.values.get(PrintTag.PrintPriority) ?? 'MED'), status: 'DONE', info: 'NORMAL',
    };
    this.jobs.set(job.uid, job);
    const rsp = nActionRsp(cmd, status, encodeDimseDataset([{ tag: PrintTag.ReferencedPrintJobSequence, items: [ref(SopClass.PrintJob, job.uid)] }], ts));
    // After our response is on the wire (the association writes messages in order).
    setTimeout(() => { void this.sendJobEvents(job, negotiated.transferSyntax); }, 20).unref();
    return rsp;
  }

  private async sendJobEvents(job: PrintJobState, ts: string): Promise<void> {
    for (const [eventTypeId, state] of [[2, 'PRINTING'], [3, 'DONE']] as const) {
      if (this.association.state !== 'established') return;
      const dataset = encodeDimseDataset([
        { tag: PrintTag.ExecutionStatusInfo, value: 'NORMAL' },
        { tag: PrintTag.PrinterName, value: this.o.printerName.slice(0, 64) },
      ], ts);
      const entryBase = { time: now(), request: 'N-EVENT-REPORT (sent)', sopClass: 'Print Job SOP Class', sopInstance: job.uid };
      try {
        const rsp = await this.association.request(
          nEventReportRq({ messageId: 0, affectedSopClassUid: SopClass.PrintJob, affectedSopInstanceUid: job.uid, eventTypeId, dataset }),
          { abstractSyntax: SopClass.PrintJob, timeoutMs: 10_000 });
        this.log.push({ ...entryBase, status: rsp.status.code, comment: state });
      } catch (e) {
        this.log.push({ ...entryBase, status: 0xffff, comment: `${state}: ${(e as Error).message}`.slice(0, 64) });
        return;
      }
    }
  }

  // ------------------------------------------------------------------ printing

  /** Renders and writes one film; returns its status (0 or B603 for an empty film). */
  private async printFilm(box: FilmBoxState): Promise<number> {
    const s = this.session;
    if (!s) throw new Error('no Film Session');
    const plut = this.lutFor(box);
    const boxes: (BoxToRender | null)[] = box.imageBoxUids.map((uid) => {
      const ib = this.imageBoxes.get(uid);
      if (!ib?.image) return null;
      const pol = ib.values.get(PrintTag.Polarity);
      const mag = ib.values.get(PrintTag.MagnificationType);
      return {
        image: ib.image,
        ...(typeof pol === 'string' ? { polarity: pol } : {}),
        ...(typeof mag === 'string' ? { magnification: mag } : {}),
        ...(plut ? { presentationLut: plut } : {}),
        ...(ib.values.get(PrintTag.RequestedDecimateCropBehavior) === 'CROP' ? { crop: true } : {}),
      };
    });
    const empty = boxes.every((b) => b === null);
    const annotations = box.annotationUids.map((u) => this.annotations.get(u)).filter((a): a is AnnotationState => a !== undefined && a.text !== undefined)
      .map((a) => ({ position: a.position, text: a.text as string }));
    const str = (tag: number): string | undefined => { const v = box.values.get(tag); return typeof v === 'string' ? v : undefined; };
    const num = (tag: number): number | undefined => { const v = box.values.get(tag); return typeof v === 'number' ? v : undefined; };
    const minD = num(PrintTag.MinDensity);
    const maxD = num(PrintTag.MaxDensity);
    const border = str(PrintTag.BorderDensity);
    const emptyD = str(PrintTag.EmptyImageDensity);
    const mag = str(PrintTag.MagnificationType);
    const picture = await renderFilmPicture({
      layout: box.layout, boxes, annotations,
      annotationPositions: box.annotationUids.length,
      ...(border ? { borderDensity: border } : {}),
      ...(emptyD ? { emptyImageDensity: emptyD } : {}),
      ...(minD !== undefined ? { minDensity: minD } : {}),
      ...(maxD !== undefined ? { maxDensity: maxD } : {}),
      ...(mag ? { magnification: mag } : {}),
      ...(this.o.fontFile ? { fontFile: this.o.fontFile } : {}),
    });
    const status = empty ? PrintStatus.EmptyFilmBox : PrintStatus.Success;
    const filmNumber = this.filmNumber + 1;
    const boxPngs: { name: string; png: Buffer }[] = [];
    const imageRecords = [];
    for (const uid of box.imageBoxUids) {
      const ib = this.imageBoxes.get(uid);
      if (!ib) continue;
      const name = `box-${String(ib.position).padStart(2, '0')}.png`;
      if (ib.image) boxPngs.push({ name, png: await storedValuesPng(ib.image.columns, ib.image.rows, ib.image.pixels) });
      imageRecords.push({
        position: ib.position, sopInstanceUid: uid, rect: box.layout.boxes[ib.position - 1],
        attributes: valuesRecord(ib.values),
        image: ib.image ? {
          file: name, rows: ib.image.rows, columns: ib.image.columns, bitsAllocated: ib.image.bitsAllocated, bitsStored: ib.image.bitsStored,
          photometricInterpretation: ib.image.photometric, pixelAspect: ib.image.pixelAspect,
        } : null,
        status: ib.status ?? null,
      });
    }
    const dims = filmDimensionsMm(box.filmSizeId, box.orientation);
    const record = {
      film: filmNumber,
      printedAt: now(),
      printer: { name: this.o.printerName, profile: this.o.profile.name },
      association: {
        callingAeTitle: this.association.callingAeTitle.trim(), calledAeTitle: this.association.calledAeTitle.trim(),
        remote: this.association.remoteAddress,
      },
      filmSession: { sopInstanceUid: s.uid, attributes: valuesRecord(s.values), referencedPresentationLut: s.plutUid ?? null },
      filmBox: {
        sopInstanceUid: box.uid, attributes: valuesRecord(box.values), referencedPresentationLut: box.plutUid ?? null,
        layout: { width: box.layout.width, height: box.layout.height, pxPerMmX: box.layout.pxPerMmX, pxPerMmY: box.layout.pxPerMmY, warnings: box.layout.warnings },
      },
      presentationLut: plut ? { sopInstanceUid: plut.uid, shape: plut.shape ?? null, entries: plut.lut?.data.length ?? null, bitsPerEntry: plut.lut?.bitsPerEntry ?? null } : null,
      imageBoxes: imageRecords,
      annotations,
      status,
      exchange: [...this.log],
    };
    const folder = await s.output.writeFilm(filmNumber, { filmPng: await toPng(picture), boxPngs, record }, dims);
    this.filmNumber = filmNumber;
    this.o.onFilmPrinted?.({ association: this.association, folder, filmNumber, status });
    return status;
  }
}

function describe(field: number): string {
  const names: Record<number, string> = {
    [CommandField.N_GET_RQ]: 'N-GET', [CommandField.N_SET_RQ]: 'N-SET', [CommandField.N_ACTION_RQ]: 'N-ACTION',
    [CommandField.N_CREATE_RQ]: 'N-CREATE', [CommandField.N_DELETE_RQ]: 'N-DELETE', [CommandField.N_EVENT_REPORT_RQ]: 'N-EVENT-REPORT',
    [CommandField.C_ECHO_RQ]: 'C-ECHO',
  };
  return names[field] ?? `0x${field.toString(16)}`;
}
