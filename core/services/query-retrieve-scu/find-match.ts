/**
 * One C-FIND match (the Identifier of a pending C-FIND-RSP, PS3.4 C.4.1.1.3.2) decoded into
 * the fields the result list shows. Text is decoded in whatever Specific Character Set the
 * PACS answered in (ISO 2022 Japanese, UTF-8, Latin-1...), by core/dicom.
 */
import { parseDicomDataset } from '../../dicom/read-dicom-file.js';
import type { DicomDataset } from '../../dicom/dataset.js';
import type { QueryLevel } from './information-model.js';
import { Tags } from './query-keys.js';

export interface FindMatch {
  level: QueryLevel | string;
  /** As decoded, all groups: "Yamada^Tarou=山田^太郎=やまだ^たろう". */
  patientName?: string;
  patientId?: string;
  patientBirthDate?: string;
  patientSex?: string;
  studyInstanceUid?: string;
  studyDate?: string;
  studyTime?: string;
  accessionNumber?: string;
  studyId?: string;
  studyDescription?: string;
  referringPhysicianName?: string;
  modalitiesInStudy?: string[];
  seriesInstanceUid?: string;
  modality?: string;
  seriesNumber?: number;
  seriesDescription?: string;
  sopInstanceUid?: string;
  sopClassUid?: string;
  instanceNumber?: number;
  numberOfStudyRelatedSeries?: number;
  numberOfStudyRelatedInstances?: number;
  numberOfSeriesRelatedInstances?: number;
  numberOfPatientRelatedStudies?: number;
  /** Retrieve AE Title (0008,0054): where the PACS says the object can be retrieved from. */
  retrieveAeTitle?: string;
  /** The Specific Character Set the PACS used, as sent. */
  specificCharacterSet?: string;
  /** Decoding warnings (unknown character set, invalid values...). */
  warnings?: string[];
}

/** Decodes a match; the data set is returned too for callers that need other attributes. */
export function decodeFindMatch(bytes: Uint8Array, transferSyntaxUid: string): { match: FindMatch; dataset: DicomDataset } {
  const ds = parseDicomDataset(bytes, transferSyntaxUid, { lenient: true });
  const m: FindMatch = { level: ds.string(Tags.QueryRetrieveLevel) ?? '' };
  const str = (key: keyof FindMatch, tag: number): void => {
    const v = ds.string(tag)?.trim();
    if (v !== undefined && v !== '') (m as unknown as Record<string, unknown>)[key] = v;
  };
  const num = (key: keyof FindMatch, tag: number): void => {
    const v = ds.number(tag);
    if (v !== undefined) (m as unknown as Record<string, unknown>)[key] = v;
  };
  // PN values keep all their groups ("alphabetic=ideographic=phonetic"), decoded per group.
  const pn = ds.strings(Tags.PatientName)[0]?.trim();
  if (pn) m.patientName = pn;
  str('patientId', Tags.PatientID);
  str('patientBirthDate', Tags.PatientBirthDate);
  str('patientSex', Tags.PatientSex);
  str('studyInstanceUid', Tags.StudyInstanceUID);
  str('studyDate', Tags.StudyDate);
  str('studyTime', Tags.StudyTime);
  str('accessionNumber', Tags.AccessionNumber);
  str('studyId', Tags.StudyID);
  str('studyDescription', Tags.StudyDescription);
  const ref = ds.strings(Tags.ReferringPhysicianName)[0]?.trim();
  if (ref) m.referringPhysicianName = ref;
  const mods = ds.strings(Tags.ModalitiesInStudy).map((s) => s.trim()).filter((s) => s !== '');
  if (mods.length > 0) m.modalitiesInStudy = mods;
  str('seriesInstanceUid', Tags.SeriesInstanceUID);
  str('modality', Tags.Modality);
  num('seriesNumber', Tags.SeriesNumber);
  str('seriesDescription', Tags.SeriesDescription);
  str('sopInstanceUid', Tags.SOPInstanceUID);
  str('sopClassUid', Tags.SOPClassUID);
  num('instanceNumber', Tags.InstanceNumber);
  num('numberOfStudyRelatedSeries', Tags.NumberOfStudyRelatedSeries);
  num('numberOfStudyRelatedInstances', Tags.NumberOfStudyRelatedInstances);
  num('numberOfSeriesRelatedInstances', Tags.NumberOfSeriesRelatedInstances);
  num('numberOfPatientRelatedStudies', Tags.NumberOfPatientRelatedStudies);
  str('retrieveAeTitle', Tags.RetrieveAETitle);
  const cs = ds.strings(Tags.SpecificCharacterSet);
  if (cs.some((v) => v.trim() !== '')) m.specificCharacterSet = cs.join('\\');
  if (ds.warnings.length > 0) m.warnings = ds.warnings;
  return { match: m, dataset: ds };
}
