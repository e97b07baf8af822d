/**
 * Writing data sets: bit-preserving in the source encoding, transcoding between the
 * uncompressed transfer syntaxes (checked against DCMTK dcmconv output), Part 10 with a
 * fresh meta header around untouched bytes.
 */
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../../core/dicom/dataset-reader.js';
import { writeDataset } from '../../../core/dicom/dataset-writer.js';
import { UnsupportedError } from '../../../core/dicom/errors.js';
import { readPart10Header } from '../../../core/dicom/part10.js';
import { encodeFileMeta, writeFileMeta, writePart10, writePart10FromTree } from '../../../core/dicom/part10-writer.js';
import { parseDicomFile, parseDicomDataset } from '../../../core/dicom/read-dicom-file.js';
import { transcodeDataset } from '../../../core/dicom/transcode.js';
import {
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN as DEFLATED, EXPLICIT_VR_BIG_ENDIAN as BE, EXPLICIT_VR_LITTLE_ENDIAN as ELE,
  IMPLICIT_VR_LITTLE_ENDIAN as ILE,
} from '../../../core/dicom/transfer-syntax.js';
import { EXPECTED_FILES } from './expected-files.js';
import { fixtureBytes } from './fixture-files.js';

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

describe('bit-preserving write in the source encoding', () => {
  for (const exp of EXPECTED_FILES.filter((e) => e.file !== 'edge/MR_truncated.dcm')) {
    it(`${exp.file}: data set bytes identical after read + write`, () => {
      const h = readPart10Header(fixtureBytes(exp.file));
      const { tree } = readDataset(h.dataset, h.encoding);
      expect(equalBytes(writeDataset(tree, tree.encoding), h.dataset)).toBe(true);
    });
  }
});

describe('transcoding', () => {
  const implicitSources = ['ts/MR_small_implicit.dcm', 'ts/CT1_UNC.implicit_little_endian.dcm', 'multiframe/rtdose.dcm',
    'modality/CR-MONO1-10-chest.dcm', 'edge/priv_SQ.dcm'];
  for (const file of implicitSources) {
    it(`${file}: implicit -> explicit LE -> explicit BE -> deflated -> implicit equals the original`, () => {
      const h = readPart10Header(fixtureBytes(file));
      expect(h.transferSyntaxUid).toBe(ILE);
      const le = transcodeDataset(h.dataset, ILE, ELE);
      const be = transcodeDataset(le, ELE, BE);
      const dfl = transcodeDataset(be, BE, DEFLATED);
      const back = transcodeDataset(dfl, DEFLATED, ILE);
      expect(equalBytes(back, h.dataset)).toBe(true);
      expect(equalBytes(le, h.dataset)).toBe(false);
    });
  }

  for (const file of ['modality/MR_small.dcm', 'modality/CT_small.dcm', 'modality/examples_palette.dcm',
    'ts/CT1_UNC.explicit_big_endian.dcm', 'edge/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm', 'modality/test-SR.dcm']) {
    it(`${file}: explicit LE <-> BE and back is identical (UN sequences stay Implicit LE inside)`, () => {
      const h = readPart10Header(fixtureBytes(file));
      const other = h.transferSyntaxUid === BE ? ELE : BE;
      const there = transcodeDataset(h.dataset, h.transferSyntaxUid, other);
      expect(equalBytes(transcodeDataset(there, other, h.transferSyntaxUid), h.dataset)).toBe(true);
      // The values read the same in the other byte order.
      const a = parseDicomDataset(h.dataset, h.transferSyntaxUid);
      const b = parseDicomDataset(there, other);
      expect(b.numbers('Rows')).toEqual(a.numbers('Rows'));
      expect(b.strings('SOPInstanceUID')).toEqual(a.strings('SOPInstanceUID'));
    });
  }

  // Reference outputs written by DCMTK 3.6.7 dcmconv (+tb, +ti, +te) from the fixtures.
  const references: ReadonlyArray<[string, string]> = [
    ['modality/MR_small.dcm', 'dcmtk-reference/MR_small_dcmconv_tb.dcm'],
    ['modality/MR_small.dcm', 'dcmtk-reference/MR_small_dcmconv_ti.dcm'],
    ['ts/MR_small_implicit.dcm', 'dcmtk-reference/MR_small_implicit_dcmconv_te.dcm'],
  ];
  for (const [source, reference] of references) {
    it(`${source} -> same bytes as ${reference}`, () => {
      const a = readPart10Header(fixtureBytes(source));
      const b = readPart10Header(fixtureBytes(reference));
      expect(hex(transcodeDataset(a.dataset, a.transferSyntaxUid, b.transferSyntaxUid))).toBe(hex(b.dataset));
    });
  }

  it('returns the very same bytes when the transfer syntax does not change', () => {
    const h = readPart10Header(fixtureBytes('charset/chrH31.dcm'));
    expect(transcodeDataset(h.dataset, ELE, ELE)).toBe(h.dataset);
  });

  it('refuses to move compressed pixel data to another transfer syntax', () => {
    const h = readPart10Header(fixtureBytes('ts/MR_small_RLE.dcm'));
    expect(() => transcodeDataset(h.dataset, h.transferSyntaxUid, ELE)).toThrow(UnsupportedError);
  });

  it('writes Deflated Explicit VR Little Endian that inflates to the explicit LE bytes', () => {
    const h = readPart10Header(fixtureBytes('ts/image_dfl.dcm'));
    const { tree } = readDataset(h.dataset, h.encoding);
    const deflated = writeDataset(tree, DEFLATED);
    expect(deflated.length).toBeLessThan(h.dataset.length);
    expect(equalBytes(transcodeDataset(deflated, DEFLATED, ELE), h.dataset)).toBe(true);
  });
});

