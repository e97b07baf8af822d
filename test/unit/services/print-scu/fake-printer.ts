/**
 * A scripted Print SCP on our own acceptor, for the SCU's fault paths (statuses, aborts,
 * silence, events while a request is pending). Each request can be answered by a rule.
 */
import { DicomServer } from '../../../../core/network/server.js';
import type { Association, IncomingRequest } from '../../../../core/network/association.js';
import { CommandField } from '../../../../core/network/dimse/command-set.js';
import { nActionRsp, nCreateRsp, nDeleteRsp, nEventReportRq, nGetRsp, nSetRsp, type DimseMessage } from '../../../../core/network/dimse/messages.js';
import { DatasetBuilder } from '../../../../core/dicom/dataset-builder.js';
import { parseDicomDataset } from '../../../../core/dicom/read-dicom-file.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, SopClass, TransferSyntax } from '../../../../core/dicom/uids.js';

export type Rule = (req: IncomingRequest, n: number) => 'abort' | 'silent' | number | undefined;

export interface FakePrinterOptions {
  printerStatus?: string;
  printerStatusInfo?: string;
  /** Status per command name ('N-ACTION', 'N-CREATE film-box', ...) or a function. */
  rule?: Rule;
  /** Send a Printer N-EVENT-REPORT before answering this request number (1-based). */
  eventBefore?: { request: number; eventTypeId: number; statusInfo?: string };
  implicitOnly?: boolean;
  /** Listen on this port (default: a free one). */
  port?: number;
  /** Answer N-ACTION with a Referenced Print Job Sequence and serve Print Job N-GET. */
  printJob?: { executionStatus: string; executionStatusInfo?: string };
}

export interface FakePrinter {
  port: number;
  aeTitle: string;
  received: string[];
  /** N-SET data sets received for image boxes (decoded). */
  imageBoxes: Array<{ rows: number; columns: number; bitsStored: number; photometric: string; position: number; pixels: Uint8Array }>;
  filmBoxes: Array<Record<string, string | undefined>>;
  sessions: Array<Record<string, string | undefined>>;
  eventsAnswered: number[];
  associations: number;
  close(): Promise<void>;
}

let uidCounter = 0;
const uid = (): string => `2.25.${Date.now()}${++uidCounter}`;

