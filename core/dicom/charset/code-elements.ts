/**
 * Code elements of ISO/IEC 2022 as DICOM uses them (PS3.3 Tables C.12-3 and C.12-4,
 * PS3.5 section 6.1.2.5): each is designated into G0 (bytes 0x21-0x7E) or G1 (bytes
 * 0xA1-0xFE) by an escape sequence. iconv-lite has no ISO-2022 codecs, so the 94x94
 * sets are reached through their EUC forms: JIS X 0208 bytes are EUC-JP bytes & 0x7F,
 * JIS X 0212 is EUC-JP after the 0x8F prefix, KS X 1001 is EUC-KR, GB 2312 is EUC-CN.
 */
import iconv from 'iconv-lite';

export type Register = 'G0' | 'G1';

export interface CodeElement {
  /** ISO-IR registration, e.g. 'ISO-IR 87'. */
  readonly id: string;
  readonly register: Register;
  /** Two bytes per character (the 94x94 sets). */
  readonly multiByte: boolean;
  /** Designation escape sequence (ESC ...). */
  readonly escape: readonly number[];
  /** Decodes a run of bytes that belong to this element, as they appear in the value. */
  decode(run: Uint8Array): string;
  /** Bytes for one character as they appear in the value, or undefined if not in the set. */
  encodeChar(ch: string): number[] | undefined;
}

const ESC = 0x1b;
const REPLACEMENT = '\uFFFD';

/** Encode with iconv-lite and tell unencodable characters apart (iconv-lite substitutes '?'). */
function iconvEncode(ch: string, codec: string): Buffer | undefined {
  const out = iconv.encode(ch, codec);
  if (out.length === 1 && out[0] === 0x3f && ch !== '?') return undefined;
  // Make sure it decodes back to the same character (no lossy best-fit mapping).
  if (iconv.decode(out, codec) !== ch) return undefined;
  return out;
}

/**
 * Bytes below 0x100 as the characters of the same codes. `fromCharCode.apply` over slices
 * of 32 K: spreading a typed array into the call (`...run`) iterates it, ~8x slower for
 * the short values of a header (UIDs, codes, dates), which every received instance has.
 */
export function charCodesText(run: Uint8Array): string {
  const SLICE = 0x8000;
  if (run.length <= SLICE) return String.fromCharCode.apply(null, run as unknown as number[]);
  let out = '';
  for (let i = 0; i < run.length; i += SLICE) out += String.fromCharCode.apply(null, run.subarray(i, i + SLICE) as unknown as number[]);
  return out;
}

/** ISO-IR 6, US-ASCII in G0 (the default repertoire). */
export const ASCII: CodeElement = {
  id: 'ISO-IR 6', register: 'G0', multiByte: false, escape: [ESC, 0x28, 0x42],
  decode: charCodesText,
  encodeChar: (ch) => {
    const c = ch.charCodeAt(0);
    return ch.length === 1 && c < 0x80 && c !== ESC ? [c] : undefined;
  },
};

/**
 * ISO-IR 14, JIS X 0201 Romaji in G0. It differs from ASCII only at 0x5C (YEN SIGN) and
 * 0x7E (OVERLINE); like pydicom and DCMTK we read those as '\' and '~', because
 * DICOM uses 0x5C as its value delimiter whatever the character set (PS3.5 6.1.2.5.3).
 */
export const JIS_X_0201_ROMAJI: CodeElement = {
  ...ASCII, id: 'ISO-IR 14', escape: [ESC, 0x28, 0x4a],
};

/** ISO-IR 13, JIS X 0201 Katakana in G1: 0xA1-0xDF are U+FF61-U+FF9F. */
export const JIS_X_0201_KATAKANA: CodeElement = {
  id: 'ISO-IR 13', register: 'G1', multiByte: false, escape: [ESC, 0x29, 0x49],
  decode: (run) => Array.from(run, (b) => (b >= 0xa1 && b <= 0xdf ? String.fromCharCode(0xff61 + b - 0xa1) : REPLACEMENT)).join(''),
  encodeChar: (ch) => {
    const c = ch.charCodeAt(0);
    return ch.length === 1 && c >= 0xff61 && c <= 0xff9f ? [c - 0xff61 + 0xa1] : undefined;
  },
};

/** Decode 7-bit pairs of a 94x94 set by lifting them into EUC form. */
function decodePairs(run: Uint8Array, codec: string, prefix: number[] = []): string {
  let out = '';
  let i = 0;
  for (; i + 1 < run.length; i += 2) {
    const bytes = Buffer.from([...prefix, (run[i] ?? 0) | 0x80, (run[i + 1] ?? 0) | 0x80]);
    out += iconv.decode(bytes, codec);
  }
  if (i < run.length) out += REPLACEMENT; // a lone byte of a two-byte character
  return out;
}

/** ISO-IR 87, JIS X 0208 (kanji, kana) in G0, ESC $ B (PS3.5 Annex H). */
export const JIS_X_0208: CodeElement = {
  id: 'ISO-IR 87', register: 'G0', multiByte: true, escape: [ESC, 0x24, 0x42],
  decode: (run) => decodePairs(run, 'eucjp'),
  encodeChar: (ch) => {
    const b = iconvEncode(ch, 'eucjp');
    if (!b || b.length !== 2) return undefined;
    const [b0 = 0, b1 = 0] = b;
    if (b0 < 0xa1 || b0 > 0xfe || b1 < 0xa1 || b1 > 0xfe) return undefined;
    return [b0 & 0x7f, b1 & 0x7f];
  },
};

