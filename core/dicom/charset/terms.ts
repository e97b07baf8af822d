/**
 * Defined Terms of Specific Character Set (0008,0005), PS3.3 section C.12.1.1.2
 * (Tables C.12-2 to C.12-5), and their resolution into what decoding and encoding need.
 */
import {
  ARABIC, ASCII, type CodeElement, CYRILLIC, GB_2312, GREEK, HEBREW, JIS_X_0201_KATAKANA, JIS_X_0201_ROMAJI,
  JIS_X_0208, JIS_X_0212, KS_X_1001, LATIN_1, LATIN_2, LATIN_3, LATIN_4, LATIN_5, LATIN_9, THAI,
} from './code-elements.js';

interface TermDef {
  /** G0 and G1 this term designates (G0 absent: the term only designates G1, G0 stays ASCII). */
  readonly g0: CodeElement;
  readonly g1?: CodeElement;
  readonly description: string;
}

/** Single-byte sets: 'ISO_IR n' without code extensions, 'ISO 2022 IR n' with (Tables C.12-2, C.12-3). */
const SINGLE_BYTE: ReadonlyArray<[number, TermDef]> = [
  [6, { g0: ASCII, description: 'Default repertoire' }],
  [100, { g0: ASCII, g1: LATIN_1, description: 'Latin alphabet No. 1' }],
  [101, { g0: ASCII, g1: LATIN_2, description: 'Latin alphabet No. 2' }],
  [109, { g0: ASCII, g1: LATIN_3, description: 'Latin alphabet No. 3' }],
  [110, { g0: ASCII, g1: LATIN_4, description: 'Latin alphabet No. 4' }],
  [144, { g0: ASCII, g1: CYRILLIC, description: 'Cyrillic' }],
  [127, { g0: ASCII, g1: ARABIC, description: 'Arabic' }],
  [126, { g0: ASCII, g1: GREEK, description: 'Greek' }],
  [138, { g0: ASCII, g1: HEBREW, description: 'Hebrew' }],
  [148, { g0: ASCII, g1: LATIN_5, description: 'Latin alphabet No. 5' }],
  [203, { g0: ASCII, g1: LATIN_9, description: 'Latin alphabet No. 9' }],
  [13, { g0: JIS_X_0201_ROMAJI, g1: JIS_X_0201_KATAKANA, description: 'Japanese (JIS X 0201)' }],
  [166, { g0: ASCII, g1: THAI, description: 'Thai' }],
];

/** Multi-byte sets with code extensions (Table C.12-4): used as value 2 and later. */
const MULTI_BYTE_2022: ReadonlyArray<[number, TermDef]> = [
  [87, { g0: JIS_X_0208, description: 'Japanese (JIS X 0208)' }],
  [159, { g0: JIS_X_0212, description: 'Japanese (JIS X 0212)' }],
  [149, { g0: ASCII, g1: KS_X_1001, description: 'Korean (KS X 1001)' }],
  [58, { g0: ASCII, g1: GB_2312, description: 'Simplified Chinese (GB 2312)' }],
];

