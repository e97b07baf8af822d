/**
 * Encoding text for a Specific Character Set (PS3.5 section 6.1, Annexes H, I, J, K).
 *
 * With code extensions, each character goes to the first declared code element that
 * can represent it (the current G0/G1 first, to avoid needless escapes); an escape
 * sequence is written whenever the designation changes. Before every delimiter
 * ('\', and '^' '=' for PN, control characters for text) and at the end of the value,
 * G0 returns to the value-1 set (PS3.5 section 6.1.2.5.3), exactly as the published
 * examples do (ESC ( B in chrH31, ESC ( J in chrH32).
 */
import iconv from 'iconv-lite';
import { CharsetEncodeError } from '../errors.js';
import type { CodeElement } from './code-elements.js';
import { resolveCharset, type ResolvedCharset } from './terms.js';

const ESC = 0x1b;

function isDelimiter(ch: string, vr: string): boolean {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 0x20 && c !== ESC) return true;
  if (ch === '\\') return vr !== 'ST' && vr !== 'LT' && vr !== 'UT' && vr !== 'UR';
  return vr === 'PN' && (ch === '^' || ch === '=');
}

export interface EncodeOptions {
  /** Replace unencodable characters by '?' instead of throwing CharsetEncodeError. */
  replaceUnencodable?: boolean;
}

/**
 * Encode a text value ('\' separating values) for a VR under a Specific Character Set
 * ('A\B' or ['A', 'B']). Returns the bytes without padding.
 * Throws CharsetEncodeError when a character has no representation (unless replacing).
 */
export function encodeString(text: string, specificCharacterSet: string | readonly string[] | ResolvedCharset | undefined,
  vr = 'LO', options: EncodeOptions = {}): Uint8Array {
  const cs = isResolved(specificCharacterSet) ? specificCharacterSet : resolveCharset(specificCharacterSet);
  const label = cs.terms.join('\\');
  if (cs.kind === 'whole') return encodeWhole(text, cs.codec ?? 'utf8', label, options);
  if (cs.kind === 'fallback') {
    // Unknown term: we cannot know what the receiver expects; write ASCII only.
    return encodeIso2022(text, { ...cs, elements: [cs.initialG0] }, vr, label, options);
  }
  return encodeIso2022(text, cs, vr, label, options);
}

function isResolved(x: unknown): x is ResolvedCharset {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'kind' in x;
}

function encodeWhole(text: string, codec: string, label: string, options: EncodeOptions): Uint8Array {
  if (codec === 'utf8') return new Uint8Array(Buffer.from(text, 'utf8'));
  const out = iconv.encode(text, codec);
  if (iconv.decode(out, codec) === text) return new Uint8Array(out);
  // Find the culprit for a precise error (or replace it).
  const bytes: number[] = [];
  for (const ch of text) {
    const b = iconv.encode(ch, codec);
    if (iconv.decode(b, codec) === ch) bytes.push(...b);
    else if (options.replaceUnencodable) bytes.push(0x3f);
    else throw new CharsetEncodeError(ch, label);
  }
  return new Uint8Array(bytes);
}

function encodeIso2022(text: string, cs: ResolvedCharset, vr: string, label: string, options: EncodeOptions): Uint8Array {
  const out: number[] = [];
  let g0: CodeElement = cs.initialG0;
  let g1: CodeElement | undefined = cs.initialG1;
  const allowed = cs.codeExtensions ? cs.elements : cs.elements.filter((e) => e === cs.initialG0 || e === cs.initialG1);

  const returnToInitial = (): void => {
    if (g0 !== cs.initialG0) out.push(...cs.initialG0.escape);
    g0 = cs.initialG0;
    // G1 goes back to value 1's set too, when value 1 has one (e.g. 'ISO 2022 IR 100\
    // ISO 2022 IR 126' after Greek), so decoders that do not reset at delimiters agree.
    // With no G1 in value 1 (the Korean example of PS3.5 Annex I) nothing is written:
    // the next G1 character re-designates, exactly as the example does.
    if (cs.initialG1 && g1 !== cs.initialG1) out.push(...cs.initialG1.escape);
    g1 = cs.initialG1;
  };

  for (const ch of text) {
    if (isDelimiter(ch, vr)) {
      returnToInitial();
      out.push(ch.charCodeAt(0));
      continue;
    }
    const candidates: CodeElement[] = [g0, ...(g1 ? [g1] : []), ...allowed];
    let done = false;
    for (const el of candidates) {
      if (!allowed.includes(el) && el !== g0 && el !== g1) continue;
      const bytes = el.encodeChar(ch);
      if (!bytes) continue;
      if (el.register === 'G0' && el !== g0) {
        out.push(...el.escape);
        g0 = el;
      } else if (el.register === 'G1' && el !== g1) {
        out.push(...el.escape);
        g1 = el;
      }
      out.push(...bytes);
      done = true;
      break;
    }
    if (!done) {
      if (!options.replaceUnencodable) throw new CharsetEncodeError(ch, label === '' ? 'default repertoire (ISO_IR 6)' : label);
      if (g0.multiByte) returnToInitial();
      out.push(0x3f);
    }
  }
  returnToInitial();
  return new Uint8Array(out);
}
