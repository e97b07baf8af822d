/**
 * Encode -> decode round trip for every Defined Term of PS3.3 C.12.1.1.2 with text from
 * its repertoire, plus the behaviours PS3.5 section 6.1 asks for and the fallbacks.
 */
import { describe, expect, it } from 'vitest';
import { chooseSpecificCharacterSet } from '../../../../core/dicom/charset/choose.js';
import { decodeText } from '../../../../core/dicom/charset/decode.js';
import { encodeString } from '../../../../core/dicom/charset/encode.js';
import { DEFINED_TERMS, resolveCharset } from '../../../../core/dicom/charset/terms.js';
import { CharsetEncodeError } from '../../../../core/dicom/errors.js';

/** Sample text per term: the set's own letters with PN delimiters. */
const SAMPLES: Readonly<Record<string, string>> = {
  '': 'Smith^John=^',
  'ISO_IR 100': 'Buc^Jérôme',
  'ISO_IR 101': 'Dvořák^Łukasz',
  'ISO_IR 109': 'Ġużeppi^Ħabib',
  'ISO_IR 110': 'Ķēniņš^Jānis',
  'ISO_IR 144': 'Люксембург^Иван',
  'ISO_IR 127': 'قباني^لنزار',
  'ISO_IR 126': 'Διονυσιος^Νικος',
  'ISO_IR 138': 'שרון^דבורה',
  'ISO_IR 148': 'Şahin^Ağır',
  'ISO_IR 203': 'Œuvre^€uro',
  'ISO_IR 13': 'ﾔﾏﾀﾞ^ﾀﾛｳ',
  'ISO_IR 166': 'สมชาย^ใจดี',
  'ISO 2022 IR 6': 'Smith^John',
  'ISO 2022 IR 100': 'Buc^Jérôme',
  'ISO 2022 IR 101': 'Dvořák^Łukasz',
  'ISO 2022 IR 109': 'Ġużeppi^Ħabib',
  'ISO 2022 IR 110': 'Ķēniņš^Jānis',
  'ISO 2022 IR 144': 'Люксембург^Иван',
  'ISO 2022 IR 127': 'قباني^لنزار',
  'ISO 2022 IR 126': 'Διονυσιος^Νικος',
  'ISO 2022 IR 138': 'שרון^דבורה',
  'ISO 2022 IR 148': 'Şahin^Ağır',
  'ISO 2022 IR 203': 'Œuvre^€uro',
  'ISO 2022 IR 13': 'ﾔﾏﾀﾞ^ﾀﾛｳ',
  'ISO 2022 IR 166': 'สมชาย^ใจดี',
  'ISO 2022 IR 87': 'Yamada^Tarou=山田^太郎=やまだ^たろう',
  'ISO 2022 IR 159': 'Kanji=丂^乚',
  'ISO 2022 IR 149': 'Hong^Gildong=洪^吉洞=홍^길동',
  'ISO 2022 IR 58': 'Wang^XiaoDong=王^小东=',
  'ISO_IR 192': 'Zoë^山田=홍^😀',
  GB18030: 'Wang^XiaoDong=王^小东=𠀀',
  GBK: 'Wang^XiaoDong=王^小东=',
};

/** How a term is declared: the multi-byte ISO 2022 sets cannot be value 1. */
function declaration(term: string): string {
  return /^ISO 2022 IR (87|159|149|58)$/u.test(term) ? `\\${term}` : term;
}

