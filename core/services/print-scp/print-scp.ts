/**
 * The built-in virtual imager: a Basic Grayscale Print Management SCP (PS3.4 Annex H) that
 * behaves like the printer of a chosen profile (core/film printer profiles) and writes each
 * printed film as PNG + JSON record and each session as a PDF (output-writer.ts).
 *
 * Negotiation follows the profile (DCMTK printers.cfg keys): ImplicitOnly -> only Implicit
 * VR Little Endian is accepted; MaxPDU -> our advertised Maximum Length; Presentation LUT
 * and Annotation Box contexts only where the profile supports them. Print Job (for N-GET
 * and N-EVENT-REPORT) and Verification are always offered.
 */
import type { Association } from '../../network/association.js';
import { DicomServer, type ServerEvents } from '../../network/server.js';
import type { NetworkConfig } from '../../network/config.js';
import type { AcceptorPolicy, AcceptorSupport } from '../../network/negotiation/acceptor.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, SopClass, TransferSyntax, VERIFICATION_SOP_CLASS } from '../../dicom/uids.js';
import type { PrinterProfile } from '../../film/printer-profile.js';
import { PrintAssociation, type ExchangeEntry, type FilmPrintedEvent } from './print-association.js';

export interface PrintScpOptions {
  readonly profile: PrinterProfile;
  /** Our AE title; default the profile's, else FILMSTATION_VP. */
  readonly aeTitle?: string;
  /** Root folder of the output (see defaultVirtualPrinterFolder()). */
  readonly outputFolder: string;
  /** Reject associations that call another AE title (default false: a virtual printer is forgiving). */
  readonly checkCalledAeTitle?: boolean;
  readonly allowedCallingAeTitles?: string[];
  readonly maxAssociations?: number;
  readonly config?: Partial<NetworkConfig>;
  readonly fontFile?: string;
  readonly events?: ServerEvents;
  readonly onFilmPrinted?: (e: FilmPrintedEvent) => void;
  readonly onSessionClosed?: (e: { association: Association; folder: string; pdf: string | undefined; films: number }) => void;
  readonly onExchange?: (association: Association, e: ExchangeEntry) => void;
  readonly onError?: (err: Error) => void;
}

/** Default Maximum Length when the profile gives none (PS3.8 D.1). */
const DEFAULT_MAX_PDU = 262_144;

/** The acceptor policy of a profile: transfer syntaxes, PDU size, optional SOP classes. */
export function printScpPolicy(profile: PrinterProfile, aeTitle: string, o: Pick<PrintScpOptions, 'checkCalledAeTitle' | 'allowedCallingAeTitles'> = {}): AcceptorPolicy {
  const ts = profile.network.implicitOnly === true
    ? [TransferSyntax.ImplicitVRLittleEndian]
    : [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];
  const supported: AcceptorSupport[] = [
    { abstractSyntax: SopClass.BasicGrayscalePrintManagementMeta, transferSyntaxes: ts },
    { abstractSyntax: SopClass.PrintJob, transferSyntaxes: ts },
    { abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: ts },
  ];
  if (profile.presentationLut.supported !== false) supported.push({ abstractSyntax: SopClass.PresentationLUT, transferSyntaxes: ts });
  if (profile.annotation !== null) supported.push({ abstractSyntax: SopClass.BasicAnnotationBox, transferSyntaxes: ts });
  return {
    aeTitle,
    checkCalledAeTitle: o.checkCalledAeTitle ?? false,
    allowedCallingAeTitles: o.allowedCallingAeTitles,
    supported,
    maxPduLength: profile.network.maxPdu ?? DEFAULT_MAX_PDU,
    implementationClassUid: IMPLEMENTATION_CLASS_UID,
    implementationVersionName: IMPLEMENTATION_VERSION_NAME,
  };
}

export class PrintScp {
  readonly aeTitle: string;
  readonly profile: PrinterProfile;
  private readonly server: DicomServer;
  private readonly open = new Set<PrintAssociation>();

  constructor(private readonly o: PrintScpOptions) {
    this.profile = o.profile;
    this.aeTitle = (o.aeTitle ?? o.profile.network.aeTitle ?? 'FILMSTATION_VP').trim().slice(0, 16);
    const maxPdu = o.profile.network.maxPdu ?? DEFAULT_MAX_PDU;
    this.server = new DicomServer({
      policy: printScpPolicy(o.profile, this.aeTitle, o),
      // A small-PDU imager also refuses larger PDUs than it announced (PS3.8 D.1).
      config: { maxPduLength: maxPdu, maxAssociations: o.maxAssociations ?? 8, idleTimeoutMs: 120_000, ...o.config },
      ...(o.events ? { events: o.events } : {}),
      handlers: (association) => {
        const pa = new PrintAssociation(association, {
          profile: o.profile, outputRoot: o.outputFolder, printerName: this.aeTitle,
          ...(o.fontFile ? { fontFile: o.fontFile } : {}),
          ...(o.onFilmPrinted ? { onFilmPrinted: o.onFilmPrinted } : {}),
          ...(o.onSessionClosed ? { onSessionClosed: o.onSessionClosed } : {}),
          ...(o.onExchange ? { onExchange: o.onExchange } : {}),
          ...(o.onError ? { onError: o.onError } : {}),
        });
        this.open.add(pa);
        void pa.finished.finally(() => this.open.delete(pa));
        return pa.handlers();
      },
    });
  }

  listen(port: number, host = '0.0.0.0'): Promise<number> {
    return this.server.listen(port, host);
  }

  get activeAssociations(): number { return this.server.activeAssociations; }

  /** Stops listening; open associations may finish (bounded), then session PDFs are completed. */
  async close(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    await this.server.close(opts);
    await Promise.allSettled([...this.open].map((a) => a.finished));
  }
}
