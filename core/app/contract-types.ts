/**
 * The Workstation API contract: pure TYPES, no imports, no runtime code, so the browser
 * bundle (renderer/src/api) can `import type` it and the Electron IPC layer can be
 * generated from it. Runtime validators for every request live in contract.ts (Node).
 *
 * Every front end talks to one facade through `domain:verb` channels (ApiContract below)
 * and listens to one event stream (WorkstationEvent). The shapes here are the wire
 * shapes (JSON): plain objects, strings, numbers, booleans, arrays; images travel as
 * PNG data URLs ('data:image/png;base64,...').
 *
 * Ownership of film documents: the renderer owns the films being composed (its store
 * keeps them, with undo/redo); the facade is stateless about them. It creates, fills,
 * validates and renders film documents it is given, and stores them only once they are
 * submitted for printing (the print queue keeps them with the job).
 *
 * DICOM dates are 'YYYYMMDD', times 'HHMMSS(.ffffff)'; timestamps are ISO 8601.
 */

// ------------------------------------------------------------------ archive

export interface StudySummary {
  studyInstanceUid: string;
  /** Patient's Name (0010,0010) as stored, '^' separated, '=' between the alphabetic/ideographic/phonetic groups. */
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  accessionNumber: string;
  /** Modalities in the study, e.g. ['CT', 'SR']. */
  modalities: string[];
  seriesCount: number;
  instanceCount: number;
  /** Calling AE title for received studies; 'import' for imported ones. */
  receivedFrom: string;
  receivedAt: string;
  updatedAt: string;
}

export interface SeriesSummary {
  seriesInstanceUid: string;
  studyInstanceUid: string;
  modality: string;
  seriesNumber: number | null;
  seriesDescription: string;
  instanceCount: number;
}

export interface InstanceSummary {
  sopInstanceUid: string;
  sopClassUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  instanceNumber: number | null;
  /** Number of Frames (0028,0008); null = single frame. */
  numberOfFrames: number | null;
}

/** Local archive search. Every field optional; text fields match case-insensitively as substrings. */
export interface StudyQuery {
  /** Matches patient name (any component group, so Japanese kanji/kana too), patient ID or accession number. */
  text?: string;
  patientName?: string;
  patientId?: string;
  /** Inclusive, 'YYYYMMDD'. */
  dateFrom?: string;
  dateTo?: string;
  /** One modality, e.g. 'CT'. */
  modality?: string;
  /** Default 500, at most 5000. */
  limit?: number;
  offset?: number;
}

export interface StudyDetail {
  study: StudySummary;
  series: SeriesSummary[];
}

/** A PNG for the screen. */
export interface PngImage {
  /** 'data:image/png;base64,...' */
  dataUrl: string;
  width: number;
  height: number;
}

export interface ImageInfo {
  sopInstanceUid: string;
  rows: number;
  columns: number;
  modality: string;
  photometricInterpretation: string;
  bitsStored: number;
  /** Window Center/Width (0028,1050/1051) of the file, first pair; absent when the file has none. */
  windowCenter?: number;
  windowWidth?: number;
  /** Stored value range after the Modality LUT (Hounsfield units for CT), for W/L drag scaling. */
  minValue?: number;
  maxValue?: number;
}

export interface VoiPresetInfo {
  name: string;
  modality: string;
  center: number;
  width: number;
}

// ------------------------------------------------------------------ import

export type ImportOutcome = 'stored' | 'duplicate-kept' | 'overwritten' | 'skipped' | 'failed';

export interface ImportReportView {
  operationId: string;
  total: number;
  imported: number;
  duplicates: number;
  skipped: Array<{ path: string; reason: string }>;
  failed: Array<{ path: string; reason: string }>;
  /** Files a DICOMDIR references that are not on the medium. */
  missing: string[];
  /** Study Instance UIDs touched. */
  studies: string[];
}

/** A file sent by the browser (drag and drop / file picker) for import. */
export interface UploadedFile {
  name: string;
  /** File bytes, base64. */
  base64: string;
}

// ------------------------------------------------------------------ PACS query / retrieve

