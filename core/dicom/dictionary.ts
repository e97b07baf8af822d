/**
 * Data dictionary lookups for Implicit VR data sets (PS3.6 section 6) and keyword access.
 * A compact table of the attributes the workstation itself relies on is consulted first
 * (fast, and independent of dcmjs version changes); dcmjs's full dictionary covers the rest.
 */
import { dcmjs } from './dcmjs-bridge.js';
import { formatTag, isGroupLength, isPrivateCreator, tagGroup, type Tag } from './tag.js';

/** VR from the dictionary; ambiguous ones spelled as in PS3.6: 'US or SS', 'OB or OW', 'US or OW'. */
export type DictionaryVr = string;

const CORE: ReadonlyMap<Tag, DictionaryVr> = new Map<Tag, DictionaryVr>([
  [0x00020000, 'UL'], [0x00020001, 'OB'], [0x00020002, 'UI'], [0x00020003, 'UI'], [0x00020010, 'UI'],
  [0x00020012, 'UI'], [0x00020013, 'SH'], [0x00020016, 'AE'], [0x00020017, 'AE'], [0x00020018, 'AE'],
  [0x00020026, 'UR'], [0x00020027, 'UR'], [0x00020028, 'UR'], [0x00020031, 'OB'], [0x00020032, 'UR'],
  [0x00020033, 'LO'], [0x00020035, 'OB'], [0x00020036, 'LO'], [0x00020100, 'UI'], [0x00020102, 'OB'],
  [0x00080005, 'CS'], [0x00080008, 'CS'], [0x00080016, 'UI'], [0x00080018, 'UI'], [0x00080020, 'DA'],
  [0x00080030, 'TM'], [0x00080050, 'SH'], [0x00080060, 'CS'], [0x00080070, 'LO'], [0x00080090, 'PN'],
  [0x0008103e, 'LO'], [0x00081030, 'LO'], [0x00081150, 'UI'], [0x00081155, 'UI'], [0x00081140, 'SQ'],
  [0x00081115, 'SQ'], [0x00100010, 'PN'], [0x00100020, 'LO'], [0x00100030, 'DA'], [0x00100040, 'CS'],
  [0x00101010, 'AS'], [0x0020000d, 'UI'], [0x0020000e, 'UI'], [0x00200010, 'SH'], [0x00200011, 'IS'],
  [0x00200013, 'IS'], [0x00280002, 'US'], [0x00280004, 'CS'], [0x00280006, 'US'], [0x00280008, 'IS'],
  [0x00280010, 'US'], [0x00280011, 'US'], [0x00280030, 'DS'], [0x00280100, 'US'], [0x00280101, 'US'],
  [0x00280102, 'US'], [0x00280103, 'US'], [0x00280106, 'US or SS'], [0x00280107, 'US or SS'],
  [0x00281050, 'DS'], [0x00281051, 'DS'], [0x00281052, 'DS'], [0x00281053, 'DS'], [0x00281054, 'LO'],
  [0x00281101, 'US or SS'], [0x00281102, 'US or SS'], [0x00281103, 'US or SS'],
  [0x00281201, 'OW'], [0x00281202, 'OW'], [0x00281203, 'OW'], [0x00281221, 'OW'], [0x00281222, 'OW'],
  [0x00281223, 'OW'], [0x00283000, 'SQ'], [0x00283002, 'US or SS'], [0x00283003, 'LO'],
  [0x00283006, 'US or OW'], [0x00283010, 'SQ'], [0x00289110, 'SQ'], [0x00282110, 'CS'],
  [0x52009229, 'SQ'], [0x52009230, 'SQ'], [0x7fe00001, 'OV'], [0x7fe00002, 'OV'], [0x7fe00008, 'OF'],
  [0x7fe00009, 'OD'], [0x7fe00010, 'OB or OW'], [0xfffcfffc, 'OB'],
]);

const DCMJS_AMBIGUOUS: Readonly<Record<string, DictionaryVr>> = {
  xs: 'US or SS', ox: 'OB or OW', lt: 'US or OW', up: 'UL',
};

/**
 * The dictionary VR of a tag, or undefined when unknown (private data, retired
 * unknowns). Group lengths are UL and private creators LO (PS3.5 sections 7.2, 7.8.1).
 */
export function dictionaryVr(tag: Tag): DictionaryVr | undefined {
  const core = CORE.get(tag);
  if (core) return core;
  if (isGroupLength(tag)) return 'UL';
  if (isPrivateCreator(tag)) return 'LO';
  if (tagGroup(tag) === 0xfffe) return undefined; // items and delimiters carry no VR
  if ((tagGroup(tag) & 1) === 1) return undefined; // private data elements: unknown to us
  // Implicit VR data sets ask this for every element: remember the dcmjs answer by number
  // (the dcmjs dictionary is keyed by formatted strings).
  if (dcmjsVrs.has(tag)) return dcmjsVrs.get(tag);
  const entry = dcmjs.data.DicomMetaDictionary.dictionary[formatTag(tag)];
  const vr = !entry || entry.vr === 'na' ? undefined : (DCMJS_AMBIGUOUS[entry.vr] ?? entry.vr);
  if (dcmjsVrs.size < 50_000) dcmjsVrs.set(tag, vr);
  return vr;
}

const dcmjsVrs = new Map<Tag, DictionaryVr | undefined>();

/** Keyword (PS3.6 "Keyword" column) of a standard tag, for messages and naturalized views. */
export function keywordOf(tag: Tag): string | undefined {
  return dcmjs.data.DicomMetaDictionary.dictionary[formatTag(tag)]?.name;
}

/** Tag of a PS3.6 keyword ('PatientName' -> 0x00100010), undefined if unknown. */
const keywordTags = new Map<string, Tag | undefined>();

export function tagOfKeyword(keyword: string): Tag | undefined {
  // Called per attribute per instance when indexing: remember each answer.
  if (keywordTags.has(keyword)) return keywordTags.get(keyword);
  const tag = lookUpKeyword(keyword);
  if (keywordTags.size < 10_000) keywordTags.set(keyword, tag);
  return tag;
}

function lookUpKeyword(keyword: string): Tag | undefined {
  const entry = dcmjs.data.DicomMetaDictionary.nameMap[keyword];
  if (!entry || entry.tag.length !== 11) return undefined;
  const hex = entry.tag.slice(1, 5) + entry.tag.slice(6, 10);
  if (!/^[0-9A-Fa-f]{8}$/u.test(hex)) return undefined; // repeating-group templates like 60xx
  return Number.parseInt(hex, 16) >>> 0;
}

/**
 * Accepts 0x00100010, '00100010', '(0010,0010)', '0010,0010' or a keyword.
 * Returns undefined for anything else.
 */
export function parseTag(spec: Tag | string): Tag | undefined {
  if (typeof spec === 'number') return Number.isInteger(spec) && spec >= 0 && spec <= 0xffffffff ? spec >>> 0 : undefined;
  const m = /^\(?([0-9A-Fa-f]{4}),?([0-9A-Fa-f]{4})\)?$/u.exec(spec.trim());
  if (m?.[1] && m[2]) return ((Number.parseInt(m[1], 16) * 0x10000) + Number.parseInt(m[2], 16)) >>> 0;
  return tagOfKeyword(spec.trim());
}
