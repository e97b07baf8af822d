/**
 * Decoding text values with the Specific Character Set (PS3.5 section 6.1).
 *
 * With code extensions (ISO 2022), escape sequences designate code elements into G0 or
 * G1; bytes below 0x80 use G0, bytes from 0x80 use G1. PS3.5 section 6.1.2.5.3 requires
 * writers to return to the value-1 character set before delimiters: '\' between values,
 * '^' and '=' in Person Names, and control characters (CR, LF, FF, TAB) in text. We
 * reset to the initial state there too, so a value whose writer forgot to switch back
 * still decodes its next component correctly.
 */
import iconv from 'iconv-lite';
import { charCodesText, type CodeElement, matchEscape } from './code-elements.js';
import { resolveCharset, type ResolvedCharset } from './terms.js';

export type WarningSink = (message: string) => void;

const ESC = 0x1b;
const BACKSLASH = 0x5c;
const CARET = 0x5e;
const EQUALS = 0x3d;

/** Bytes at which the G0/G1 state resets for this VR (PS3.5 section 6.1.2.5.3). */
function isResetPoint(b: number, vr: string): boolean {
  if (b < 0x20 && b !== ESC) return true; // control characters other than ESC
  if (b === BACKSLASH) return vr !== 'ST' && vr !== 'LT' && vr !== 'UT' && vr !== 'UR';
  if (vr === 'PN') return b === CARET || b === EQUALS;
  return false;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasHighOrEsc(bytes: Uint8Array): { high: boolean; esc: boolean } {
  let high = false;
  let esc = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 0x80) high = true;
    else if (b === ESC) esc = true;
  }
  return { high, esc };
}

/** Unknown or absent character set with non-ASCII bytes: UTF-8 when valid, else Latin-1. */
function fallbackDecode(bytes: Uint8Array, why: string, warn?: WarningSink): string {
  if (isValidUtf8(bytes)) {
    warn?.(`${why}: non-ASCII bytes decoded as UTF-8`);
    return new TextDecoder('utf-8').decode(bytes);
  }
  warn?.(`${why}: non-ASCII bytes decoded as ISO_IR 100 (Latin-1)`);
  return iconv.decode(Buffer.from(bytes), 'iso88591');
}

/**
 * Decode a text value (all its values, '\' kept) for a VR. Never throws: unknown
 * escapes and bytes that no designated set covers become warnings.
 */
export function decodeText(bytes: Uint8Array, charset: ResolvedCharset | string | readonly string[] | undefined,
  vr: string, warn?: WarningSink): string {
  const cs = isResolved(charset) ? charset : resolveCharset(charset);
  if (bytes.length === 0) return '';
  if (cs.kind === 'whole') {
    if (cs.codec === 'utf8') return new TextDecoder('utf-8').decode(bytes);
    return iconv.decode(Buffer.from(bytes), cs.codec ?? 'utf8');
  }
  const { high, esc } = hasHighOrEsc(bytes);
  if (!high && !esc) return charCodesText(bytes);
  if (cs.kind === 'fallback' && !esc) return fallbackDecode(bytes, `Unknown Specific Character Set '${cs.terms.join('\\')}'`, warn);
  if (!esc && cs.initialG1 === undefined && cs.elements.every((e) => e.register === 'G0' && !e.multiByte)) {
    return fallbackDecode(bytes, 'Non-ASCII bytes without Specific Character Set', warn);
  }
  return decodeIso2022(bytes, cs, vr, warn);
}

function isResolved(x: unknown): x is ResolvedCharset {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'kind' in x;
}

function decodeIso2022(bytes: Uint8Array, cs: ResolvedCharset, vr: string, warn?: WarningSink): string {
  let g0: CodeElement = cs.initialG0;
  let g1: CodeElement | undefined = cs.initialG1;
  const parts: string[] = [];
  let runStart = 0;
  let runElement: CodeElement | undefined;
  let warnedEscape = false;
  let warnedG1 = false;

  const flush = (end: number): void => {
    if (runElement && end > runStart) parts.push(runElement.decode(bytes.subarray(runStart, end)));
    runElement = undefined;
  };
  const extend = (el: CodeElement, i: number): void => {
    if (runElement !== el) {
      flush(i);
      runElement = el;
      runStart = i;
    }
  };

  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b === ESC) {
      flush(i);
      const m = matchEscape(bytes, i);
      if (!m) {
        warn?.(`Unknown escape sequence at byte ${i} of a ${vr} value: ignored`);
        i += 1;
        continue;
      }
      if (!cs.codeExtensions && !warnedEscape) {
        warnedEscape = true;
        warn?.(`Escape sequence in a value whose Specific Character Set '${cs.terms.join('\\')}' has no code extensions: honoured`);
      }
      if (m.element.register === 'G0') g0 = m.element;
      else g1 = m.element;
      i += m.length;
      continue;
    }
    if (b < 0x80) {
      // In a 94x94 set, only 0x21-0x7E are character bytes; SPACE and controls stay themselves.
      const isCharByte = !g0.multiByte || (b >= 0x21 && b <= 0x7e);
      if (isCharByte && !(g0.multiByte === false && isResetPoint(b, vr))) {
        extend(g0, i);
        i++;
        continue;
      }
      flush(i);
      parts.push(String.fromCharCode(b));
      if (isResetPoint(b, vr) || b < 0x20) {
        g0 = cs.initialG0;
        g1 = cs.initialG1;
      }
      i++;
      continue;
    }
    if (g1) {
      extend(g1, i);
      i++;
      continue;
    }
    flush(i);
    if (!warnedG1) {
      warnedG1 = true;
      warn?.(`Byte 0x${b.toString(16)} in a ${vr} value but no G1 character set designated: read as Latin-1`);
    }
    parts.push(String.fromCharCode(b));
    i++;
  }
  flush(bytes.length);
  return parts.join('');
}
