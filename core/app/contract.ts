/**
 * The Workstation API contract at runtime: the list of channels and a validator for every
 * request payload. The types are in contract-types.ts (importable by the browser bundle);
 * this file is for Node (the facade, the browser host, the Electron main process).
 *
 * `REQUEST_SCHEMAS` is typed against the contract, so a channel added to ApiContract
 * without a validator (or with one that does not match its request type) fails to compile.
 */
import { validateFilmDocument } from '../film/film-document.js';
import { FilmError } from '../film/errors.js';
import type { ApiContract, Channel, RequestOf } from './contract-types.js';
import { parse, v, type Schema } from './validate.js';

export type * from './contract-types.js';

/** Unique identifiers (PS3.5 9.1): digits and dots, at most 64 characters. */
const uid = (): Schema<string> => v.string({ min: 1, max: 64, pattern: /^[0-9]+(\.[0-9]+)*$/, what: 'a DICOM UID (digits and dots)' });
/** AE title (PS3.5 6.2, AE): 1-16 characters, no backslash or control characters, not all spaces. */
const aeTitle = (): Schema<string> => v.string({ min: 1, max: 16, pattern: /^(?=.*[^ ])[\x20-\x5b\x5d-\x7e]+$/, what: 'an AE title (1-16 characters, no backslash)' });
const host = (): Schema<string> => v.string({ min: 1, max: 255, pattern: /^[A-Za-z0-9.:_%[\]-]+$/, what: 'a host name or IP address' });
const port = (min = 1): Schema<number> => v.number({ integer: true, min, max: 65535 });
const id = (): Schema<string> => v.string({ min: 1, max: 100, pattern: /^[A-Za-z0-9_.:-]+$/, what: 'an id (letters, digits, _ . : -)' });
const text = (max = 1024): Schema<string> => v.string({ max });
const dicomDate = (): Schema<string> => v.string({ max: 8, pattern: /^(\d{8})?$/, what: 'a date YYYYMMDD' });
const operationId = (): Schema<string> => v.string({ min: 1, max: 100, pattern: /^[A-Za-z0-9_-]+$/, what: 'an operation id' });
const orientation = () => v.literal('PORTRAIT', 'LANDSCAPE');
const displayFormat = (): Schema<string> => v.string({ min: 1, max: 64 });
const filmSizeId = (): Schema<string> => v.string({ min: 1, max: 32 });

/** The film document: the core schema plus its semantic checks (film size, box count). */
const filmDocument = () => v.custom<ApiContract['films:create']['response']>((value) => {
  try {
    validateFilmDocument(value);
    return [];
  } catch (err) {
    if (err instanceof FilmError) return err.problems.length ? [...err.problems] : [err.message];
    return [err instanceof Error ? err.message : String(err)];
  }
});

const imageRef = () => v.object({
  sopInstanceUid: uid(), frame: v.number({ integer: true, min: 0, max: 100_000 }),
  seriesInstanceUid: v.optional(uid()), studyInstanceUid: v.optional(uid()),
});

const voi = () => v.tagged('kind', {
  window: v.object({ kind: v.literal('window'), center: v.number(), width: v.number({ min: 1 }), fn: v.optional(v.literal('LINEAR', 'LINEAR_EXACT', 'SIGMOID')) }),
  'file-window': v.object({ kind: v.literal('file-window'), index: v.number({ integer: true, min: 0, max: 1000 }) }),
  'file-lut': v.object({ kind: v.literal('file-lut'), index: v.number({ integer: true, min: 0, max: 1000 }) }),
  preset: v.object({ kind: v.literal('preset'), name: text(64) }),
  auto: v.object({ kind: v.literal('auto') }),
});

const boxView = () => v.object({
  voi: v.optional(voi()), zoom: v.optional(v.number({ min: 0.01, max: 100 })), panX: v.optional(v.number()), panY: v.optional(v.number()),
  rotation: v.optional(v.literal(0, 90, 180, 270)), flipHorizontal: v.optional(v.boolean()), invert: v.optional(v.boolean()),
  crop: v.optional(v.object({ x: v.number({ min: 0 }), y: v.number({ min: 0 }), width: v.number({ min: 1 }), height: v.number({ min: 1 }) })),
  trueSize: v.optional(v.boolean()),
});