describe('every Defined Term round-trips', () => {
  it('has a sample for each of the 33 Defined Terms', () => {
    expect(DEFINED_TERMS).toHaveLength(33);
    for (const t of DEFINED_TERMS) expect(SAMPLES[t], t).toBeDefined();
  });

  for (const term of DEFINED_TERMS) {
    it(`'${term || '(default repertoire)'}'`, () => {
      const text = SAMPLES[term] ?? '';
      const spec = declaration(term);
      expect(resolveCharset(spec).warnings).toEqual([]);
      const bytes = encodeString(text, spec, 'PN');
      const warnings: string[] = [];
      expect(decodeText(bytes, spec, 'PN', (w) => warnings.push(w))).toBe(text);
      expect(warnings).toEqual([]);
      if (term.startsWith('ISO_IR') && term !== 'ISO_IR 192') {
        // Single-byte sets without code extensions: one byte per character, no ESC.
        expect(bytes.length).toBe([...text].length);
        expect(bytes.includes(0x1b)).toBe(false);
      }
    });
  }

  it('mixes code elements under one declaration and returns to value 1 at delimiters', () => {
    const spec = 'ISO 2022 IR 100\\ISO 2022 IR 126\\ISO 2022 IR 87';
    const text = 'Jérôme Διονυσιος^山田\\Ünal';
    const bytes = encodeString(text, spec, 'LO');
    expect(decodeText(bytes, spec, 'LO')).toBe(text);
    // Greek is designated into G1 (ESC - F) and Latin-1 re-designated (ESC - A) before '\'.
    const latin = Buffer.from(bytes).toString('latin1');
    expect(latin).toContain('\x1b-F');
    expect(latin.indexOf('\x1b-A')).toBeLessThan(latin.indexOf('\\'));
    expect(latin.endsWith('nal')).toBe(true);
  });

  it('resets the ISO 2022 state at CR LF in text VRs (PS3.5 6.1.2.5.3)', () => {
    const spec = '\\ISO 2022 IR 87';
    const text = '山田\r\n太郎 様';
    const bytes = Buffer.from(encodeString(text, spec, 'LT')).toString('latin1');
    expect(bytes).toBe('\x1b$B;3ED\x1b(B\r\n\x1b$BB@O:\x1b(B \x1b$BMM\x1b(B');
    expect(decodeText(Buffer.from(bytes, 'latin1'), spec, 'LT')).toBe(text);
  });

  it('throws CharsetEncodeError for characters outside the declared sets', () => {
    expect(() => encodeString('山田', 'ISO_IR 100', 'PN')).toThrow(CharsetEncodeError);
    expect(() => encodeString('Jérôme', '', 'PN')).toThrow(CharsetEncodeError);
    expect(() => encodeString('홍', '\\ISO 2022 IR 87', 'PN')).toThrow(/U\+D64D/u);
    expect(Buffer.from(encodeString('a山b', 'ISO_IR 100', 'LO', { replaceUnencodable: true })).toString('latin1')).toBe('a?b');
  });
});

describe('ASCII values of every length', () => {
  it('decodes values longer than one 32 K slice, with and without code extensions', () => {
    // charCodesText turns bytes into text 32 K at a time: the slice edges must not lose a byte.
    for (const n of [0, 1, 0x7fff, 0x8000, 0x8001, 0x10000 + 3]) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(0x20 + (i % 95))).join('');
      const bytes = Buffer.from(text, 'latin1');
      expect(decodeText(bytes, undefined, 'UT')).toBe(text);
      // With an escape the ISO 2022 path decodes the ASCII run (code element ISO-IR 6).
      expect(decodeText(Buffer.concat([Buffer.from('\x1b(B', 'latin1'), bytes]), '\\ISO 2022 IR 87', 'UT')).toBe(text);
    }
  });
});