describe('Part 10 writing', () => {
  it('wraps untouched data set bytes (ISO 2022 charset kept) with a meta header naming the source AE', () => {
    const source = parseDicomFile(fixtureBytes('charset/chrH31.dcm'));
    const datasetBytes = source.part10.dataset;
    const file = writePart10(datasetBytes, {
      mediaStorageSopClassUid: source.string('SOPClassUID') ?? '',
      mediaStorageSopInstanceUid: source.string('SOPInstanceUID') ?? '',
      transferSyntaxUid: source.transferSyntaxUid,
      sourceApplicationEntityTitle: 'MODALITY1',
    });
    expect(Buffer.from(file.subarray(128, 132)).toString('latin1')).toBe('DICM');
    const back = parseDicomFile(file);
    expect(back.warnings).toEqual([]);
    expect(back.meta.string('SourceApplicationEntityTitle')).toBe('MODALITY1');
    expect(back.meta.string('TransferSyntaxUID')).toBe(ELE);
    expect(back.meta.string('MediaStorageSOPInstanceUID')).toBe(source.string('SOPInstanceUID'));
    expect(back.meta.number('FileMetaInformationGroupLength')).toBe(back.part10.datasetOffset - 132 - 12);
    expect(equalBytes(back.part10.dataset, datasetBytes)).toBe(true);
    expect(back.strings('SpecificCharacterSet')).toEqual(['', 'ISO 2022 IR 87']);
    expect(back.personName('PatientName')?.ideographic.familyName).toBe('山田');
  });

  it('round-trips every readable fixture through writePart10FromTree with its own transfer syntax', () => {
    for (const exp of EXPECTED_FILES.filter((e) => e.file !== 'edge/MR_truncated.dcm')) {
      const ds = parseDicomFile(fixtureBytes(exp.file));
      const out = writePart10FromTree(ds.tree, {
        mediaStorageSopClassUid: ds.string('SOPClassUID') ?? '1.2.840.10008.5.1.4.1.1.7',
        mediaStorageSopInstanceUid: ds.string('SOPInstanceUID') ?? '1.2.3',
        transferSyntaxUid: ds.transferSyntaxUid,
      });
      const back = parseDicomFile(out);
      expect(back.transferSyntaxUid, exp.file).toBe(ds.transferSyntaxUid);
      expect(back.elements.length, exp.file).toBe(ds.elements.length);
      if (!ds.part10.deflated) expect(equalBytes(back.part10.dataset, ds.part10.dataset), exp.file).toBe(true);
    }
  });

  it('writes a meta header DCMTK-style: version 00\\01, even lengths, group length first', () => {
    const meta = writeFileMeta({ mediaStorageSopClassUid: '1.2.840.10008.5.1.4.1.1.7', mediaStorageSopInstanceUid: '1.2.3',
      transferSyntaxUid: ILE });
    expect(meta.length % 2).toBe(0);
    const h = readPart10Header(meta);
    expect(h.meta.elements.map((e) => e.tag)).toEqual([0x00020000, 0x00020001, 0x00020002, 0x00020003, 0x00020010, 0x00020012, 0x00020013]);
    expect(h.warnings.filter((w) => !w.includes('no data set'))).toEqual([]);
    expect(() => writeFileMeta({ mediaStorageSopClassUid: '1', mediaStorageSopInstanceUid: '1', transferSyntaxUid: '1.2.3.4.5' }))
      .toThrow(UnsupportedError);
  });

  it('the memoised meta header is byte for byte the general encoder\'s, for every UID length and AE combination', () => {
    const uids = ['1.2.3', '1.2.34', `1.2.${'9'.repeat(58)}`, `1.2.${'9'.repeat(59)}`, '2.25.123456789012345678901234567890'];
    for (const source of [undefined, 'MODALITY1', 'CT']) {
      for (const uid of uids) {
        for (let repeat = 0; repeat < 2; repeat++) {
          const meta = { mediaStorageSopClassUid: '1.2.840.10008.5.1.4.1.1.2', mediaStorageSopInstanceUid: uid, transferSyntaxUid: ILE,
            sourceApplicationEntityTitle: source, receivingApplicationEntityTitle: 'FILMSTATION' };
          expect(Buffer.from(writeFileMeta(meta)).equals(Buffer.from(encodeFileMeta(meta)))).toBe(true);
        }
      }
    }
  });
});
