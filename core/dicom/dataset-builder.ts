/**
 * Builds a data set from values, for the data sets we originate (print requests and
 * responses, queries, created objects). Values are encoded once, in Explicit VR Little
 * Endian, and `encode()` writes them in whatever transfer syntax the association
 * negotiated (the writer transcodes, PS3.5 section 7). Text goes through our character
 * set encoder, so Japanese is written per PS3.5 section 6.1 (dcmjs writes UTF-8 only).
 */
import { type DicomElement, type DicomElementTree, type DicomItem } from './element.js';
import { EXPLICIT_LE } from './transfer-syntax.js';
import { encodeNumbers, encodeStrings } from './values.js';
import { writeDataset } from './dataset-writer.js';
import { type Tag } from './tag.js';
import { DicomEncodeError } from './errors.js';

const NUMERIC_VRS = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'SV', 'UV']);
const BINARY_VRS = new Set(['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN']);

export class DatasetBuilder {
  private readonly elements = new Map<Tag, DicomElement>();
  /** Specific Character Set values for text in this data set (PS3.3 C.12.1.1.2); undefined = default repertoire. */
  readonly specificCharacterSet: readonly string[] | undefined;

  constructor(specificCharacterSet?: readonly string[]) {
    this.specificCharacterSet = specificCharacterSet;
    if (specificCharacterSet && specificCharacterSet.some((v) => v !== '')) {
      // (0008,0005) must travel with text encoded in it.
      this.elements.set(0x00080005, { tag: 0x00080005, vr: 'CS', value: encodeStrings(specificCharacterSet, 'CS', undefined) });
    }
  }

  /** A text element (AE, AS, CS, DA, DS, DT, IS, LO, LT, PN, SH, ST, TM, UC, UI, UR, UT); values joined with '\'. */
  text(tag: Tag, vr: string, value: string | number | readonly (string | number)[]): this {
    if (NUMERIC_VRS.has(vr) || BINARY_VRS.has(vr) || vr === 'SQ') throw new DicomEncodeError(`VR ${vr}`, 'not a text VR');
    const values = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'number' ? formatNumberText(v, vr) : v));
    this.elements.set(tag, { tag, vr, value: encodeStrings(values, vr, this.specificCharacterSet) });
    return this;
  }

  /** A binary number element (US, SS, UL, SL, FL, FD, AT). */
  number(tag: Tag, vr: string, value: number | readonly number[]): this {
    if (!NUMERIC_VRS.has(vr)) throw new DicomEncodeError(`VR ${vr}`, 'not a binary numeric VR');
    const values = Array.isArray(value) ? value : [value as number];
    this.elements.set(tag, { tag, vr, value: encodeNumbers(values, vr, true) });
    return this;
  }

  /** Raw bytes (OB/OW/...), already little endian for OW. Padded to even length. */
  bytes(tag: Tag, vr: string, value: Uint8Array): this {
    if (!BINARY_VRS.has(vr)) throw new DicomEncodeError(`VR ${vr}`, 'not a binary VR');
    let v = value;
    if (v.length & 1) {
      v = new Uint8Array(value.length + 1);
      v.set(value);
    }
    this.elements.set(tag, { tag, vr, value: v });
    return this;
  }

  /** A sequence of items, each built with its own builder (which may carry its own character set). */
  sequence(tag: Tag, items: readonly DatasetBuilder[]): this {
    this.elements.set(tag, { tag, vr: 'SQ', items: items.map((b) => b.toItem()) });
    return this;
  }

  /** An element present with zero length (type 2 attributes without a value). */
  empty(tag: Tag, vr: string): this {
    this.elements.set(tag, vr === 'SQ' ? { tag, vr, items: [] } : { tag, vr, value: new Uint8Array(0) });
    return this;
  }

  has(tag: Tag): boolean {
    return this.elements.has(tag);
  }

  toTree(): DicomElementTree {
    return { elements: this.sortedElements(), encoding: EXPLICIT_LE };
  }

  /** The data set bytes in a transfer syntax (UID) ready for a P-DATA-TF. */
  encode(transferSyntaxUid: string): Uint8Array {
    return writeDataset(this.toTree(), transferSyntaxUid);
  }

  private toItem(): DicomItem {
    return { elements: this.sortedElements(), encoding: EXPLICIT_LE };
  }

  private sortedElements(): DicomElement[] {
    // PS3.5 section 7.1: elements in ascending tag order.
    return [...this.elements.values()].sort((a, b) => a.tag - b.tag);
  }
}

/** IS and DS carry numbers as text: IS an integer, DS at most 16 characters (PS3.5 Table 6.2-1). */
function formatNumberText(v: number, vr: string): string {
  if (vr === 'IS') {
    if (!Number.isInteger(v)) throw new DicomEncodeError('IS', `${v} is not an integer`);
    return String(v);
  }
  if (vr === 'DS') {
    let s = String(v);
    if (s.length > 16) s = v.toPrecision(10).replace(/\.?0+(e|$)/, '$1');
    return s;
  }
  return String(v);
}