const annotationSpec = () => v.object({
  template: text(256),
  position: v.literal('top-left', 'top-center', 'top-right', 'middle-left', 'middle-right', 'bottom-left', 'bottom-center', 'bottom-right'),
  scope: v.literal('film', 'box'),
  sizeMm: v.number({ min: 0.5, max: 50 }),
});

const printerConfigInput = () => v.object({
  id: v.optional(id()), name: v.string({ min: 1, max: 64 }), kind: v.literal('dicom', 'virtual'),
  host: host(), port: port(0), calledAeTitle: aeTitle(), profile: v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_]+$/, what: 'a profile name' }),
  statusPollSeconds: v.optional(v.number({ integer: true, min: 0, max: 3600 })),
});

const printerConfig = () => v.object({
  id: id(), name: v.string({ min: 1, max: 64 }), kind: v.literal('dicom', 'virtual'),
  host: host(), port: port(0), calledAeTitle: aeTitle(), profile: v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_]+$/, what: 'a profile name' }),
  statusPollSeconds: v.optional(v.number({ integer: true, min: 0, max: 3600 })),
});

const pacsNode = () => v.object({
  id: id(), name: v.string({ min: 1, max: 64 }), host: host(), port: port(), calledAeTitle: aeTitle(),
  retrieveMethod: v.literal('C-MOVE', 'C-GET'),
});

const nodeAddress = () => v.object({ host: host(), port: port(), calledAeTitle: aeTitle() });

/** settings:set patch; also checks each field of settings.json when it is loaded. */
export const settingsPatch = () => v.object({
  aeTitle: v.optional(aeTitle()), port: v.optional(port(0)), listenHost: v.optional(host()),
  language: v.optional(v.literal('auto', 'ja', 'en')),
  pacsNodes: v.optional(v.array(pacsNode(), { max: 100 })),
  printers: v.optional(v.array(printerConfig(), { max: 100 })),
  defaultPrinterId: v.optional(v.nullable(id())),
  annotationTemplates: v.optional(v.array(v.object({ id: id(), name: v.string({ min: 1, max: 64 }), annotations: v.array(annotationSpec(), { max: 32 }) }), { max: 100 })),
  activeAnnotationTemplateId: v.optional(v.nullable(id())),
  defaultFilmSizeId: v.optional(filmSizeId()),
  defaultDisplayFormat: v.optional(displayFormat()),
  virtualPrinter: v.optional(v.object({
    enabled: v.boolean(), profile: v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_]+$/, what: 'a profile name' }), aeTitle: aeTitle(),
    port: port(0), outputFolder: v.string({ min: 1, max: 4096 }),
  })),
});

const printOptions = () => v.object({
  copies: v.optional(v.number({ integer: true, min: 1, max: 99 })), priority: v.optional(v.literal('HIGH', 'MED', 'LOW')),
  mediumType: v.optional(text(64)), filmDestination: v.optional(text(64)), magnificationType: v.optional(text(16)),
  smoothingType: v.optional(text(16)), borderDensity: v.optional(text(16)), emptyImageDensity: v.optional(text(16)),
  minDensity: v.optional(v.number({ integer: true, min: 0, max: 1000 })), maxDensity: v.optional(v.number({ integer: true, min: 0, max: 1000 })),
  trim: v.optional(v.boolean()), resolutionId: v.optional(text(16)), bits: v.optional(v.literal(8, 12)),
  label: v.optional(text(64)), annotate: v.optional(v.boolean()),
});

const MAX_FILMS = 500;
/** 64 MiB of file data per upload call, as base64 (4/3). */
export const MAX_UPLOAD_BASE64 = Math.ceil((64 * 1024 * 1024 * 4) / 3);

