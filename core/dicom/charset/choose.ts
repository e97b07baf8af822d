/**
 * Suggests a Specific Character Set for text we are about to write (print annotations,
 * film session labels...): the most conservative value that can represent it, favouring
 * the ISO 2022 Japanese forms Japanese imagers expect (PS3.5 Annex H).
 */
import {
  ARABIC, CYRILLIC, type CodeElement, GREEK, HEBREW, JIS_X_0201_KATAKANA, JIS_X_0208, JIS_X_0212, KS_X_1001,
  GB_2312, LATIN_1, LATIN_2, LATIN_3, LATIN_4, LATIN_5, THAI,
} from './code-elements.js';

export interface ChooseOptions {
  /** Which reading to favour for Han characters (kanji/hanja/hanzi): default 'ja'. */
  cjk?: 'ja' | 'ko' | 'zh';
  /** Prefer 'ISO_IR 192' (UTF-8) over every legacy set except the default repertoire. */
  preferUtf8?: boolean;
}

const SINGLE_BYTE_ORDER: ReadonlyArray<[string, CodeElement]> = [
  ['ISO_IR 100', LATIN_1], ['ISO_IR 101', LATIN_2], ['ISO_IR 148', LATIN_5], ['ISO_IR 109', LATIN_3],
  ['ISO_IR 110', LATIN_4], ['ISO_IR 126', GREEK], ['ISO_IR 144', CYRILLIC], ['ISO_IR 127', ARABIC],
  ['ISO_IR 138', HEBREW], ['ISO_IR 166', THAI],
];

function isAscii(ch: string): boolean {
  return ch.length === 1 && ch.charCodeAt(0) < 0x80 && ch.charCodeAt(0) !== 0x1b;
}

function allIn(chars: string[], elements: CodeElement[]): boolean {
  return chars.every((ch) => isAscii(ch) || elements.some((e) => e.encodeChar(ch) !== undefined));
}

function chooseJapanese(chars: string[]): string | undefined {
  const halfWidth = chars.some((ch) => JIS_X_0201_KATAKANA.encodeChar(ch) !== undefined);
  const needs0212 = chars.some((ch) => !isAscii(ch) && JIS_X_0201_KATAKANA.encodeChar(ch) === undefined
    && JIS_X_0208.encodeChar(ch) === undefined && JIS_X_0212.encodeChar(ch) !== undefined);
  const sets = [JIS_X_0201_KATAKANA, JIS_X_0208, JIS_X_0212];
  if (!allIn(chars, sets)) return undefined;
  const head = halfWidth ? 'ISO 2022 IR 13' : '';
  return [head, 'ISO 2022 IR 87', ...(needs0212 ? ['ISO 2022 IR 159'] : [])].join('\\');
}

/**
 * A value for (0008,0005), e.g. '' (ASCII), 'ISO_IR 100', '\ISO 2022 IR 87',
 * 'ISO 2022 IR 13\ISO 2022 IR 87', '\ISO 2022 IR 149', 'ISO_IR 192'.
 */
export function chooseSpecificCharacterSet(text: string, options: ChooseOptions = {}): string {
  const chars = [...text];
  const nonAscii = chars.filter((ch) => !isAscii(ch));
  if (nonAscii.length === 0) return '';
  if (options.preferUtf8) return 'ISO_IR 192';
  const hasKana = nonAscii.some((ch) => /[\u3040-\u30ff\uff61-\uff9f]/u.test(ch));
  const hasHangul = nonAscii.some((ch) => /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u.test(ch));
  const hasHan = nonAscii.some((ch) => /\p{Script=Han}/u.test(ch));
  const cjk = options.cjk ?? 'ja';
  if (hasKana || (hasHan && cjk === 'ja' && !hasHangul)) {
    const ja = chooseJapanese(chars);
    if (ja !== undefined) return ja;
  }
  if (hasHangul || (hasHan && cjk === 'ko')) {
    if (allIn(chars, [KS_X_1001])) return '\\ISO 2022 IR 149';
  }
  if (hasHan && cjk === 'zh') {
    if (allIn(chars, [GB_2312])) return '\\ISO 2022 IR 58';
    return 'GB18030';
  }
  for (const [term, el] of SINGLE_BYTE_ORDER) if (allIn(chars, [el])) return term;
  if (hasHan && !hasHangul) {
    const ja = chooseJapanese(chars);
    if (ja !== undefined) return ja;
  }
  return 'ISO_IR 192';
}
