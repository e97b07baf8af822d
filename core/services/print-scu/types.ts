/**
 * What the Print SCU sends, as explicit values: already-rendered pixel matrices and the
 * attribute values of each Print Management object (PS3.3 C.13). No renderer and no
 * printer profile is needed to print: the job layer maps film document + profile here.
 */
import type { NetworkConfig } from '../../network/config.js';
import type { StatusInfo } from '../../network/dimse/status.js';
import type { DimseTrace } from '../../network/dimse-trace.js';
import type { PrinterStatusLevel, StatusInfoWords } from './printer-status-info.js';

export interface PrinterAddress {
  host: string;
  port: number;
  calledAeTitle: string;
  callingAeTitle: string;
  /** Network limits; maxPduLength is what WE accept (the peer's limit is honoured automatically). */
  config?: Partial<NetworkConfig>;
  /** Propose Implicit VR Little Endian only (printers that refuse explicit VR, DCMTK ImplicitOnly). */
  implicitOnly?: boolean;
  trace?: DimseTrace;
}

/** Basic Film Session attributes (PS3.3 C.13.1). Unset = not sent: the printer's default applies. */
export interface FilmSessionAttributes {
  numberOfCopies?: number;
  printPriority?: 'HIGH' | 'MED' | 'LOW';
  mediumType?: string;
  filmDestination?: string;
  filmSessionLabel?: string;
  memoryAllocation?: number;
  ownerId?: string;
}

/** Basic Film Box attributes (PS3.3 C.13.3, C.13.4). */
export interface FilmBoxAttributes {
  /** Image Display Format (2010,0010), e.g. 'STANDARD\\2,2' (columns, rows). */
  imageDisplayFormat: string;
  annotationDisplayFormatId?: string;
  filmOrientation?: 'PORTRAIT' | 'LANDSCAPE';
  filmSizeId?: string;
  magnificationType?: string;
  smoothingType?: string;
  borderDensity?: string;
  emptyImageDensity?: string;
  minDensity?: number;
  maxDensity?: number;
  trim?: boolean;
  configurationInformation?: string;
  requestedResolutionId?: string;
  illumination?: number;
  reflectedAmbientLight?: number;
}

/** One rendered bitmap: P-values, larger = brighter (MONOCHROME2 sense), row by row. */
export interface PrintPixels {
  width: number;
  height: number;
  bits: 8 | 12;
  data: Uint8Array | Uint16Array;
}

/** One Grayscale Image Box (PS3.3 C.13.5). */
export interface ImageBoxContent {
  /** Image Position (2020,0010), 1-based; always sent (PRINT-ANCHORS §4.4). */
  position: number;
  pixels: PrintPixels;
  /** Send MONOCHROME1 (pixels inverted by the SCU); default MONOCHROME2. */
  photometric?: 'MONOCHROME2' | 'MONOCHROME1';
  polarity?: 'NORMAL' | 'REVERSE';
  /** Requested Image Size (2020,0030), width in mm (true size). */
  requestedImageSize?: number;
  requestedDecimateCropBehavior?: 'DECIMATE' | 'CROP' | 'FAIL';
  magnificationType?: string;
  smoothingType?: string;
  /** Pixel Aspect Ratio (0028,0034); default 1\1. */
  pixelAspectRatio?: [number, number];
}

export interface AnnotationContent {
  position: number;
  text: string;
}

/** Presentation LUT (PS3.3 C.11.4) by shape, and where its reference goes (PRINT-ANCHORS §4.10, CP-173). */
export interface PresentationLutRequest {
  shape: 'IDENTITY' | 'LIN OD';
  placement: 'film-session' | 'film-box';
  illumination?: number;
  reflectedAmbientLight?: number;
}

export interface FilmContent {
  filmBox: FilmBoxAttributes;
  images: ImageBoxContent[];
  annotations?: AnnotationContent[];
}

export interface PrintRequest {
  session: FilmSessionAttributes;
  films: FilmContent[];
  presentationLut?: PresentationLutRequest;
  /** Follow the Print Job (N-GET polling and events) up to this long after N-ACTION; 0 = do not wait. Default 0. */
  followPrintJobMs?: number;
  /** Delete each film box after printing (N-DELETE); default true. */
  deleteFilmBoxes?: boolean;
  /** Called before each film's N-ACTION is sent and after its answer; awaited (the queue persists the state). */
  onFilmPhase?: (filmIndex: number, phase: FilmPhase, detail?: FilmResult) => Promise<void> | void;
  /** Charset for text attributes (labels, annotations), e.g. ['ISO_IR 100']; default repertoire when absent. */
  specificCharacterSet?: string[];
}

export type FilmPhase = 'creating' | 'action-sent' | 'printed' | 'failed';

export type PrintStep = 'associate' | 'printer' | 'presentation-lut' | 'film-session' | 'film-box' | 'image-box' | 'annotation-box' | 'print' | 'print-job' | 'delete';

/** A DIMSE exchange's outcome, kept for the job history. */
export interface StepStatus {
  step: PrintStep;
  status: StatusInfo;
  /** Which image box / annotation, when several. */
  index?: number;
  errorComment?: string;
}

export interface FilmResult {
  /** printed: N-ACTION answered with success/warning; failed: not printed; uncertain: N-ACTION sent, no answer. */
  outcome: 'printed' | 'failed' | 'uncertain' | 'not-sent';
  statuses: StepStatus[];
  warnings: StepStatus[];
  failure?: { step: PrintStep; message: string; status?: StatusInfo };
  filmBoxUid?: string;
  printJob?: PrintJobState;
}

export interface PrintJobState {
  sopInstanceUid: string;
  executionStatus?: string;
  executionStatusInfo?: string;
  words?: StatusInfoWords;
}

export interface PrinterInfo {
  status?: PrinterStatusLevel;
  statusRaw?: string;
  statusInfo?: string;
  statusInfoWords?: StatusInfoWords;
  printerName?: string;
  manufacturer?: string;
  modelName?: string;
  serialNumber?: string;
  softwareVersions?: string[];
  calibrationDate?: string;
  calibrationTime?: string;
  /** The N-GET status itself. */
  getStatus: StatusInfo;
}

export interface PrinterEvent {
  source: 'printer' | 'print-job';
  eventTypeId: number;
  /** NORMAL/WARNING/FAILURE or PENDING/PRINTING/DONE/FAILURE. */
  name: string;
  sopInstanceUid?: string;
  statusInfo?: string;
  words?: StatusInfoWords;
  at: string;
}

export interface PrintResult {
  ok: boolean;
  printer?: PrinterInfo;
  films: FilmResult[];
  events: PrinterEvent[];
  /** Fatal error that ended the association (refused, aborted, timeout...). */
  error?: { code: string; message: string; transient: boolean };
  negotiated: { metaTransferSyntax?: string; presentationLut: boolean; annotation: boolean; printJob: boolean };
  elapsedMs: number;
}
