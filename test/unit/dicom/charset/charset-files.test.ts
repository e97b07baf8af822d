/**
 * The dclunie character set samples (via pydicom's charset_files): the Person Names
 * their authors publish (also pydicom's test_charset.py expectations), decoded from the
 * real files, and the Japanese/Korean ISO 2022 byte streams reproduced exactly by our
 * encoder.
 */
import { describe, expect, it } from 'vitest';
import { encodeString } from '../../../../core/dicom/charset/encode.js';
import { parseDicomFile } from '../../../../core/dicom/read-dicom-file.js';
import { fixtureBytes } from '../fixture-files.js';

const PATIENT_NAME = 0x00100010;

const EXPECTED: ReadonlyArray<[string, string, string]> = [
  ['chrFren.dcm', 'ISO_IR 100', 'Buc^Jérôme'],
  ['chrFrenMulti.dcm', 'ISO_IR 100', 'Buc^Jérôme'],
  ['chrGreek.dcm', 'ISO_IR 126', 'Διονυσιος'],
  ['chrRuss.dcm', 'ISO_IR 144', 'Люкceмбypг'],
  ['chrArab.dcm', 'ISO_IR 127', 'قباني^لنزار'],
  ['chrHbrw.dcm', 'ISO_IR 138', 'שרון^דבורה'],
  ['chrH31.dcm', '\\ISO 2022 IR 87', 'Yamada^Tarou=山田^太郎=やまだ^たろう'],
  ['chrH32.dcm', 'ISO 2022 IR 13\\ISO 2022 IR 87', 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう'],
  ['chrI2.dcm', '\\ISO 2022 IR 149', 'Hong^Gildong=洪^吉洞=홍^길동'],
  ['chrX1.dcm', 'ISO_IR 192', 'Wang^XiaoDong=王^小東='],
  ['chrX2.dcm', 'GB18030', 'Wang^XiaoDong=王^小东='],
];

function read(name: string) {
  return parseDicomFile(fixtureBytes(`charset/${name}`), { fileName: name });
}

describe('character set sample files', () => {
  for (const [file, charset, name] of EXPECTED) {
    it(`${file} (${charset}) decodes Patient Name '${name}'`, () => {
      const ds = read(file);
      expect(ds.strings('SpecificCharacterSet').join('\\')).toBe(charset);
      expect(ds.personName(PATIENT_NAME)?.text).toBe(name);
      expect(ds.warnings).toEqual([]);
    });
  }

  it('keeps Person Name component groups apart (chrH31)', () => {
    const pn = read('chrH31.dcm').personName('PatientName');
    expect(pn?.alphabetic).toMatchObject({ familyName: 'Yamada', givenName: 'Tarou' });
    expect(pn?.ideographic).toMatchObject({ familyName: '山田', givenName: '太郎' });
    expect(pn?.phonetic).toMatchObject({ familyName: 'やまだ', givenName: 'たろう' });
  });

  it('reads half-width katakana in the alphabetic group (chrH32)', () => {
    const pn = read('chrH32.dcm').personName('PatientName');
    expect(pn?.alphabetic).toMatchObject({ familyName: 'ﾔﾏﾀﾞ', givenName: 'ﾀﾛｳ' });
    expect(pn?.ideographic.familyName).toBe('山田');
  });

  it('decodes multi-valued PN and LO (chrFrenMulti)', () => {
    const ds = read('chrFrenMulti.dcm');
    expect(ds.strings(0x00101000)).toEqual(['eggs', 'spam']);
    expect(ds.personNames(0x00101001).map((p) => p.text)).toEqual(['Buc^Jérôme', 'Buc^Jérôme']);
  });

  it("scopes an item's own Specific Character Set to that item (chrSQEncoding)", () => {
    const ds = read('chrSQEncoding.dcm');
    expect(ds.specificCharacterSet.terms).toEqual(['ISO_IR 192']);
    expect(ds.personName(0x00321032)?.text).toBe('Doctor^Who^^MD');
    const [item] = ds.sequence(0x00321064);
    expect(item?.specificCharacterSet.terms).toEqual(['ISO 2022 IR 13', 'ISO 2022 IR 87']);
    expect(item?.personName(PATIENT_NAME)?.text).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
    expect(item?.string(0x00080100)).toBe('CodeValue');
  });

  describe('exact ISO 2022 bytes', () => {
    for (const [file, charset, name] of EXPECTED.filter(([, c]) => c.includes('2022'))) {
      it(`encoding '${name}' under '${charset}' gives the bytes of ${file}`, () => {
        const ds = read(file);
        const raw = ds.bytes(PATIENT_NAME);
        expect(raw).toBeDefined();
        if (!raw) return;
        // The stored value may carry one trailing space of padding.
        const stored = raw[raw.length - 1] === 0x20 ? raw.subarray(0, raw.length - 1) : raw;
        expect(Buffer.from(encodeString(name, charset, 'PN')).toString('hex')).toBe(Buffer.from(stored).toString('hex'));
      });
    }

    it("encodes 山田^太郎 under '\\ISO 2022 IR 87' as ESC $ B ;3ED ESC ( B ^ ESC $ B B@O: ESC ( B", () => {
      const bytes = encodeString('山田^太郎', '\\ISO 2022 IR 87', 'PN');
      expect(Buffer.from(bytes).toString('latin1')).toBe('\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B');
    });
  });
});
