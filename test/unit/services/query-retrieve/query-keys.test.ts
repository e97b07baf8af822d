import { describe, expect, it } from 'vitest';
import { buildFindIdentifier, checkRange, identifierCharacterSet } from '../../../../core/services/query-retrieve-scu/query-keys.js';
import { retrieveIdentifier } from '../../../../core/services/query-retrieve-scu/retrieve.js';
import { QueryRetrieveError } from '../../../../core/services/query-retrieve-scu/errors.js';
import { parseDicomDataset } from '../../../../core/dicom/read-dicom-file.js';
import { TransferSyntax } from '../../../../core/dicom/uids.js';

const EXPLICIT = TransferSyntax.ExplicitVRLittleEndian;
const decode = (bytes: Uint8Array): ReturnType<typeof parseDicomDataset> => parseDicomDataset(bytes, EXPLICIT);

describe('C-FIND identifier', () => {
  it('STUDY level: level, matching keys, empty return keys', () => {
    const ds = decode(buildFindIdentifier({ level: 'STUDY', patientId: 'P1', studyDate: '20240101-20240131', modality: 'ct' }).encode(EXPLICIT));
    expect(ds.string('QueryRetrieveLevel')).toBe('STUDY');
    expect(ds.string('PatientID')).toBe('P1');
    expect(ds.string('StudyDate')).toBe('20240101-20240131');
    expect(ds.strings('ModalitiesInStudy')).toEqual(['CT']);
    for (const k of ['PatientName', 'StudyInstanceUID', 'AccessionNumber', 'NumberOfStudyRelatedInstances']) {
      expect(ds.has(k), k).toBe(true);
      expect(ds.string(k), k).toBeUndefined();
    }
    expect(ds.has('SpecificCharacterSet')).toBe(false);
  });

  it('a Japanese name goes out in ISO 2022 IR 87 with ESC $ B, and (0008,0005) says so (PS3.5 H)', () => {
    const bytes = buildFindIdentifier({ level: 'STUDY', patientName: '山田^太郎*' }).encode(EXPLICIT);
    const ds = decode(bytes);
    expect(ds.strings('SpecificCharacterSet')).toEqual(['', 'ISO 2022 IR 87']);
    const raw = ds.bytes('PatientName') ?? new Uint8Array();
    expect(Buffer.from(raw).subarray(0, 3)).toEqual(Buffer.from([0x1b, 0x24, 0x42]));
    expect(ds.string('PatientName')).toBe('山田^太郎*');
  });

  it('half-width katakana adds ISO 2022 IR 13; a PACS may ask for UTF-8', () => {
    expect(identifierCharacterSet(['ﾔﾏﾀﾞ*'], 'auto')).toEqual(['ISO 2022 IR 13', 'ISO 2022 IR 87']);
    expect(identifierCharacterSet(['山田*'], 'ISO_IR 192')).toEqual(['ISO_IR 192']);
    expect(identifierCharacterSet(['Yamada*'], 'ISO_IR 192')).toBeUndefined();
    const ds = decode(buildFindIdentifier({ level: 'STUDY', patientName: 'Müller*' }, { characterSet: 'auto' }).encode(EXPLICIT));
    expect(ds.string('SpecificCharacterSet')).toBe('ISO_IR 100');
    expect(ds.string('PatientName')).toBe('Müller*');
  });

  it('SERIES level uses Modality, needs one Study Instance UID (hierarchical)', () => {
    const ds = decode(buildFindIdentifier({ level: 'SERIES', studyInstanceUid: '1.2.3', modality: 'MR' }).encode(EXPLICIT));
    expect(ds.string('Modality')).toBe('MR');
    expect(ds.has('ModalitiesInStudy')).toBe(false);
    expect(() => buildFindIdentifier({ level: 'SERIES' })).toThrow(/needs one Study Instance UID/);
    expect(() => buildFindIdentifier({ level: 'SERIES', studyInstanceUid: ['1.2', '1.3'] })).toThrow(QueryRetrieveError);
  });

  it('keys of another level and the PATIENT level in Study Root are refused with the reason', () => {
    expect(() => buildFindIdentifier({ level: 'SERIES', studyInstanceUid: '1.2.3', patientName: 'X' })).toThrow(/not a key of a SERIES-level query/);
    expect(() => buildFindIdentifier({ level: 'PATIENT' })).toThrow(/Patient Root/);
    const ds = decode(buildFindIdentifier({ level: 'PATIENT', patientName: 'A*' }, { model: 'PATIENT_ROOT' }).encode(EXPLICIT));
    expect(ds.has('NumberOfPatientRelatedStudies')).toBe(true);
    expect(() => buildFindIdentifier({ level: 'STUDY' }, { model: 'PATIENT_ROOT' })).toThrow(/Patient ID/);
  });

  it('UID lists (List of UID Matching) and invalid UIDs', () => {
    const ds = decode(buildFindIdentifier({ level: 'STUDY', studyInstanceUid: ['1.2.3', '1.2.4'] }).encode(EXPLICIT));
    expect(ds.strings('StudyInstanceUID')).toEqual(['1.2.3', '1.2.4']);
    expect(() => buildFindIdentifier({ level: 'STUDY', studyInstanceUid: '1.2.abc' })).toThrow(/not a valid UID/);
  });

  it('encodes in Implicit VR when that was negotiated', () => {
    const bytes = buildFindIdentifier({ level: 'STUDY', patientId: 'P1' }).encode(TransferSyntax.ImplicitVRLittleEndian);
    expect(parseDicomDataset(bytes, TransferSyntax.ImplicitVRLittleEndian).string('PatientID')).toBe('P1');
  });
});

describe('date and time ranges (PS3.4 C.2.2.2.5)', () => {
  it.each(['20240101', '20240101-20240131', '20240101-', '-20240131'])('date %s', (v) => expect(checkRange(v, 'date')).toBe(v));
  it.each(['2024-01-01', '2024', '-', '20240101-20240131-20240201', 'yesterday'])('bad date %s', (v) => expect(() => checkRange(v, 'date')).toThrow(QueryRetrieveError));
  it.each(['0800', '080000', '0800-1700', '083000.123'])('time %s', (v) => expect(checkRange(v, 'time')).toBe(v));
  it('bad time', () => expect(() => checkRange('8am', 'time')).toThrow(/HHMM/));
});

describe('retrieve identifier (PS3.4 C.4.2.1.4.1)', () => {
  it('unique keys only, level from what is given', () => {
    const study = decode(retrieveIdentifier({ studyInstanceUid: '1.2.3' }).encode(EXPLICIT));
    expect(study.elements.map((e) => e.tag)).toEqual([0x00080052, 0x0020000d]);
    expect(study.string('QueryRetrieveLevel')).toBe('STUDY');
    const series = decode(retrieveIdentifier({ model: 'PATIENT_ROOT', patientId: 'P1', studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4' }).encode(EXPLICIT));
    expect(series.string('QueryRetrieveLevel')).toBe('SERIES');
    expect(series.string('PatientID')).toBe('P1');
    expect(series.string('SeriesInstanceUID')).toBe('1.2.3.4');
  });
});
