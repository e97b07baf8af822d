import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeFindMatch } from '../../../../core/services/query-retrieve-scu/find-match.js';
import { DatasetBuilder } from '../../../../core/dicom/dataset-builder.js';
import { TransferSyntax } from '../../../../core/dicom/uids.js';
import { FIXTURES, datasetBytesOf } from '../../archive/dicom-variants.js';

const EXPLICIT = TransferSyntax.ExplicitVRLittleEndian;

describe('decodeFindMatch', () => {
  it('decodes a STUDY match with counts and modalities', () => {
    const bytes = new DatasetBuilder().text(0x00080052, 'CS', 'STUDY').text(0x00100020, 'LO', 'P1').text(0x00080061, 'CS', ['CT', 'PR'])
      .text(0x00201208, 'IS', '42').text(0x0020000d, 'UI', '1.2.3').empty(0x00080050, 'SH').encode(EXPLICIT);
    const { match } = decodeFindMatch(bytes, EXPLICIT);
    expect(match).toMatchObject({ level: 'STUDY', patientId: 'P1', modalitiesInStudy: ['CT', 'PR'], numberOfStudyRelatedInstances: 42, studyInstanceUid: '1.2.3' });
    expect(match.accessionNumber).toBeUndefined();
  });

  it.each([
    ['chrH31.dcm', 'Yamada^Tarou=山田^太郎=やまだ^たろう'],
    ['chrH32.dcm', 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう'],
    ['chrX1.dcm', 'Wang^XiaoDong=王^小東='],
    ['chrRuss.dcm', 'Люкceмбypг'],
  ])('decodes the Patient Name of %s in its own character set', (file, name) => {
    const bytes = datasetBytesOf(new Uint8Array(readFileSync(`${FIXTURES}charset/${file}`)));
    expect(decodeFindMatch(bytes, EXPLICIT).match.patientName).toBe(name);
  });
});
