/** Form checks shared by the settings forms (AE title per PS3.5 6.2 AE VR: 16 chars, no backslash). */
export function validAeTitle(v: string): boolean {
  const s = v.trim();
  return s.length >= 1 && s.length <= 16 && !/[\\\x00-\x1f]/.test(s);
}

export function validPort(v: number, allowZero = false): boolean {
  return Number.isInteger(v) && v >= (allowZero ? 0 : 1) && v <= 65535;
}
