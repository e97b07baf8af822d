import { describe, expect, it } from 'vitest';
import { dcmjs } from '../../../core/dicom/dcmjs-bridge.js';
import { naturalize } from '../../../core/dicom/naturalize.js';
import { parseDicomFile } from '../../../core/dicom/read-dicom-file.js';
import { fixtureBytes } from './fixture-files.js';

describe('naturalize', () => {
  it('matches dcmjs naturalizeDataset on the attributes both read (MR_small)', () => {
    const bytes = fixtureBytes('modality/MR_small.dcm');
    const ours = naturalize(parseDicomFile(bytes));
    const theirs = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(bytes.slice().buffer).dict);
    for (const k of ['PatientName', 'Rows', 'Columns', 'SOPClassUID', 'ImageType', 'PixelSpacing', 'BitsAllocated', 'StudyDate']) {
      expect(ours[k], k).toEqual(theirs[k]);
    }
  });

  it('works where dcmjs throws: multi-valued Japanese character sets', () => {
    const bytes = fixtureBytes('charset/chrH32.dcm');
    expect(() => dcmjs.data.DicomMessage.readFile(bytes.slice().buffer)).toThrow();
    const n = naturalize(parseDicomFile(bytes));
    expect(n.PatientName).toEqual([{ Alphabetic: 'ﾔﾏﾀﾞ^ﾀﾛｳ', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }]);
    expect(n.SpecificCharacterSet).toEqual(['ISO 2022 IR 13', 'ISO 2022 IR 87']);
  });

  it('turns sequences into arrays of objects', () => {
    const n = naturalize(parseDicomFile(fixtureBytes('charset/chrSQEncoding.dcm')));
    const seq = n.RequestedProcedureCodeSequence;
    expect(Array.isArray(seq)).toBe(true);
    expect(seq).toEqual([expect.objectContaining({ CodeValue: 'CodeValue' })]);
  });
});
