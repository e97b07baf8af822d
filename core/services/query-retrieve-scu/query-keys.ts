/**
 * The C-FIND Identifier (PS3.4 C.4.1.1.3): matching keys from the user's search, return keys
 * for what the result list shows, Query/Retrieve Level, and Specific Character Set when a
 * value needs one (PS3.4 C.4.1.1.3.1: text in keys is encoded in the character set named in
 * the Identifier; Japanese names go out as ISO 2022 per PS3.5 6.1.2.5 and Annex H).
 *
 * Keys follow the hierarchical model (PS3.4 C.4.1.2.1 and C.6): each level has its own keys;
 * below the top level, the unique keys of the levels above must hold a single value.
 */
import { DatasetBuilder } from '../../dicom/dataset-builder.js';
import { chooseSpecificCharacterSet } from '../../dicom/charset/choose.js';
import { isValidUid } from '../../dicom/uids.js';
import { checkLevel, type InformationModel, type QueryLevel } from './information-model.js';
import { QueryRetrieveError } from './errors.js';

export const Tags = {
  SpecificCharacterSet: 0x00080005,
  SOPClassUID: 0x00080016,
  SOPInstanceUID: 0x00080018,
  StudyDate: 0x00080020,
  SeriesDate: 0x00080021,
  StudyTime: 0x00080030,
  AccessionNumber: 0x00080050,
  QueryRetrieveLevel: 0x00080052,
  RetrieveAETitle: 0x00080054,
  FailedSOPInstanceUIDList: 0x00080058,
  Modality: 0x00080060,
  ModalitiesInStudy: 0x00080061,
  ReferringPhysicianName: 0x00080090,
  StudyDescription: 0x00081030,
  SeriesDescription: 0x0008103e,
  PatientName: 0x00100010,
  PatientID: 0x00100020,
  PatientBirthDate: 0x00100030,
  PatientSex: 0x00100040,
  StudyInstanceUID: 0x0020000d,
  SeriesInstanceUID: 0x0020000e,
  StudyID: 0x00200010,
  SeriesNumber: 0x00200011,
  InstanceNumber: 0x00200013,
  NumberOfPatientRelatedStudies: 0x00201200,
  NumberOfStudyRelatedSeries: 0x00201206,
  NumberOfStudyRelatedInstances: 0x00201208,
  NumberOfSeriesRelatedInstances: 0x00201209,
} as const;

/** What the user searches for. Text keys may use the wildcards * and ? (PS3.4 C.2.2.2.4). */
export interface FindQuery {
  level: QueryLevel;
  patientName?: string | undefined;
  patientId?: string | undefined;
  patientBirthDate?: string | undefined;
  /** DA: YYYYMMDD, or a range YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD (PS3.4 C.2.2.2.5). */
  studyDate?: string | undefined;
  /** TM: HHMM[SS[.FFFFFF]] or a range of them. */
  studyTime?: string | undefined;
  accessionNumber?: string | undefined;
  studyDescription?: string | undefined;
  /** STUDY level: matched against Modalities in Study; SERIES level: Modality. */
  modality?: string | undefined;
  /** One UID, or several (List of UID Matching, PS3.4 C.2.2.2.2). */
  studyInstanceUid?: string | readonly string[] | undefined;
  seriesInstanceUid?: string | readonly string[] | undefined;
  sopInstanceUid?: string | readonly string[] | undefined;
}

export interface IdentifierOptions {
  model?: InformationModel;
  /**
   * Specific Character Set to encode text keys in: 'auto' (default) picks the most
   * conservative one that can hold the values (ISO 2022 IR 87 for Japanese); a PACS node may
   * name the one it expects (e.g. 'ISO_IR 192' or '\ISO 2022 IR 87').
   */
  characterSet?: string | undefined;
}

type Vr = 'PN' | 'LO' | 'SH' | 'DA' | 'TM' | 'CS' | 'UI' | 'IS' | 'AE';
interface KeyDef { tag: number; vr: Vr }

const K = (tag: number, vr: Vr): KeyDef => ({ tag, vr });