const uploadFiles = () => v.custom<{ name: string; base64: string }[]>((value) => {
  const problems: string[] = [];
  v.array(v.object({ name: v.string({ min: 1, max: 255 }), base64: v.string({ max: MAX_UPLOAD_BASE64, pattern: /^[A-Za-z0-9+/]*={0,2}$/, what: 'base64' }) }), { min: 1, max: 10_000 })
    .check(value, '$', problems);
  if (!problems.length && Array.isArray(value)) {
    const total = (value as { base64: string }[]).reduce((n, f) => n + f.base64.length, 0);
    if (total > MAX_UPLOAD_BASE64) problems.push(`$: more than 64 MiB in one call: send the files in several calls`);
  }
  return problems;
});

const fillSource = () => v.tagged('kind', {
  study: v.object({ kind: v.literal('study'), studyInstanceUid: uid() }),
  series: v.object({ kind: v.literal('series'), seriesInstanceUid: uid() }),
  images: v.object({ kind: v.literal('images'), images: v.array(imageRef(), { min: 1, max: 20_000 }) }),
});

const fillOptions = () => v.object({
  sort: v.optional(v.literal('instance-number', 'slice-position', 'none')),
  everyNth: v.optional(v.number({ integer: true, min: 1, max: 1000 })),
  startAt: v.optional(v.number({ integer: true, min: 0 })),
  reverse: v.optional(v.boolean()),
  startBox: v.optional(v.number({ integer: true, min: 0, max: 400 })),
  view: v.optional(boxView()),
  maxFilms: v.optional(v.number({ integer: true, min: 1, max: MAX_FILMS })),
});

const maxSide = () => v.number({ integer: true, min: 16, max: 4096 });
const jobId = () => v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, what: 'a job id' });

