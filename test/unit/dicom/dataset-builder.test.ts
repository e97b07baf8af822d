import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../../../core/dicom/dataset-builder.js';
import { parseDicomDataset } from '../../../core/dicom/read-dicom-file.js';

const TS = { implicit: '1.2.840.10008.1.2', explicit: '1.2.840.10008.1.2.1', bigEndian: '1.2.840.10008.1.2.2' };

describe('DatasetBuilder', () => {
  for (const [name, ts] of Object.entries(TS)) {
    it(`writes text, numbers, sequences and bytes that our reader reads back (${name})`, () => {
      const item = new DatasetBuilder().text(0x00081150, 'UI', '1.2.840.10008.5.1.1.1').text(0x00081155, 'UI', '1.2.3.4');
      const bytes = new DatasetBuilder()
        .text(0x20000010, 'IS', 2)
        .text(0x20100010, 'ST', 'STANDARD\\2,2')
        .number(0x00280010, 'US', 512)
        .number(0x00181310, 'US', [10, 20, 30, 40])
        .text(0x20100060, 'CS', 'CUBIC')
        .sequence(0x20100500, [item])
        .bytes(0x7fe00010, 'OW', new Uint8Array([1, 2, 3, 4]))
        .encode(ts);
      const ds = parseDicomDataset(bytes, ts);
      expect(ds.number(0x20000010)).toBe(2);
      expect(ds.string(0x20100010)).toBe('STANDARD\\2,2');
      expect(ds.number(0x00280010)).toBe(512);
      expect(ds.numbers(0x00181310)).toEqual([10, 20, 30, 40]);
      expect(ds.string(0x20100060)).toBe('CUBIC');
      const items = ds.sequence(0x20100500);
      expect(items).toHaveLength(1);
      expect(items[0]!.string(0x00081155)).toBe('1.2.3.4');
    });
  }

  it('encodes Japanese text per the declared Specific Character Set (ISO 2022 IR 87)', () => {
    const bytes = new DatasetBuilder(['', 'ISO 2022 IR 87']).text(0x00100010, 'PN', 'Yamada^Tarou=山田^太郎').encode(TS.explicit);
    const ds = parseDicomDataset(bytes, TS.explicit);
    expect(ds.personName(0x00100010)?.ideographic).toMatchObject({ familyName: '山田', givenName: '太郎' });
    // ESC $ B designates JIS X 0208 (PS3.5 Table 6.1-? / Annex H); no UTF-8 on the wire.
    expect(Buffer.from(bytes).includes(Buffer.from([0x1b, 0x24, 0x42]))).toBe(true);
    expect(Buffer.from(bytes).includes(Buffer.from('山田', 'utf8'))).toBe(false);
  });

  it('refuses a value in the wrong kind of VR', () => {
    expect(() => new DatasetBuilder().number(0x00100010, 'PN', 1)).toThrow();
    expect(() => new DatasetBuilder().text(0x00280010, 'US', '1')).toThrow();
    expect(() => new DatasetBuilder().text(0x00200013, 'IS', 1.5)).toThrow();
  });
});
