/**
 * Value Representations (PS3.5 section 6.2, Table 6.2-1) and the facts the codec needs:
 * which have a 32-bit length in Explicit VR (PS3.5 section 7.1.2), how wide a
 * number is for byte swapping (PS3.5 section 7.3), which are text.
 */
export const KNOWN_VRS = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV',
  'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
]);

/** VRs encoded with 2 reserved bytes and a 32-bit length in Explicit VR (PS3.5 Table 7.1-1). */
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

export function hasLongLength(vr: string): boolean {
  // A VR we do not know is treated like UN: every VR added since 2007 has a 32-bit length.
  return LONG_LENGTH_VRS.has(vr) || !KNOWN_VRS.has(vr);
}

/** Byte width of each number for byte swapping between little and big endian (PS3.5 section 7.3). */
export function swapWidth(vr: string): number {
  switch (vr) {
    case 'US': case 'SS': case 'OW': case 'AT': return 2; // AT is a pair of 16-bit values
    case 'UL': case 'SL': case 'FL': case 'OF': case 'OL': return 4;
    case 'FD': case 'OD': case 'SV': case 'UV': case 'OV': return 8;
    default: return 1;
  }
}

/** Text VRs whose value is decoded with the Specific Character Set (PS3.5 section 6.1.2.3). */
export const CHARSET_TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'PN', 'UC']);

/** Text VRs limited to the default repertoire (decoded as ASCII). */
export const DEFAULT_REPERTOIRE_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'TM', 'UI', 'UR']);

export function isStringVr(vr: string): boolean {
  return CHARSET_TEXT_VRS.has(vr) || DEFAULT_REPERTOIRE_VRS.has(vr);
}

/** Padding byte for an odd-length value (PS3.5 section 6.2): NUL for UI and binary, space for text. */
export function paddingByte(vr: string): number {
  if (vr === 'UI' || vr === 'OB' || vr === 'UN') return 0x00;
  return isStringVr(vr) ? 0x20 : 0x00;
}

/** True for the single-valued text VRs where '\' is an ordinary character (PS3.5 Table 6.2-1). */
export function isSingleValuedText(vr: string): boolean {
  return vr === 'ST' || vr === 'LT' || vr === 'UT' || vr === 'UR';
}