/** One validator per channel. */
export const REQUEST_SCHEMAS: { readonly [C in Channel]: Schema<RequestOf<C>> } = {
  'app:info': v.empty(),

  'studies:list': v.object({
    query: v.optional(v.object({
      text: v.optional(text(128)), patientName: v.optional(text(128)), patientId: v.optional(text(64)),
      dateFrom: v.optional(dicomDate()), dateTo: v.optional(dicomDate()), modality: v.optional(text(16)),
      limit: v.optional(v.number({ integer: true, min: 1, max: 5000 })), offset: v.optional(v.number({ integer: true, min: 0 })),
    })),
  }),
  'studies:get': v.object({ studyInstanceUid: uid() }),
  'studies:instances': v.object({ seriesInstanceUid: uid() }),
  'studies:delete': v.object({ studyInstanceUid: uid(), seriesInstanceUid: v.optional(uid()) }),

  'images:thumbnail': v.object({ sopInstanceUid: uid(), frame: v.optional(v.number({ integer: true, min: 0, max: 100_000 })), maxSide: v.optional(maxSide()) }),
  'images:info': v.object({ sopInstanceUid: uid(), frame: v.optional(v.number({ integer: true, min: 0, max: 100_000 })) }),
  'images:presets': v.empty(),

  'import:paths': v.object({ paths: v.array(v.string({ min: 1, max: 4096 }), { min: 1, max: 10_000 }), operationId: v.optional(operationId()) }),
  'import:upload': v.object({ files: uploadFiles(), operationId: v.optional(operationId()) }),

  'pacs:echo': v.object({ nodeId: id() }),
  'pacs:findStudies': v.object({
    nodeId: id(),
    query: v.object({
      patientName: v.optional(text(64)), patientId: v.optional(text(64)),
      studyDate: v.optional(v.string({ max: 17, pattern: /^(\d{8})?(-?(\d{8})?)$/, what: 'a date or range YYYYMMDD-YYYYMMDD' })),
      accessionNumber: v.optional(text(16)), modality: v.optional(text(16)), studyDescription: v.optional(text(64)),
      limit: v.optional(v.number({ integer: true, min: 1, max: 5000 })),
    }),
  }),
  'pacs:findSeries': v.object({ nodeId: id(), studyInstanceUid: uid() }),
  'pacs:retrieve': v.object({ nodeId: id(), studyInstanceUid: uid(), seriesInstanceUid: v.optional(uid()), operationId: v.optional(operationId()) }),

  'films:sizes': v.empty(),
  'films:create': v.object({ printerId: v.optional(id()), filmSizeId: v.optional(filmSizeId()), orientation: v.optional(orientation()), displayFormat: v.optional(displayFormat()) }),
  'films:fill': v.object({ film: filmDocument(), source: fillSource(), options: v.optional(fillOptions()) }),
  'films:relayout': v.object({ films: v.array(filmDocument(), { min: 1, max: MAX_FILMS }), displayFormat: v.optional(displayFormat()), filmSizeId: v.optional(filmSizeId()), orientation: v.optional(orientation()) }),
  'films:validate': v.object({ film: filmDocument(), printerId: v.optional(id()) }),
  'films:preview': v.object({
    film: filmDocument(), printerId: v.optional(id()), maxSide: v.optional(maxSide()),
    filmNumber: v.optional(v.number({ integer: true, min: 1, max: MAX_FILMS })), filmCount: v.optional(v.number({ integer: true, min: 1, max: MAX_FILMS })),
  }),
  'films:previewBox': v.object({ film: filmDocument(), boxIndex: v.number({ integer: true, min: 0, max: 399 }), printerId: v.optional(id()), maxSide: v.optional(maxSide()) }),

  'printers:list': v.empty(),
  'printers:profiles': v.empty(),
  'printers:capabilities': v.object({ printerId: id() }),
  'printers:save': v.object({ printer: printerConfigInput() }),
  'printers:remove': v.object({ printerId: id() }),
  'printers:setDefault': v.object({ printerId: id() }),
  'printers:status': v.object({ printerId: id() }),
  'printers:echo': v.custom((value) => {
    const problems: string[] = [];
    v.object({ printerId: v.optional(id()), address: v.optional(nodeAddress()) }).check(value, '$', problems);
    const o = value as { printerId?: unknown; address?: unknown } | null;
    if (!problems.length && (o?.printerId === undefined) === (o?.address === undefined)) problems.push('$: give either printerId or address');
    return problems;
  }),
  'printers:detect': v.object({
    address: nodeAddress(),
    displayFormats: v.optional(v.array(displayFormat(), { max: 50 })), filmSizes: v.optional(v.array(filmSizeId(), { max: 20 })),
  }),

  'print:submit': v.object({ printerId: v.optional(id()), films: v.array(filmDocument(), { min: 1, max: MAX_FILMS }), options: v.optional(printOptions()) }),

  'queue:list': v.empty(),
  'queue:get': v.object({ jobId: jobId() }),
  'queue:cancel': v.object({ jobId: jobId() }),
  'queue:retry': v.object({ jobId: jobId() }),
  'queue:confirmUncertain': v.object({ jobId: jobId(), filmIndex: v.number({ integer: true, min: 0, max: MAX_FILMS }), printed: v.boolean() }),
  'queue:reprint': v.object({ jobId: jobId(), filmIndexes: v.optional(v.array(v.number({ integer: true, min: 0, max: MAX_FILMS }), { min: 1, max: MAX_FILMS })) }),
  'queue:filmPreview': v.object({ jobId: jobId(), filmIndex: v.number({ integer: true, min: 0, max: MAX_FILMS }), maxSide: v.optional(maxSide()) }),

  'settings:get': v.empty(),
  'settings:set': v.object({ patch: settingsPatch() }),
};

/** Every channel, in contract order: what the Electron preload exposes and the IPC layer handles. */
export const CHANNELS = Object.keys(REQUEST_SCHEMAS) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(REQUEST_SCHEMAS, name);
}

/** Validates a request payload of a channel; throws ApiError('BAD_REQUEST') listing the problems. */
export function validateRequest<C extends Channel>(channel: C, payload: unknown): RequestOf<C> {
  return parse(REQUEST_SCHEMAS[channel] as Schema<RequestOf<C>>, payload, `${channel} request`);
}

/** 'studies:list' -> 'studiesList' (BridgeName in the contract types). */
export function bridgeName(channel: string): string {
  const i = channel.indexOf(':');
  if (i < 0) return channel;
  const verb = channel.slice(i + 1);
  return `${channel.slice(0, i)}${verb.charAt(0).toUpperCase()}${verb.slice(1)}`;
}