export interface PacsNode {
  id: string;
  name: string;
  host: string;
  port: number;
  calledAeTitle: string;
  /** C-MOVE (the PACS sends to our Storage SCP: it must know our AE title/port) or C-GET (same association). */
  retrieveMethod: 'C-MOVE' | 'C-GET';
}

/** Study Root C-FIND keys (PS3.4 C.6.2). Wildcards '*' and '?' as in PS3.4 C.2.2.2.4; dates 'YYYYMMDD' or ranges 'YYYYMMDD-YYYYMMDD'. */
export interface PacsStudyQuery {
  patientName?: string;
  patientId?: string;
  studyDate?: string;
  accessionNumber?: string;
  modality?: string;
  studyDescription?: string;
  limit?: number;
}

export interface RemoteStudy {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  accessionNumber: string;
  modalities: string[];
  seriesCount: number | null;
  instanceCount: number | null;
  /** Already (at least partly) in the local archive. */
  local: boolean;
}

export interface RemoteSeries {
  seriesInstanceUid: string;
  studyInstanceUid: string;
  modality: string;
  seriesNumber: number | null;
  seriesDescription: string;
  instanceCount: number | null;
}

export type OperationState = 'running' | 'done' | 'failed' | 'cancelled';

export interface RetrieveReport {
  operationId: string;
  state: Exclude<OperationState, 'running'>;
  completed: number;
  failed: number;
  warning: number;
  /** Plain-language reason when not every instance arrived. */
  message?: string;
}

// ------------------------------------------------------------------ films

export type Orientation = 'PORTRAIT' | 'LANDSCAPE';

export interface ImageRef {
  sopInstanceUid: string;
  /** 0-based frame index. */
  frame: number;
  seriesInstanceUid?: string;
  studyInstanceUid?: string;
}

