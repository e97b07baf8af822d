/**
 * The light element tree the reader produces and the writer consumes. Values stay as
 * raw byte views into the source buffer, in the source byte order, so a data set can be
 * written back bit for bit and values decoded only when asked for.
 */
import type { DatasetEncoding } from './transfer-syntax.js';
import type { Tag } from './tag.js';

/** 0xFFFFFFFF, the Undefined Length of PS3.5 section 7.1.1. */
export const UNDEFINED_LENGTH = 0xffffffff;

export interface DicomElement {
  readonly tag: Tag;
  /**
   * The VR: from the stream for Explicit VR, else from the dictionary with ambiguous
   * VRs resolved ('US or SS' by Pixel Representation...), 'UN' when unknown. An
   * undefined-length element of unknown VR read in Implicit VR is 'SQ'.
   */
  vr: string;
  /** Raw value bytes (not for sequences or encapsulated data); may have an odd length. */
  value?: Uint8Array;
  /** Items of a sequence, or of a UN element of undefined length (PS3.5 section 6.2.2, CP-246). */
  items?: DicomItem[];
  /**
   * Encapsulated data (PS3.5 A.4): the value of every item in order, the first being
   * the Basic Offset Table (possibly empty).
   */
  fragments?: Uint8Array[];
  /** Encoded with undefined length (sequences, encapsulated pixel data). */
  undefinedLength?: boolean;
  /** Offset of the tag where it was read (file offset; inflated offset for deflated). */
  offset?: number;
}

export interface DicomItem {
  elements: DicomElement[];
  /** Encoded with undefined length, closed by an Item Delimitation Item. */
  undefinedLength?: boolean;
  offset?: number;
  /**
   * Encoding of this item's content when it differs from its parent's: the items of a
   * UN sequence of undefined length are always Implicit VR Little Endian (PS3.5 6.2.2).
   */
  encoding?: DatasetEncoding;
}

/** A data set (top level) as an element list with the encoding its values are in. */
export interface DicomElementTree {
  elements: DicomElement[];
  encoding: DatasetEncoding;
}

/** Find an element in a list (sorted or not). */
export function findElement(elements: readonly DicomElement[], tag: Tag): DicomElement | undefined {
  for (const e of elements) if (e.tag === tag) return e;
  return undefined;
}
