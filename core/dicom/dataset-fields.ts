/**
 * A small builder for the data sets DIMSE services put on the wire (N-CREATE attribute
 * lists, N-GET replies, N-EVENT-REPORT event information...): describe the attributes,
 * get the bytes in the negotiated transfer syntax. Shared by the print SCP and SCU;
 * DatasetBuilder (dataset-builder.ts) is the fluent form of the same thing.
 *
 *   encodeDimseDataset([
 *     { tag: 0x21100010, value: 'NORMAL' },                         // VR from the dictionary
 *     { tag: 0x20100500, items: [[{ tag: 0x00081150, value: uid }]] },
 *   ], context.transferSyntax);
 *
 * Elements are sorted by tag (PS3.5 section 7.1: ascending order) and built in Explicit VR
 * Little Endian; core/dicom's writer then transcodes to the target syntax (Implicit VR,
 * big endian, deflated), so byte order and VR headers are never handled here.
 */
import { dictionaryVr } from './dictionary.js';
import type { DicomElement, DicomItem } from './element.js';
import { DicomEncodeError } from './errors.js';
import { formatTag } from './tag.js';
import { EXPLICIT_LE, type DatasetEncoding } from './transfer-syntax.js';
import { writeDataset } from './dataset-writer.js';
import { encodeNumbers, encodeStrings, padToEven } from './values.js';

export type DatasetFieldValue = string | number | readonly string[] | readonly number[] | Uint8Array;

export interface DatasetField {
  readonly tag: number;
  /** VR; the dictionary's when omitted ('US or SS' style ambiguities resolve to the first). */
  readonly vr?: string;
  /** Value(s); absent or empty = a zero-length element (PS3.5 7.1: "no value"). */
  readonly value?: DatasetFieldValue;
  /** Sequence items, each a list of fields. Makes the element an SQ. */
  readonly items?: readonly (readonly DatasetField[])[];
}

const BINARY = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'SV', 'UV']);
const NUMERIC_TEXT = new Set(['IS', 'DS']);

function vrOf(f: DatasetField): string {
  if (f.items) return 'SQ';
  if (f.vr) return f.vr;
  const d = dictionaryVr(f.tag);
  if (!d) throw new DicomEncodeError(formatTag(f.tag), 'not in the dictionary: give the VR');
  // Ambiguous dictionary VRs ('US or SS', 'OB or OW'): the first is the unsigned / byte form.
  return d.split(/\s+or\s+|\//)[0] ?? d;
}

/** One element of the tree (Explicit VR Little Endian values). */
export function datasetElement(f: DatasetField, charset?: string | readonly string[]): DicomElement {
  const vr = vrOf(f);
  if (f.items) {
    const items: DicomItem[] = f.items.map((fields) => ({ elements: datasetElements(fields, charset) }));
    return { tag: f.tag, vr: 'SQ', items };
  }
  const v = f.value;
  let value: Uint8Array;
  if (v === undefined) value = new Uint8Array(0);
  else if (v instanceof Uint8Array) value = padToEven(v, vr);
  else {
    const list: readonly (string | number)[] = Array.isArray(v) ? v as readonly (string | number)[] : [v as string | number];
    if (BINARY.has(vr) || vr === 'OW' || vr === 'OL' || vr === 'OF' || vr === 'OD') {
      const nums = list.map((x) => (typeof x === 'number' ? x : Number(x)));
      if (nums.some((n) => !Number.isFinite(n))) throw new DicomEncodeError(formatTag(f.tag), `non-numeric value for VR ${vr}`);
      value = encodeNumbers(nums, vr, true);
    } else {
      const strs = list.map((x) => (typeof x === 'number' ? (NUMERIC_TEXT.has(vr) ? formatNumber(x, vr) : String(x)) : x));
      value = encodeStrings(strs, vr, charset);
    }
  }
  return { tag: f.tag, vr, value };
}

function formatNumber(n: number, vr: string): string {
  if (vr === 'IS') {
    // IS holds integers only (PS3.5 Table 6.2-1): refuse rather than silently truncate.
    if (!Number.isInteger(n)) throw new DicomEncodeError('IS', `${n} is not an integer`);
    return String(n);
  }
  // DS: at most 16 characters (PS3.5 Table 6.2-1).
  const s = String(n);
  return s.length <= 16 ? s : n.toPrecision(10);
}

/** Elements sorted by tag; a repeated tag is an error (a data set holds each attribute once). */
export function datasetElements(fields: readonly DatasetField[], charset?: string | readonly string[]): DicomElement[] {
  const sorted = [...fields].sort((a, b) => a.tag - b.tag);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.tag === sorted[i - 1]?.tag) throw new DicomEncodeError(formatTag(sorted[i]?.tag ?? 0), 'attribute given twice');
  }
  return sorted.map((f) => datasetElement(f, charset));
}

/** The data set bytes in a transfer syntax (UID), ready to be a DIMSE message's data set. */
export function encodeDimseDataset(fields: readonly DatasetField[], transferSyntaxUid: string, charset?: string | readonly string[]): Uint8Array {
  return writeDataset({ elements: datasetElements(fields, charset), encoding: EXPLICIT_LE }, transferSyntaxUid);
}

/** Re-encode already-parsed elements (e.g. echo received attributes back) in a transfer syntax. */
export function encodeElements(elements: readonly DicomElement[], sourceEncoding: DatasetEncoding, transferSyntaxUid: string): Uint8Array {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  return writeDataset({ elements: sorted, encoding: sourceEncoding }, transferSyntaxUid);
}