/** ISO-IR 159, JIS X 0212 (supplementary kanji) in G0, ESC $ ( D (PS3.5 Annex H). */
export const JIS_X_0212: CodeElement = {
  id: 'ISO-IR 159', register: 'G0', multiByte: true, escape: [ESC, 0x24, 0x28, 0x44],
  decode: (run) => decodePairs(run, 'eucjp', [0x8f]),
  encodeChar: (ch) => {
    const b = iconvEncode(ch, 'eucjp');
    if (!b || b.length !== 3 || b[0] !== 0x8f) return undefined;
    return [(b[1] ?? 0) & 0x7f, (b[2] ?? 0) & 0x7f];
  },
};

/** A 94x94 set in G1 reached through its EUC codec; only bytes 0xA1-0xFE are the set itself. */
function euc94x94G1(id: string, escape: number[], codec: string, maxLead = 0xfe): CodeElement {
  return {
    id, register: 'G1', multiByte: true, escape,
    decode: (run) => {
      let out = '';
      let i = 0;
      for (; i + 1 < run.length; i += 2) out += iconv.decode(Buffer.from([run[i] ?? 0, run[i + 1] ?? 0]), codec);
      if (i < run.length) out += REPLACEMENT;
      return out;
    },
    encodeChar: (ch) => {
      const b = iconvEncode(ch, codec);
      if (!b || b.length !== 2) return undefined;
      const [b0 = 0, b1 = 0] = b;
      // CP949/GBK extensions use lead or trail bytes outside the 94x94 area: not this set.
      if (b0 < 0xa1 || b0 > maxLead || b1 < 0xa1 || b1 > 0xfe) return undefined;
      return [b0, b1];
    },
  };
}

/** ISO-IR 149, KS X 1001 (Hangul, Hanja) in G1, ESC $ ) C (PS3.5 Annex I). */
export const KS_X_1001 = euc94x94G1('ISO-IR 149', [ESC, 0x24, 0x29, 0x43], 'euckr');

/** ISO-IR 58, GB 2312 in G1, ESC $ ) A (PS3.5 Annex K). */
export const GB_2312 = euc94x94G1('ISO-IR 58', [ESC, 0x24, 0x29, 0x41], 'gb2312', 0xf7);

/** A 96-character ISO 8859 right half in G1 (ESC - F). */
function iso8859G1(id: string, final: number, codec: string): CodeElement {
  return {
    id, register: 'G1', multiByte: false, escape: [ESC, 0x2d, final],
    decode: (run) => iconv.decode(Buffer.from(run), codec),
    encodeChar: (ch) => {
      const b = iconvEncode(ch, codec);
      if (!b || b.length !== 1 || (b[0] ?? 0) < 0xa0) return undefined;
      return [b[0] ?? 0];
    },
  };
}

export const LATIN_1 = iso8859G1('ISO-IR 100', 0x41, 'iso88591');
export const LATIN_2 = iso8859G1('ISO-IR 101', 0x42, 'iso88592');
export const LATIN_3 = iso8859G1('ISO-IR 109', 0x43, 'iso88593');
export const LATIN_4 = iso8859G1('ISO-IR 110', 0x44, 'iso88594');
export const CYRILLIC = iso8859G1('ISO-IR 144', 0x4c, 'iso88595');
export const ARABIC = iso8859G1('ISO-IR 127', 0x47, 'iso88596');
export const GREEK = iso8859G1('ISO-IR 126', 0x46, 'iso88597');
export const HEBREW = iso8859G1('ISO-IR 138', 0x48, 'iso88598');
export const LATIN_5 = iso8859G1('ISO-IR 148', 0x4d, 'iso88599');
export const THAI = iso8859G1('ISO-IR 166', 0x54, 'iso885911');
export const LATIN_9 = iso8859G1('ISO-IR 203', 0x62, 'iso885915');

export const ALL_CODE_ELEMENTS: readonly CodeElement[] = [
  ASCII, JIS_X_0201_ROMAJI, JIS_X_0201_KATAKANA, JIS_X_0208, JIS_X_0212, KS_X_1001, GB_2312,
  LATIN_1, LATIN_2, LATIN_3, LATIN_4, CYRILLIC, ARABIC, GREEK, HEBREW, LATIN_5, THAI, LATIN_9,
];

/** Find the code element an escape sequence at bytes[pos] designates; returns it and its length. */
export function matchEscape(bytes: Uint8Array, pos: number): { element: CodeElement; length: number } | undefined {
  for (const el of ALL_CODE_ELEMENTS) {
    if (el === JIS_X_0201_ROMAJI && bytes[pos + 1] === 0x28 && bytes[pos + 2] === 0x4a) return { element: el, length: 3 };
    if (el.escape.every((b, i) => bytes[pos + i] === b)) return { element: el, length: el.escape.length };
  }
  // ESC $ @ designates the 1978 JIS C 6226 into G0; older Japanese writers used it for IR 87.
  if (bytes[pos + 1] === 0x24 && bytes[pos + 2] === 0x40) return { element: JIS_X_0208, length: 3 };
  return undefined;
}