/** Return keys per level (PS3.4 C.6.1.1 Patient Root, C.6.2.1 Study Root tables). */
function levelKeys(model: InformationModel, level: QueryLevel): KeyDef[] {
  const patient = [K(Tags.PatientName, 'PN'), K(Tags.PatientID, 'LO'), K(Tags.PatientBirthDate, 'DA'), K(Tags.PatientSex, 'CS')];
  switch (level) {
    case 'PATIENT':
      return [...patient, K(Tags.NumberOfPatientRelatedStudies, 'IS')];
    case 'STUDY':
      return [
        ...(model === 'STUDY_ROOT' ? patient : [K(Tags.PatientID, 'LO')]),
        K(Tags.StudyDate, 'DA'), K(Tags.StudyTime, 'TM'), K(Tags.AccessionNumber, 'SH'), K(Tags.StudyID, 'SH'),
        K(Tags.StudyInstanceUID, 'UI'), K(Tags.StudyDescription, 'LO'), K(Tags.ReferringPhysicianName, 'PN'),
        K(Tags.ModalitiesInStudy, 'CS'), K(Tags.NumberOfStudyRelatedSeries, 'IS'), K(Tags.NumberOfStudyRelatedInstances, 'IS'),
      ];
    case 'SERIES':
      return [
        ...(model === 'PATIENT_ROOT' ? [K(Tags.PatientID, 'LO')] : []), K(Tags.StudyInstanceUID, 'UI'),
        K(Tags.Modality, 'CS'), K(Tags.SeriesNumber, 'IS'), K(Tags.SeriesInstanceUID, 'UI'), K(Tags.SeriesDescription, 'LO'),
        K(Tags.SeriesDate, 'DA'), K(Tags.NumberOfSeriesRelatedInstances, 'IS'),
      ];
    case 'IMAGE':
      return [
        ...(model === 'PATIENT_ROOT' ? [K(Tags.PatientID, 'LO')] : []), K(Tags.StudyInstanceUID, 'UI'), K(Tags.SeriesInstanceUID, 'UI'),
        K(Tags.InstanceNumber, 'IS'), K(Tags.SOPInstanceUID, 'UI'), K(Tags.SOPClassUID, 'UI'),
      ];
  }
}

const DA = /^\d{8}$/;
const TM = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;

/** A single value or a range (PS3.4 C.2.2.2.5); an open range needs one end. */
export function checkRange(value: string, what: 'date' | 'time'): string {
  const re = what === 'date' ? DA : TM;
  const v = value.trim();
  const parts = v.split('-');
  const ok = parts.length === 1 ? re.test(v)
    : parts.length === 2 && (parts[0] !== '' || parts[1] !== '') && parts.every((p) => p === '' || re.test(p));
  if (!ok) {
    const form = what === 'date' ? 'YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD' : 'HHMM[SS], or a range HHMM-HHMM';
    throw new QueryRetrieveError('BAD_QUERY', `${what === 'date' ? 'Date' : 'Time'} '${value}' is not ${form}`);
  }
  return v;
}

function uidList(v: string | readonly string[], name: string): string[] {
  const list = (typeof v === 'string' ? v.split('\\') : [...v]).map((u) => u.trim()).filter((u) => u !== '');
  for (const u of list) if (!isValidUid(u)) throw new QueryRetrieveError('BAD_QUERY', `${name} '${u}' is not a valid UID`);
  if (list.length === 0) throw new QueryRetrieveError('BAD_QUERY', `${name} is empty`);
  return list;
}

/** Unique keys of the levels above `level` that hierarchical search requires (PS3.4 C.4.1.2.1). */
function requiredUniqueKeys(model: InformationModel, level: QueryLevel): Array<keyof FindQuery> {
  const above: Array<keyof FindQuery> = [];
  if (model === 'PATIENT_ROOT' && level !== 'PATIENT') above.push('patientId');
  if (level === 'SERIES' || level === 'IMAGE') above.push('studyInstanceUid');
  if (level === 'IMAGE') above.push('seriesInstanceUid');
  return above;
}

const KEY_NAMES: Partial<Record<keyof FindQuery, string>> = {
  patientId: 'Patient ID', studyInstanceUid: 'Study Instance UID', seriesInstanceUid: 'Series Instance UID',
};