export type BoxVoi =
  | { kind: 'window'; center: number; width: number; fn?: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID' }
  | { kind: 'file-window'; index: number }
  | { kind: 'file-lut'; index: number }
  | { kind: 'preset'; name: string }
  | { kind: 'auto' };

export interface BoxView {
  voi?: BoxVoi;
  zoom?: number;
  panX?: number;
  panY?: number;
  rotation?: 0 | 90 | 180 | 270;
  flipHorizontal?: boolean;
  invert?: boolean;
  crop?: { x: number; y: number; width: number; height: number };
  trueSize?: boolean;
}

export interface ImageBoxContent {
  image: ImageRef;
  view: BoxView;
  polarity?: 'NORMAL' | 'REVERSE';
}

export type AnnotationPosition = 'top-left' | 'top-center' | 'top-right' | 'middle-left' | 'middle-right' | 'bottom-left' | 'bottom-center' | 'bottom-right';

export interface AnnotationSpec {
  /** Text with {fields}: {patientName}, {patientId}, {filmNumber}, {filmCount}, {window}... */
  template: string;
  position: AnnotationPosition;
  scope: 'film' | 'box';
  sizeMm: number;
}

export interface FilmOptions {
  borderDensity?: string;
  emptyImageDensity?: string;
  magnificationType?: 'REPLICATE' | 'BILINEAR' | 'CUBIC' | 'NONE';
  smoothingType?: string;
  trim?: boolean;
  polarity?: 'NORMAL' | 'REVERSE';
  copies: number;
  mediumType?: string;
  filmDestination?: string;
  minDensity?: number;
  maxDensity?: number;
  bits?: 8 | 12;
  marginMm?: number;
  gapMm?: number;
}

/** The film document (core/film/film-document.ts), version 1. */
export interface FilmDocument {
  version: 1;
  /** Printer PROFILE name the film was composed for (e.g. 'GENERIC'; informational, the printer is chosen at print time). */
  printer?: string;
  filmSizeId: string;
  orientation: Orientation;
  /** Image Display Format (2010,0010), e.g. 'STANDARD\\4,3' = 4 columns, 3 rows. */
  displayFormat: string;
  resolution?: string;
  mode: 'per-box' | 'composite';
  /** One entry per image box in Image Position order; null = empty box. */
  boxes: (ImageBoxContent | null)[];
  annotations: AnnotationSpec[];
  options: FilmOptions;
}

export interface FilmSizeInfo {
  id: string;
  /** Portrait: width <= height. */
  widthMm: number;
  heightMm: number;
  /** A Defined Term of PS3.3 C.13.8 (false for vendor long-film sizes). */
  defined: boolean;
}

/** What drops onto a film. */
export type FillSource =
  | { kind: 'study'; studyInstanceUid: string }
  | { kind: 'series'; seriesInstanceUid: string }
  | { kind: 'images'; images: ImageRef[] };

export interface FillOptions {
  /** Default 'instance-number'. */
  sort?: 'instance-number' | 'slice-position' | 'none';
  everyNth?: number;
  startAt?: number;
  reverse?: boolean;
  /** First box of the first film to fill (0-based); earlier boxes are left alone. */
  startBox?: number;
  /** View applied to every filled box. */
  view?: BoxView;
  /** Default 200. */
  maxFilms?: number;
}

export interface FilmPreview extends PngImage {
  /** Box rectangles in preview pixels (Image Position order), for hit testing. */
  boxes: Array<{ x: number; y: number; width: number; height: number }>;
  /** The bitmap is this many printer pixels wide/high (native matrix). */
  matrix: { columns: number; rows: number };
  warnings: string[];
}

// ------------------------------------------------------------------ printers

export interface PrinterConfig {
  id: string;
  name: string;
  /** 'virtual' = the built-in virtual imager (host/port are filled in when it runs). */
  kind: 'dicom' | 'virtual';
  host: string;
  port: number;
  calledAeTitle: string;
  /** Printer profile name (resources/printers), e.g. 'GENERIC', 'AGFA_DRYSTAR_5302'. */
  profile: string;
  /** Seconds between N-GET Printer polls; 0 = no polling. Default 30. */
  statusPollSeconds?: number;
}

export type PrinterLevel = 'NORMAL' | 'WARNING' | 'FAILURE';

export interface PrinterStatusView {
  reachable: boolean;
  /** Absent when unreachable or the printer did not say. */
  level?: PrinterLevel;
  /** One line for people: "Ready", "Not able to print: Film is jammed in the printer." */
  summary: string;
  statusInfo?: string;
  printerName?: string;
  manufacturer?: string;
  modelName?: string;
  checkedAt: string;
  elapsedMs: number;
}

export interface PrinterView extends PrinterConfig {
  isDefault: boolean;
  /** Last polled status; absent before the first poll. */
  status?: PrinterStatusView;
}

/** What a printer profile allows: the print dialog and layout picker offer only these. null = not restricted by the profile. */
export interface PrinterCapabilities {
  printerId: string;
  profile: string;
  description: string;
  filmSizes: FilmSizeInfo[];
  /** Portrait display formats; landscape swaps columns and rows of STANDARD. null = any. */
  displayFormats: string[] | null;
  orientations: Orientation[];
  mediumTypes: string[] | null;
  filmDestinations: string[] | null;
  magnificationTypes: string[] | null;
  smoothingTypes: string[] | null;
  borderDensities: string[] | null;
  emptyImageDensities: string[] | null;
  minDensities: number[] | null;
  maxDensities: number[] | null;
  resolutions: string[] | null;
  supports12Bit: boolean;
  printModes: Array<'per-box' | 'composite'>;
  /** Maximum copies we let the user ask for. */
  maxCopies: number;
  annotationBoxes: number;
}

export interface PrinterProfileInfo {
  name: string;
  description: string;
}

export interface EchoView {
  ok: boolean;
  elapsedMs: number;
  /** Plain-language outcome ("Answered in 12 ms", "Connection refused by 10.0.0.5:104"). */
  message: string;
}

/** A DICOM node to try out before it is saved (Echo test / detection in settings). */
export interface NodeAddress {
  host: string;
  port: number;
  calledAeTitle: string;
}

export interface DetectedCapabilities {
  reachable: boolean;
  message: string;
  printer?: { level?: PrinterLevel; summary: string; manufacturer?: string; modelName?: string; printerName?: string };
  negotiated?: { explicitVr: boolean; presentationLut: boolean; annotation: boolean; printJob: boolean };
  /** Accepted by N-CREATE Film Box probes (nothing is printed). */
  displayFormats: string[];
  filmSizes: string[];
  /** Profiles whose film sizes and formats all passed, best first. */
  suggestedProfiles: string[];
}

// ------------------------------------------------------------------ print and queue

/** Print dialog values; unset = the printer profile's default. */
export interface PrintOptions {
  copies?: number;
  priority?: 'HIGH' | 'MED' | 'LOW';
  mediumType?: string;
  filmDestination?: string;
  magnificationType?: string;
  smoothingType?: string;
  borderDensity?: string;
  emptyImageDensity?: string;
  minDensity?: number;
  maxDensity?: number;
  trim?: boolean;
  resolutionId?: string;
  bits?: 8 | 12;
  /** Film Session Label (2000,0050). */
  label?: string;
  /** Annotation Box texts when the printer has annotation boxes. */
  annotate?: boolean;
}

export type JobState = 'queued' | 'running' | 'waiting-retry' | 'done' | 'failed' | 'needs-attention' | 'cancelled';
export type FilmState = 'pending' | 'sending' | 'action-sent' | 'printed' | 'failed' | 'uncertain' | 'cancelled';

export interface JobFilmView {
  index: number;
  state: FilmState;
  attempts: number;
  /** Plain-language warnings (printer answered with a warning status, attribute adjusted...). */
  warnings: string[];
  failure?: string;
  printedAt?: string;
  filmSizeId: string;
  orientation: Orientation;
  displayFormat: string;
  /** Boxes with an image. */
  images: number;
}

export interface JobView {
  id: string;
  createdAt: string;
  updatedAt: string;
  printerId: string;
  printerName: string;
  state: JobState;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  reprintOf?: string;
  copies: number;
  films: JobFilmView[];
  /** Newest last. */
  history: Array<{ at: string; what: string; film?: number }>;
  /** The printer's status at the last attempt. */
  printerSummary?: string;
}

// ------------------------------------------------------------------ settings

export interface AnnotationTemplate {
  id: string;
  name: string;
  annotations: AnnotationSpec[];
}

export type Language = 'auto' | 'ja' | 'en';

export interface VirtualPrinterSettings {
  enabled: boolean;
  /** Profile the virtual imager behaves as. */
  profile: string;
  aeTitle: string;
  /** 0 = choose a free port at first start (then kept). */
  port: number;
  outputFolder: string;
}

export interface Settings {
  version: 1;
  /** Our AE title (Storage SCP called AE, SCU calling AE). */
  aeTitle: string;
  /** Storage SCP port; 0 = any free port (tests). */
  port: number;
  /** Address the Storage SCP listens on; default '0.0.0.0'. */
  listenHost: string;
  language: Language;
  pacsNodes: PacsNode[];
  printers: PrinterConfig[];
  defaultPrinterId: string | null;
  annotationTemplates: AnnotationTemplate[];
  /** Template applied to new films; null = none. */
  activeAnnotationTemplateId: string | null;
  /** Film defaults for new films when the printer profile leaves them open. */
  defaultFilmSizeId: string;
  defaultDisplayFormat: string;
  virtualPrinter: VirtualPrinterSettings;
}

/** settings:set takes a patch of the top-level fields (arrays are replaced whole). */
export type SettingsPatch = Partial<Omit<Settings, 'version'>>;

// ------------------------------------------------------------------ app

export interface AppInfo {
  version: string;
  /** Which front end is connected: 'browser' (browser host) or 'electron'. Filled by the host. */
  host: 'browser' | 'electron' | 'cli';
  aeTitle: string;
  storage: { listening: boolean; port: number | null; error?: string };
  virtualPrinter: { listening: boolean; port: number | null; outputFolder: string; error?: string };
  archiveFolder: string;
  settingsFolder: string;
  /** Operating system language (BCP 47), for the 'auto' language setting. */
  systemLocale: string;
  /** Query/Retrieve is available in this build. */
  queryRetrieve: boolean;
}

// ------------------------------------------------------------------ the channel map

type Empty = Record<string, never>;

/** `domain:verb` channel -> request payload and response. */
export interface ApiContract {
  'app:info': { request: Empty; response: AppInfo };

  'studies:list': { request: { query?: StudyQuery }; response: StudySummary[] };
  'studies:get': { request: { studyInstanceUid: string }; response: StudyDetail };
  'studies:instances': { request: { seriesInstanceUid: string }; response: InstanceSummary[] };
  /** Deletes a study, or one series of it. */
  'studies:delete': { request: { studyInstanceUid: string; seriesInstanceUid?: string }; response: { deletedInstances: number } };

  'images:thumbnail': { request: { sopInstanceUid: string; frame?: number; maxSide?: number }; response: PngImage };
  'images:info': { request: { sopInstanceUid: string; frame?: number }; response: ImageInfo };
  'images:presets': { request: Empty; response: VoiPresetInfo[] };

  /** Files, folders or DICOMDIRs on the machine running the facade. Progress: 'import-progress' events. */
  'import:paths': { request: { paths: string[]; operationId?: string }; response: ImportReportView };
  /** Files sent from the browser (drag and drop). At most 64 MiB per call: send big sets in several calls. */
  'import:upload': { request: { files: UploadedFile[]; operationId?: string }; response: ImportReportView };

  'pacs:echo': { request: { nodeId: string }; response: EchoView };
  'pacs:findStudies': { request: { nodeId: string; query: PacsStudyQuery }; response: RemoteStudy[] };
  'pacs:findSeries': { request: { nodeId: string; studyInstanceUid: string }; response: RemoteSeries[] };
  /** Resolves when the retrieve has ended; progress: 'retrieve-progress' events with the same operationId. */
  'pacs:retrieve': { request: { nodeId: string; studyInstanceUid: string; seriesInstanceUid?: string; operationId?: string }; response: RetrieveReport };

  'films:sizes': { request: Empty; response: FilmSizeInfo[] };
  /** A new empty film for the printer (its defaults for size/format), with the active annotation template. */
  'films:create': { request: { printerId?: string; filmSizeId?: string; orientation?: Orientation; displayFormat?: string }; response: FilmDocument };
  /** Drop a study/series/images onto a film: fills empty boxes from startBox on and adds films of the same layout. Returns all films (the first replaces the input). */
  'films:fill': { request: { film: FilmDocument; source: FillSource; options?: FillOptions }; response: { films: FilmDocument[]; images: number } };
  /** Change layout/size/orientation keeping the images in order (may return more films). */
  'films:relayout': { request: { films: FilmDocument[]; displayFormat?: string; filmSizeId?: string; orientation?: Orientation }; response: { films: FilmDocument[] } };
  /** Checks a film against the schema and the printer's profile; problems in plain language. */
  'films:validate': { request: { film: FilmDocument; printerId?: string }; response: { ok: boolean; problems: string[]; warnings: string[] } };
  /** The film rendered by the core renderer at the printer's matrix, scaled to maxSide (default 1024): what is seen is what prints. */
  'films:preview': { request: { film: FilmDocument; printerId?: string; maxSide?: number; filmNumber?: number; filmCount?: number }; response: FilmPreview };
  /** One box only (fast path for window/level drag). */
  'films:previewBox': { request: { film: FilmDocument; boxIndex: number; printerId?: string; maxSide?: number }; response: PngImage };

  'printers:list': { request: Empty; response: PrinterView[] };
  'printers:profiles': { request: Empty; response: PrinterProfileInfo[] };
  'printers:capabilities': { request: { printerId: string }; response: PrinterCapabilities };
  /** Adds (no id or unknown id) or updates a printer; returns the saved printer. */
  'printers:save': { request: { printer: Omit<PrinterConfig, 'id'> & { id?: string } }; response: PrinterView };
  'printers:remove': { request: { printerId: string }; response: { removed: boolean } };
  'printers:setDefault': { request: { printerId: string }; response: PrinterView[] };
  /** Asks the printer now (N-GET Printer). */
  'printers:status': { request: { printerId: string }; response: PrinterStatusView };
  /** C-ECHO a saved printer (printerId) or an address being entered. */
  'printers:echo': { request: { printerId?: string; address?: NodeAddress }; response: EchoView };
  /** Capability detection: N-CREATE Film Box probes, nothing printed. */
  'printers:detect': { request: { address: NodeAddress; displayFormats?: string[]; filmSizes?: string[] }; response: DetectedCapabilities };

  /** Queues the films; progress: 'job-progress' events. */
  'print:submit': { request: { printerId?: string; films: FilmDocument[]; options?: PrintOptions }; response: JobView };

  'queue:list': { request: Empty; response: JobView[] };
  'queue:get': { request: { jobId: string }; response: JobView };
  'queue:cancel': { request: { jobId: string }; response: JobView };
  /** Sends the failed (and cancelled) films of a finished job again, as a new job. */
  'queue:retry': { request: { jobId: string }; response: JobView };
  /** The user says whether an uncertain film came out of the printer (not printed = send again). */
  'queue:confirmUncertain': { request: { jobId: string; filmIndex: number; printed: boolean }; response: JobView };
  /** Prints films of a past job again as a new job (all films, or the given indexes). */
  'queue:reprint': { request: { jobId: string; filmIndexes?: number[] }; response: JobView };
  /** A film of a job as it will be / was printed. */
  'queue:filmPreview': { request: { jobId: string; filmIndex: number; maxSide?: number }; response: PngImage };

  'settings:get': { request: Empty; response: Settings };
  'settings:set': { request: { patch: SettingsPatch }; response: Settings };
}

export type Channel = keyof ApiContract;
export type RequestOf<C extends Channel> = ApiContract[C]['request'];
export type ResponseOf<C extends Channel> = ApiContract[C]['response'];

// ------------------------------------------------------------------ events

export type WorkstationEvent =
  /** A study new to the archive (C-STORE, retrieve or import); coalesced: at most one per study per 250 ms. */
  | { type: 'study-received'; studyInstanceUid: string; instances: number; receivedFrom: string }
  /** More instances of a study already listed. */
  | { type: 'study-updated'; studyInstanceUid: string; instances: number; receivedFrom: string }
  | { type: 'study-deleted'; studyInstanceUid: string; seriesInstanceUid?: string }
  | { type: 'import-progress'; operationId: string; done: number; total: number; path: string; outcome: ImportOutcome; reason?: string }
  | { type: 'retrieve-progress'; operationId: string; nodeId: string; studyInstanceUid: string; seriesInstanceUid?: string; state: OperationState; completed: number; remaining: number | null; failed: number; warning: number; message?: string }
  | { type: 'job-progress'; job: JobView }
  | { type: 'printer-status'; printerId: string; status: PrinterStatusView }
  | { type: 'settings-changed'; settings: Settings }
  | { type: 'service-state'; service: 'storage-scp' | 'virtual-printer' | 'print-queue'; listening: boolean; port: number | null; error?: string };

export type WorkstationEventType = WorkstationEvent['type'];

// ------------------------------------------------------------------ errors and transports

export type ApiErrorCode =
  | 'BAD_REQUEST'     // the payload failed validation (details lists the problems)
  | 'UNKNOWN_CHANNEL'
  | 'NOT_FOUND'       // study, series, image, printer, job, PACS node...
  | 'NOT_AVAILABLE'   // a feature missing in this build or not running (Q/R, virtual printer)
  | 'CONFLICT'        // the request is not possible in the current state
  | 'FAILED'          // the operation ran and failed (message says why, in plain language)
  | 'INTERNAL';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  details?: string[];
}

/** A call's outcome as it crosses a process boundary (errors keep their code). */
export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

/** Browser host WebSocket messages (JSON text frames). */
export type ClientMessage = { id: number; channel: string; payload: unknown };
export type ServerMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: ApiErrorBody }
  | { event: WorkstationEvent };

/** 'studies:list' -> 'studiesList': the names the Electron preload exposes. */
export type BridgeName<C extends string> = C extends `${infer D}:${infer V}` ? `${D}${Capitalize<V>}` : never;

/**
 * What the Electron preload exposes as window.filmstation: exactly one function per
 * channel (no generic invoke), plus the event subscription.
 */
export type FilmstationBridge = {
  [C in Channel as BridgeName<C>]: (payload: RequestOf<C>) => Promise<ApiResult<ResponseOf<C>>>;
} & {
  onEvent(listener: (event: WorkstationEvent) => void): () => void;
  /** The file-system path of a file dropped on the window (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: unknown): string;
};