export async function startFakePrinter(o: FakePrinterOptions = {}): Promise<FakePrinter> {
  const ts = o.implicitOnly ? [TransferSyntax.ImplicitVRLittleEndian] : [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];
  const fp: FakePrinter = {
    port: 0, aeTitle: 'FAKEPRT', received: [], imageBoxes: [], filmBoxes: [], sessions: [], eventsAnswered: [], associations: 0,
    close: async () => { await server.close({ graceful: false, timeoutMs: 1000 }); },
  };
  let n = 0;
  const handle = async (req: IncomingRequest): Promise<DimseMessage | undefined> => {
    n++;
    const c = req.command;
    const cls = c.affectedSopClassUid ?? c.requestedSopClassUid ?? '';
    const name = `${commandLabel(c.commandField)} ${classLabel(cls)}`;
    fp.received.push(name);
    const a: Association = req.association;
    const tsUid = req.context.transferSyntax;
    if (o.eventBefore && o.eventBefore.request === n) {
      const ev = new DatasetBuilder();
      if (o.eventBefore.statusInfo) ev.text(0x21100020, 'CS', o.eventBefore.statusInfo);
      const rsp = await a.request(nEventReportRq({
        messageId: 0, affectedSopClassUid: SopClass.Printer, affectedSopInstanceUid: '1.2.840.10008.5.1.1.17',
        eventTypeId: o.eventBefore.eventTypeId, dataset: ev.encode(tsUid),
      }), { presentationContextId: req.context.id, service: 'print' });
      fp.eventsAnswered.push(rsp.status.code);
    }
    const verdict = o.rule?.(req, n);
    if (verdict === 'abort') { a.abort(); return new Promise<undefined>((r) => setTimeout(() => r(undefined), 500)); }
    if (verdict === 'silent') return new Promise<undefined>((r) => setTimeout(() => r(undefined), 60_000).unref());
    const status = typeof verdict === 'number' ? verdict : 0;
    const ds = req.dataset && req.dataset.length ? parseDicomDataset(req.dataset, tsUid, { lenient: true }) : undefined;
    switch (c.commandField) {
      case CommandField.N_GET_RQ: {
        if (cls === SopClass.PrintJob) {
          const b = new DatasetBuilder().text(0x21000020, 'CS', o.printJob?.executionStatus ?? 'DONE');
          if (o.printJob?.executionStatusInfo) b.text(0x21000030, 'CS', o.printJob.executionStatusInfo);
          return nGetRsp(c, status, b.encode(tsUid));
        }
        const b = new DatasetBuilder().text(0x21100010, 'CS', o.printerStatus ?? 'NORMAL').text(0x21100020, 'CS', o.printerStatusInfo ?? 'NORMAL')
          .text(0x21100030, 'LO', 'FAKE').text(0x00080070, 'LO', 'Filmstation tests');
        return nGetRsp(c, status, b.encode(tsUid));
      }
      case CommandField.N_CREATE_RQ: {
        const inst = uid();
        if (cls === SopClass.BasicFilmBox && ds) {
          fp.filmBoxes.push({ format: ds.string(0x20100010), size: ds.string(0x20100050), lut: ds.sequence(0x20500500)[0]?.string(0x00081155) });
          const f = (ds.string(0x20100010) ?? 'STANDARD\\1,1').split('\\')[1] ?? '1,1';
          const [cc, rr] = f.split(',').map(Number);
          const count = (cc ?? 1) * (rr ?? 1);
          const items = Array.from({ length: count }, (_, i) => new DatasetBuilder().text(0x00081150, 'UI', SopClass.BasicGrayscaleImageBox).text(0x00081155, 'UI', `${inst}.${i + 1}`));
          const rsp = new DatasetBuilder().text(0x20100010, 'ST', ds.string(0x20100010) ?? '').sequence(0x20100510, items);
          return nCreateRsp(c, status, status >= 0xc000 ? {} : { affectedSopInstanceUid: inst, dataset: rsp.encode(tsUid) });
        }
        if (cls === SopClass.BasicFilmSession && ds) fp.sessions.push({ copies: ds.string(0x20000010), medium: ds.string(0x20000030), lut: ds.sequence(0x20500500)[0]?.string(0x00081155) });
        return nCreateRsp(c, status, status >= 0xc000 ? {} : { affectedSopInstanceUid: inst });
      }
      case CommandField.N_SET_RQ: {
        const item = ds?.sequence(0x20200110)[0];
        if (item && ds) {
          const px = item.bytes(0x7fe00010) ?? new Uint8Array();
          fp.imageBoxes.push({
            rows: item.number(0x00280010) ?? 0, columns: item.number(0x00280011) ?? 0, bitsStored: item.number(0x00280101) ?? 0,
            photometric: item.string(0x00280004) ?? '', position: ds.number(0x20200010) ?? 0, pixels: new Uint8Array(px),
          });
        }
        return nSetRsp(c, status);
      }
      case CommandField.N_ACTION_RQ: {
        if (o.printJob && status < 0xc000) {
          const ref = new DatasetBuilder().text(0x00081150, 'UI', SopClass.PrintJob).text(0x00081155, 'UI', uid());
          return nActionRsp(c, status, new DatasetBuilder().sequence(0x21000500, [ref]).encode(tsUid));
        }
        return nActionRsp(c, status);
      }
      case CommandField.N_DELETE_RQ: return nDeleteRsp(c, status);
      default: return undefined;
    }
  };
  const classes = [SopClass.BasicGrayscalePrintManagementMeta, SopClass.PresentationLUT, SopClass.BasicAnnotationBox, SopClass.PrintJob];
  const server = new DicomServer({
    policy: {
      aeTitle: fp.aeTitle, checkCalledAeTitle: false, supported: classes.map((abstractSyntax) => ({ abstractSyntax, transferSyntaxes: ts })),
      maxPduLength: 16384, implementationClassUid: IMPLEMENTATION_CLASS_UID, implementationVersionName: IMPLEMENTATION_VERSION_NAME,
    },
    handlers: { onRequest: handle },
    events: { onAssociation: () => { fp.associations++; } },
  });
  fp.port = await server.listen(o.port ?? 0, '127.0.0.1');
  return fp;
}

function commandLabel(f: number): string {
  switch (f) {
    case CommandField.N_GET_RQ: return 'N-GET';
    case CommandField.N_CREATE_RQ: return 'N-CREATE';
    case CommandField.N_SET_RQ: return 'N-SET';
    case CommandField.N_ACTION_RQ: return 'N-ACTION';
    case CommandField.N_DELETE_RQ: return 'N-DELETE';
    default: return `0x${f.toString(16)}`;
  }
}

function classLabel(uidValue: string): string {
  switch (uidValue) {
    case SopClass.Printer: return 'printer';
    case SopClass.BasicFilmSession: return 'film-session';
    case SopClass.BasicFilmBox: return 'film-box';
    case SopClass.BasicGrayscaleImageBox: return 'image-box';
    case SopClass.PresentationLUT: return 'lut';
    case SopClass.BasicAnnotationBox: return 'annotation';
    case SopClass.PrintJob: return 'print-job';
    default: return uidValue;
  }
}