/** Multi-byte sets without code extensions (Table C.12-5): one value only. */
const WHOLE_VALUE_CODECS: Readonly<Record<string, string>> = {
  'ISO_IR 192': 'utf8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

const TERMS = new Map<string, TermDef>();
for (const [n, def] of SINGLE_BYTE) {
  if (n !== 6) TERMS.set(`ISO_IR ${n}`, def);
  TERMS.set(`ISO 2022 IR ${n}`, def);
}
for (const [n, def] of MULTI_BYTE_2022) TERMS.set(`ISO 2022 IR ${n}`, def);

/** Every Defined Term we decode and encode, in PS3.3 order; '' is the default repertoire. */
export const DEFINED_TERMS: readonly string[] = [
  '', ...SINGLE_BYTE.filter(([n]) => n !== 6).map(([n]) => `ISO_IR ${n}`),
  ...SINGLE_BYTE.map(([n]) => `ISO 2022 IR ${n}`), ...MULTI_BYTE_2022.map(([n]) => `ISO 2022 IR ${n}`),
  'ISO_IR 192', 'GB18030', 'GBK',
];

export type CharsetKind =
  | 'iso2022'   // code extensions: escapes switch G0/G1 (also used for single-byte terms, without escapes)
  | 'whole'     // one codec for the whole value (UTF-8, GB18030, GBK)
  | 'fallback'; // unknown term: UTF-8 if the bytes are valid UTF-8, else Latin-1

export interface ResolvedCharset {
  /** The values as normalised (e.g. ['', 'ISO 2022 IR 87']). */
  readonly terms: readonly string[];
  readonly kind: CharsetKind;
  /** Whether escape sequences are allowed (PS3.3 C.12.1.1.2: terms 'ISO 2022 ...'). */
  readonly codeExtensions: boolean;
  readonly codec?: string;
  readonly initialG0: CodeElement;
  readonly initialG1: CodeElement | undefined;
  /** Code elements available for encoding, in the order of the values. */
  readonly elements: readonly CodeElement[];
  readonly warnings: readonly string[];
}

/** Spellings seen in the wild mapped to the Defined Term (with a warning). */
function normalizeTerm(raw: string): string {
  const t = raw.trim().toUpperCase();
  let m = /^ISO[-_ ]?2022[-_ ]?IR[-_ ]?(\d+)$/u.exec(t);
  if (m) return `ISO 2022 IR ${m[1]}`;
  m = /^ISO[-_ ]?IR[-_ ]?(\d+)$/u.exec(t);
  if (m) return m[1] === '6' ? 'ISO_IR 6' : `ISO_IR ${m[1]}`;
  if (t === 'UTF-8' || t === 'UTF8') return 'ISO_IR 192';
  if (t === 'GB2312') return 'GBK';
  return t;
}

function splitValues(spec: string | readonly string[] | undefined): string[] {
  if (spec === undefined) return [];
  const values = typeof spec === 'string' ? spec.split('\\') : [...spec];
  // A single empty value (zero-length attribute) means the default repertoire.
  return values.length === 1 && (values[0] ?? '').trim() === '' ? [] : values;
}

const cache = new Map<string, ResolvedCharset>();

/**
 * Resolve the value(s) of Specific Character Set. Accepts 'A\B' or ['A', 'B'].
 * Unknown terms never throw: they produce warnings and a fallback.
 */
export function resolveCharset(spec: string | readonly string[] | undefined): ResolvedCharset {
  const values = splitValues(spec);
  const key = values.join('\\');
  const hit = cache.get(key);
  if (hit) return hit;
  const r = resolveUncached(values);
  if (cache.size < 256) cache.set(key, r);
  return r;
}

function resolveUncached(rawValues: string[]): ResolvedCharset {
  const warnings: string[] = [];
  const terms = rawValues.map((v, i) => {
    const n = normalizeTerm(v);
    if (n !== v.trim() && !(n === 'ISO_IR 6' && v.trim().toUpperCase() === 'ISO_IR 6')) {
      warnings.push(`Specific Character Set value ${i + 1} '${v}' read as '${n}'`);
    }
    return n === 'ISO_IR 6' ? '' : n;
  });
  if (terms.length === 0) {
    return { terms, kind: 'iso2022', codeExtensions: false, initialG0: ASCII, initialG1: undefined, elements: [ASCII], warnings };
  }
  const first = terms[0] ?? '';
  const codec = WHOLE_VALUE_CODECS[first];
  if (codec) {
    if (terms.length > 1) warnings.push(`'${first}' does not allow code extensions (PS3.3 C.12.1.1.2): other values ignored`);
    return { terms, kind: 'whole', codeExtensions: false, codec, initialG0: ASCII, initialG1: undefined, elements: [ASCII], warnings };
  }
  const codeExtensions = terms.length > 1 || first.startsWith('ISO 2022');
  const elements: CodeElement[] = [];
  let initialG0: CodeElement = ASCII;
  let initialG1: CodeElement | undefined;
  let unknown = 0;
  terms.forEach((term, i) => {
    if (term === '') {
      if (!elements.includes(ASCII)) elements.push(ASCII);
      return;
    }
    const def = TERMS.get(term);
    if (!def) {
      if (WHOLE_VALUE_CODECS[term]) warnings.push(`'${term}' cannot be combined with other values (PS3.3 C.12.1.1.2): ignored`);
      else warnings.push(`Unknown Specific Character Set '${term}'`);
      unknown++;
      return;
    }
    if (i > 0 && term.startsWith('ISO_IR')) warnings.push(`'${term}' in value ${i + 1} should be 'ISO 2022 ${term.slice(4)}' (code extensions in use)`);
    if (i === 0) {
      if (def.g0.multiByte) {
        warnings.push(`'${term}' as value 1 leaves no single-byte G0 for delimiters: ASCII assumed in G0 (PS3.3 C.12.1.1.2)`);
      } else {
        initialG0 = def.g0;
      }
      initialG1 = def.g1;
    }
    for (const el of [def.g0, def.g1]) if (el && !elements.includes(el)) elements.push(el);
  });
  if (!elements.includes(ASCII) && initialG0 === ASCII) elements.unshift(ASCII);
  if (unknown > 0 && elements.length <= 1 && unknown === terms.filter((t) => t !== '').length) {
    return { terms, kind: 'fallback', codeExtensions: false, initialG0: ASCII, initialG1: undefined, elements: [ASCII], warnings };
  }
  // Put the initial elements first so the encoder prefers them.
  const ordered = [initialG0, ...(initialG1 ? [initialG1] : []), ...elements.filter((e) => e !== initialG0 && e !== initialG1)];
  return { terms, kind: 'iso2022', codeExtensions, initialG0, initialG1, elements: ordered, warnings };
}
