/**
 * Tags as 32-bit unsigned numbers (group << 16 | element), the cheapest key for maps.
 * PS3.5 section 7.1: a tag is an ordered pair of 16-bit unsigned integers.
 */
export type Tag = number;

export function makeTag(group: number, element: number): Tag {
  return ((group & 0xffff) * 0x10000 + (element & 0xffff)) >>> 0;
}

export function tagGroup(tag: Tag): number {
  return tag >>> 16;
}

export function tagElement(tag: Tag): number {
  return tag & 0xffff;
}

/** '(0010,0010)' as DCMTK and the standard print it. */
export function formatTag(tag: Tag): string {
  const hex = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** Private data elements live in odd groups other than 0001, 0003, 0005, 0007, FFFF (PS3.5 section 7.8). */
export function isPrivateTag(tag: Tag): boolean {
  const g = tagGroup(tag);
  return (g & 1) === 1 && g > 0x0008 && g !== 0xffff;
}

/** Private Creator Data Element (gggg,0010-00FF) (PS3.5 section 7.8.1). */
export function isPrivateCreator(tag: Tag): boolean {
  const e = tagElement(tag);
  return isPrivateTag(tag) && e >= 0x0010 && e <= 0x00ff;
}

/** Group Length (gggg,0000) (PS3.5 section 7.2). */
export function isGroupLength(tag: Tag): boolean {
  return tagElement(tag) === 0;
}

/** Tags used as structure by the reader and writer (PS3.5 section 7.5). */
export const ITEM = 0xfffee000;
export const ITEM_DELIMITATION = 0xfffee00d;
export const SEQUENCE_DELIMITATION = 0xfffee0dd;
export const PIXEL_DATA = 0x7fe00010;
export const FLOAT_PIXEL_DATA = 0x7fe00008;
export const DOUBLE_FLOAT_PIXEL_DATA = 0x7fe00009;
export const EXTENDED_OFFSET_TABLE = 0x7fe00001;
export const EXTENDED_OFFSET_TABLE_LENGTHS = 0x7fe00002;
export const SPECIFIC_CHARACTER_SET = 0x00080005;
export const TRANSFER_SYNTAX_UID = 0x00020010;
export const PIXEL_REPRESENTATION = 0x00280103;
export const DATA_SET_TRAILING_PADDING = 0xfffcfffc;
