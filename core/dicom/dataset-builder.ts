/**
 * Builds a data set from values, for the data sets we originate (print requests and
 * responses, queries, created objects): the fluent form of dataset-fields.ts. Values are
 * encoded in Explicit VR Little Endian and `encode()` writes them in whatever transfer
 * syntax the association negotiated (the writer transcodes, PS3.5 section 7). Text goes
 * through our character set encoder, so Japanese is written per PS3.5 section 6.1 (dcmjs
 * writes UTF-8 only).
 */
import { type DicomElementTree } from './element.js';
import { EXPLICIT_LE } from './transfer-syntax.js';
import { type Tag } from './tag.js';
import { DicomEncodeError } from './errors.js';
import { datasetElements, encodeDimseDataset, type DatasetField } from './dataset-fields.js';

const NUMERIC_VRS = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'SV', 'UV']);
const BINARY_VRS = new Set(['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN']);

export class DatasetBuilder {
  private readonly fields = new Map<Tag, DatasetField>();
  /** Specific Character Set values for text in this data set (PS3.3 C.12.1.1.2); undefined = default repertoire. */
  readonly specificCharacterSet: readonly string[] | undefined;

  constructor(specificCharacterSet?: readonly string[]) {
    this.specificCharacterSet = specificCharacterSet;
    // (0008,0005) must travel with text encoded in it.
    if (specificCharacterSet?.some((v) => v !== '')) this.fields.set(0x00080005, { tag: 0x00080005, vr: 'CS', value: specificCharacterSet });
  }

  /** A text element (AE, AS, CS, DA, DS, DT, IS, LO, LT, PN, SH, ST, TM, UC, UI, UR, UT); values joined with '\'. */
  text(tag: Tag, vr: string, value: string | number | readonly (string | number)[]): this {
    if (NUMERIC_VRS.has(vr) || BINARY_VRS.has(vr) || vr === 'SQ') throw new DicomEncodeError(`VR ${vr}`, 'not a text VR');
    const values = (Array.isArray(value) ? value : [value]) as (string | number)[];
    return this.set({ tag, vr, value: values.map((v) => (typeof v === 'number' && vr !== 'IS' && vr !== 'DS' ? String(v) : v)) as string[] | number[] });
  }

  /** A binary number element (US, SS, UL, SL, FL, FD, AT). */
  number(tag: Tag, vr: string, value: number | readonly number[]): this {
    if (!NUMERIC_VRS.has(vr)) throw new DicomEncodeError(`VR ${vr}`, 'not a binary numeric VR');
    return this.set({ tag, vr, value: Array.isArray(value) ? value : [value as number] });
  }

  /** Raw bytes (OB/OW/...), already little endian for OW; padded to even length. */
  bytes(tag: Tag, vr: string, value: Uint8Array): this {
    if (!BINARY_VRS.has(vr)) throw new DicomEncodeError(`VR ${vr}`, 'not a binary VR');
    return this.set({ tag, vr, value });
  }

  /** A sequence of items, each built with its own builder (items use this data set's character set). */
  sequence(tag: Tag, items: readonly DatasetBuilder[]): this {
    return this.set({ tag, vr: 'SQ', items: items.map((b) => [...b.fields.values()]) });
  }

  /** An element present with zero length (type 2 attributes without a value). */
  empty(tag: Tag, vr: string): this {
    return this.set(vr === 'SQ' ? { tag, vr, items: [] } : { tag, vr });
  }

  has(tag: Tag): boolean {
    return this.fields.has(tag);
  }

  toTree(): DicomElementTree {
    return { elements: datasetElements([...this.fields.values()], this.specificCharacterSet), encoding: EXPLICIT_LE };
  }

  /** The data set bytes in a transfer syntax (UID) ready for a P-DATA-TF. */
  encode(transferSyntaxUid: string): Uint8Array {
    return encodeDimseDataset([...this.fields.values()], transferSyntaxUid, this.specificCharacterSet);
  }

  private set(field: DatasetField): this {
    // Validate now, so a bad value fails where it is given rather than at encode time.
    datasetElements([field], this.specificCharacterSet);
    this.fields.set(field.tag, field);
    return this;
  }
}
