/**
 * Decoding and encoding element values by VR (PS3.5 section 6.2). Binary numbers honour
 * the data set's byte order; text is decoded with the Specific Character Set for the
 * VRs that use it (PS3.5 section 6.1.2.3) and as ASCII otherwise. Bad values (an IS of
 * '1A') give a warning and undefined, never an exception.
 */
import { decodeText, type WarningSink } from './charset/decode.js';
import { encodeString } from './charset/encode.js';
import type { ResolvedCharset } from './charset/terms.js';
import { DicomEncodeError } from './errors.js';
import { CHARSET_TEXT_VRS, isSingleValuedText, paddingByte } from './vr.js';

const NUMBER_WIDTH: Readonly<Record<string, number>> = {
  US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, OW: 2, OL: 4, OF: 4, OD: 8, SV: 8, UV: 8, OV: 8, AT: 4,
};

/** Binary numeric values (US, SS, UL, SL, FL, FD, OW, OL, OF, OD, SV, UV, OV; AT as tags). */
export function readNumbers(value: Uint8Array, vr: string, littleEndian: boolean, warn?: WarningSink): number[] {
  const width = NUMBER_WIDTH[vr];
  if (width === undefined) return [];
  const count = Math.floor(value.length / width);
  if (count * width !== value.length) warn?.(`${vr} value of ${value.length} bytes is not a multiple of ${width}: last bytes ignored`);
  const dv = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const p = i * width;
    switch (vr) {
      case 'US': case 'OW': out[i] = dv.getUint16(p, littleEndian); break;
      case 'SS': out[i] = dv.getInt16(p, littleEndian); break;
      case 'UL': case 'OL': out[i] = dv.getUint32(p, littleEndian); break;
      case 'SL': out[i] = dv.getInt32(p, littleEndian); break;
      case 'FL': case 'OF': out[i] = dv.getFloat32(p, littleEndian); break;
      case 'FD': case 'OD': out[i] = dv.getFloat64(p, littleEndian); break;
      case 'SV': out[i] = Number(dv.getBigInt64(p, littleEndian)); break;
      case 'UV': case 'OV': out[i] = Number(dv.getBigUint64(p, littleEndian)); break;
      case 'AT': out[i] = ((dv.getUint16(p, littleEndian) * 0x10000) + dv.getUint16(p + 2, littleEndian)) >>> 0; break;
      default: break;
    }
  }
  return out;
}

/** Encode binary numbers for a VR in a byte order. */
export function encodeNumbers(values: readonly number[], vr: string, littleEndian: boolean): Uint8Array {
  const width = NUMBER_WIDTH[vr];
  if (width === undefined) throw new DicomEncodeError(`VR ${vr}`, 'not a binary numeric VR');
  const out = new Uint8Array(values.length * width);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => {
    const p = i * width;
    switch (vr) {
      case 'US': case 'OW': dv.setUint16(p, v, littleEndian); break;
      case 'SS': dv.setInt16(p, v, littleEndian); break;
      case 'UL': case 'OL': dv.setUint32(p, v, littleEndian); break;
      case 'SL': dv.setInt32(p, v, littleEndian); break;
      case 'FL': case 'OF': dv.setFloat32(p, v, littleEndian); break;
      case 'FD': case 'OD': dv.setFloat64(p, v, littleEndian); break;
      case 'SV': dv.setBigInt64(p, BigInt(Math.trunc(v)), littleEndian); break;
      case 'UV': case 'OV': dv.setBigUint64(p, BigInt(Math.trunc(v)), littleEndian); break;
      case 'AT': dv.setUint16(p, v >>> 16, littleEndian); dv.setUint16(p + 2, v & 0xffff, littleEndian); break;
      default: break;
    }
  });
  return out;
}

/** Which padding is insignificant per VR (PS3.5 Table 6.2-1). */
function trimValue(s: string, vr: string): string {
  switch (vr) {
    case 'UI': return s.replace(/[\0 ]+$/u, '');
    case 'PN': case 'ST': case 'LT': case 'UT': case 'UC': case 'UR': return s.replace(/[\0 ]+$/u, '');
    default: return s.replace(/^[\0 ]+|[\0 ]+$/gu, '');
  }
}

/** All values of a text element, decoded, split at '\' (not for ST/LT/UT/UR) and trimmed. */
export function decodeStrings(value: Uint8Array, vr: string, charset: ResolvedCharset | string | readonly string[] | undefined,
  warn?: WarningSink): string[] {
  if (value.length === 0) return [];
  const text = CHARSET_TEXT_VRS.has(vr) || vr === 'UN'
    ? decodeText(value, charset, vr, warn)
    : decodeText(value, undefined, vr, warn);
  const parts = isSingleValuedText(vr) ? [text] : text.split('\\');
  return parts.map((p) => trimValue(p, vr));
}

/** IS (PS3.5 Table 6.2-1): optional sign and digits, at most 12 bytes. */
export function parseIS(s: string, warn?: WarningSink): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  if (/^[+-]?\d+$/u.test(t)) return Number.parseInt(t, 10);
  // Some writers put a DS-like '1.0' in IS; accept integral decimals, as pydicom does.
  if (/^[+-]?\d+(\.0*)?$/u.test(t)) {
    warn?.(`IS value '${t}' is written as a decimal`);
    return Number.parseInt(t, 10);
  }
  warn?.(`Invalid IS value '${t}'`);
  return undefined;
}

/** DS (PS3.5 Table 6.2-1): fixed or floating point decimal string. */
export function parseDS(s: string, warn?: WarningSink): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/u.test(t)) return Number.parseFloat(t);
  warn?.(`Invalid DS value '${t}'`);
  return undefined;
}

/** Pad to even length with the VR's padding byte (PS3.5 section 6.2). */
export function padToEven(bytes: Uint8Array, vr: string): Uint8Array {
  if ((bytes.length & 1) === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = paddingByte(vr);
  return out;
}

/**
 * Encode text values for a VR: joined with '\', encoded with the character set for the
 * VRs that use it (ASCII otherwise, with an error for non-ASCII), padded to even length.
 */
export function encodeStrings(values: readonly string[], vr: string, charset: string | readonly string[] | ResolvedCharset | undefined): Uint8Array {
  const text = values.join('\\');
  const bytes = CHARSET_TEXT_VRS.has(vr) ? encodeString(text, charset, vr) : encodeString(text, undefined, vr);
  return padToEven(bytes, vr);
}