/** The matching values the query sets, by tag; also checks every value. */
function matchingValues(query: FindQuery, model: InformationModel): Map<number, string> {
  const values = new Map<number, string>();
  const level = query.level;
  const text = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const set = (tag: number, v: string | undefined): void => { if (v !== undefined) values.set(tag, v); };
  set(Tags.PatientName, text(query.patientName));
  set(Tags.PatientID, text(query.patientId));
  const birth = text(query.patientBirthDate);
  set(Tags.PatientBirthDate, birth === undefined ? undefined : checkRange(birth, 'date'));
  const date = text(query.studyDate);
  set(Tags.StudyDate, date === undefined ? undefined : checkRange(date, 'date'));
  const time = text(query.studyTime);
  set(Tags.StudyTime, time === undefined ? undefined : checkRange(time, 'time'));
  set(Tags.AccessionNumber, text(query.accessionNumber));
  set(Tags.StudyDescription, text(query.studyDescription));
  const modality = text(query.modality)?.toUpperCase();
  if (modality !== undefined) set(level === 'STUDY' ? Tags.ModalitiesInStudy : Tags.Modality, modality);
  if (query.studyInstanceUid !== undefined) set(Tags.StudyInstanceUID, uidList(query.studyInstanceUid, 'Study Instance UID').join('\\'));
  if (query.seriesInstanceUid !== undefined) set(Tags.SeriesInstanceUID, uidList(query.seriesInstanceUid, 'Series Instance UID').join('\\'));
  if (query.sopInstanceUid !== undefined) set(Tags.SOPInstanceUID, uidList(query.sopInstanceUid, 'SOP Instance UID').join('\\'));

  for (const key of requiredUniqueKeys(model, level)) {
    const v = query[key];
    const given = typeof v === 'string' ? v.trim() !== '' && !v.includes('\\') && !/[*?]/.test(v) : Array.isArray(v) && v.length === 1;
    if (!given) {
      throw new QueryRetrieveError('BAD_QUERY', `A ${level}-level query needs one ${KEY_NAMES[key] ?? key} (hierarchical search, PS3.4 C.4.1.2.1)`);
    }
  }
  return values;
}

/** The C-FIND Identifier as a builder; `encode(ts)` gives the bytes for the negotiated syntax. */
export function buildFindIdentifier(query: FindQuery, options: IdentifierOptions = {}): DatasetBuilder {
  const model = options.model ?? 'STUDY_ROOT';
  checkLevel(model, query.level);
  const values = matchingValues(query, model);
  const keys = levelKeys(model, query.level);
  const allowed = new Set(keys.map((k) => k.tag));
  for (const tag of values.keys()) {
    if (!allowed.has(tag)) {
      throw new QueryRetrieveError('BAD_QUERY', `${tagName(tag)} is not a key of a ${query.level}-level query in the ${model === 'STUDY_ROOT' ? 'Study' : 'Patient'} Root model (PS3.4 C.6)`);
    }
  }
  const charset = identifierCharacterSet([...values.entries()].filter(([t]) => isText(keys, t)).map(([, v]) => v), options.characterSet);
  const builder = new DatasetBuilder(charset);
  builder.text(Tags.QueryRetrieveLevel, 'CS', query.level);
  for (const k of keys) {
    const v = values.get(k.tag);
    if (v === undefined) builder.empty(k.tag, k.vr);
    else builder.text(k.tag, k.vr, k.vr === 'UI' || k.vr === 'CS' ? v.split('\\') : v);
  }
  return builder;
}

function isText(keys: KeyDef[], tag: number): boolean {
  const vr = keys.find((k) => k.tag === tag)?.vr;
  return vr === 'PN' || vr === 'LO' || vr === 'SH';
}

/** Specific Character Set values for the identifier, or undefined when the default repertoire is enough. */
export function identifierCharacterSet(texts: readonly string[], requested: string | undefined): string[] | undefined {
  const all = texts.join('');
   
  const ascii = /^[\x00-\x7f]*$/.test(all);
  if (ascii) return undefined;
  const value = requested === undefined || requested === 'auto' ? chooseSpecificCharacterSet(all) : requested;
  return value === '' ? undefined : value.split('\\');
}

function tagName(tag: number): string {
  const name = Object.entries(Tags).find(([, t]) => t === tag)?.[0];
  const hex = tag.toString(16).toUpperCase().padStart(8, '0');
  return `${name ?? 'Attribute'} (${hex.slice(0, 4)},${hex.slice(4)})`;
}