describe('decoding fallbacks never throw', () => {
  it('unknown term: warning, UTF-8 when valid', () => {
    const w: string[] = [];
    expect(decodeText(Buffer.from('Zoë', 'utf8'), 'ISO_IR 999', 'PN', (m) => w.push(m))).toBe('Zoë');
    expect(resolveCharset('ISO_IR 999').warnings.join()).toContain('Unknown');
    expect(w.join()).toContain('UTF-8');
  });

  it('unknown term: Latin-1 when not UTF-8', () => {
    const w: string[] = [];
    expect(decodeText(Buffer.from('Zo\xeb', 'latin1'), 'FOO', 'PN', (m) => w.push(m))).toBe('Zoë');
    expect(w.join()).toContain('Latin-1');
  });

  it('no Specific Character Set but non-ASCII bytes: warning and fallback', () => {
    const w: string[] = [];
    expect(decodeText(Buffer.from('Jérôme', 'utf8'), undefined, 'PN', (m) => w.push(m))).toBe('Jérôme');
    expect(w).toHaveLength(1);
  });

  it('reads common misspellings of Defined Terms with a warning', () => {
    const cs = resolveCharset('ISO-IR 100');
    expect(cs.terms).toEqual(['ISO_IR 100']);
    expect(cs.warnings).toHaveLength(1);
    expect(decodeText(Buffer.from('J\xe9r\xf4me', 'latin1'), 'ISO-IR 100', 'PN')).toBe('Jérôme');
    expect(resolveCharset('ISO_IR 6').warnings).toEqual([]);
  });

  it('honours escapes in a value declared without code extensions, with a warning', () => {
    const w: string[] = [];
    expect(decodeText(Buffer.from('\x1b$B;3ED\x1b(B', 'latin1'), 'ISO_IR 100', 'PN', (m) => w.push(m))).toBe('山田');
    expect(w.join()).toContain('no code extensions');
  });

  it('survives truncated multi-byte text and unknown escapes', () => {
    const w: string[] = [];
    expect(decodeText(Buffer.from('\x1b$B;3E', 'latin1'), '\\ISO 2022 IR 87', 'PN')).toBe('山\uFFFD');
    expect(decodeText(Buffer.from('a\x1b%Gb', 'latin1'), '\\ISO 2022 IR 87', 'PN', (m) => w.push(m))).toBe('a%Gb');
    expect(w.join()).toContain('Unknown escape');
  });

  it('accepts ESC ( B or ESC ( J to return from JIS X 0208 (chrSQEncoding uses ESC ( B under IR 13)', () => {
    const spec = 'ISO 2022 IR 13\\ISO 2022 IR 87';
    expect(decodeText(Buffer.from('\xd4\xcf^\x1b$B;3ED\x1b(B^x', 'latin1'), spec, 'PN')).toBe('ﾔﾏ^山田^x');
    expect(decodeText(Buffer.from('\xd4\xcf^\x1b$B;3ED\x1b(J^x', 'latin1'), spec, 'PN')).toBe('ﾔﾏ^山田^x');
  });

  it('ignores extra values after ISO_IR 192 with a warning', () => {
    const cs = resolveCharset('ISO_IR 192\\ISO 2022 IR 87');
    expect(cs.kind).toBe('whole');
    expect(cs.warnings).toHaveLength(1);
  });
});

describe('chooseSpecificCharacterSet', () => {
  const cases: ReadonlyArray<[string, string]> = [
    ['SMITH^JOHN', ''],
    ['Buc^Jérôme', 'ISO_IR 100'],
    ['山田^太郎', '\\ISO 2022 IR 87'],
    ['やまだ^たろう', '\\ISO 2022 IR 87'],
    ['ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎', 'ISO 2022 IR 13\\ISO 2022 IR 87'],
    ['丂', '\\ISO 2022 IR 87\\ISO 2022 IR 159'],
    ['Hong^Gildong=洪^吉洞=홍^길동', '\\ISO 2022 IR 149'],
    ['Διονυσιος', 'ISO_IR 126'],
    ['Люксембург', 'ISO_IR 144'],
    ['שרון', 'ISO_IR 138'],
    ['قباني', 'ISO_IR 127'],
    ['王^小东', 'ISO_IR 192'],
    ['😀', 'ISO_IR 192'],
  ];
  for (const [text, expected] of cases) {
    it(`'${text}' -> '${expected}', and the text encodes under it`, () => {
      const chosen = chooseSpecificCharacterSet(text);
      expect(chosen).toBe(expected);
      expect(decodeText(encodeString(text, chosen, 'PN'), chosen, 'PN')).toBe(text);
    });
  }

  it('honours cjk: zh and preferUtf8', () => {
    expect(chooseSpecificCharacterSet('王^小东', { cjk: 'zh' })).toBe('\\ISO 2022 IR 58');
    expect(chooseSpecificCharacterSet('山田', { preferUtf8: true })).toBe('ISO_IR 192');
  });
});
