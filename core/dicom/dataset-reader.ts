/**
 * Walks the elements of a data set (PS3.5 section 7) in any of the uncompressed
 * encodings: Implicit VR Little Endian, Explicit VR Little/Big Endian. Produces a tree of
 * elements keeping raw value views. Never trusts a length: every length is checked
 * against the bytes that remain, nesting depth and element count are bounded.
 */
import { dictionaryVr } from './dictionary.js';
import { type DicomElement, type DicomElementTree, type DicomItem, UNDEFINED_LENGTH } from './element.js';
import { DicomParseError, type DicomParseErrorCode } from './errors.js';
import {
  formatTag, ITEM, ITEM_DELIMITATION, PIXEL_DATA, SEQUENCE_DELIMITATION, makeTag, type Tag,
} from './tag.js';
import { type DatasetEncoding, IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE } from './transfer-syntax.js';
import { hasLongLength, KNOWN_VRS } from './vr.js';
import { WarningList } from './warnings.js';

export interface DatasetReadOptions {
  /** Added to offsets in messages and elements (where these bytes start in the file). */
  baseOffset?: number;
  fileName?: string;
  /** Return what was read, with a warning, instead of throwing on truncation. */
  lenient?: boolean;
  /** Nesting depth limit for sequences (default 64). */
  maxDepth?: number;
  /** Limit on the total number of elements, nested ones included (default 2,000,000). */
  maxElements?: number;
  /** Stop (without error) at the first top-level element whose tag is >= this one. */
  stopAtTag?: Tag;
  /** Stop (without error) at the first top-level element of another group (File Meta: 0002). */
  onlyGroup?: number;
  /**
   * Only these top-level elements are wanted: others of defined length are stepped over
   * unread (no element, no value view, not counted in warnings). One of undefined length, or
   * that cannot be stepped over as is, is read as usual. Why: the archive's index needs ~20
   * attributes of a received instance's ~150, and each element read is garbage the receiver
   * collects (about half of what it allocated per CT instance).
   */
  keepTags?: ReadonlySet<Tag>;
  /** Layer named in errors ('file' when reading a file). */
  layer?: 'dataset' | 'file';
}

export interface DatasetReadResult {
  tree: DicomElementTree;
  warnings: string[];
  /** True when lenient mode stopped early because the bytes ran out. */
  truncated: boolean;
  /** Bytes consumed (relative to the start of the given bytes). */
  bytesRead: number;
  /** The encoding actually used (may differ from the one asked for, see sniffing). */
  encoding: DatasetEncoding;
}

/** Thrown inside the walker when lenient mode must stop; carries what to warn. */
class StopReading extends Error {}

const DEFAULT_MAX_DEPTH = 64;
const DEFAULT_MAX_ELEMENTS = 2_000_000;

function isUpperLetter(b: number | undefined): boolean {
  return b !== undefined && b >= 0x41 && b <= 0x5a;
}

class Walker {
  private readonly view: DataView;
  private elementCount = 0;
  /** Last Pixel Representation / Bits Allocated seen, to resolve ambiguous VRs (PS3.5 A.1). */
  private pixelRepresentation = 0;
  private bitsAllocated = 16;
  truncated = false;

  constructor(private readonly bytes: Uint8Array, private readonly opts: Required<Omit<DatasetReadOptions, 'fileName' | 'stopAtTag' | 'onlyGroup' | 'keepTags'>> & DatasetReadOptions,
    readonly warnings: WarningList) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(code: DicomParseErrorCode, pos: number, detail: string): never {
    throw new DicomParseError(code, this.opts.baseOffset + pos, detail,
      { fileName: this.opts.fileName, layer: this.opts.layer });
  }

  /** Truncation: an error, or in lenient mode a warning and a stop. */
  truncatedAt(pos: number, detail: string): never {
    if (this.opts.lenient) {
      this.truncated = true;
      this.warnings.add(`Truncated data set at offset ${this.opts.baseOffset + pos}: ${detail}`);
      throw new StopReading(detail);
    }
    this.fail('TRUNCATED', pos, detail);
  }

  u16(pos: number, le: boolean): number { return this.view.getUint16(pos, le); }
  u32(pos: number, le: boolean): number { return this.view.getUint32(pos, le); }

  readTag(pos: number, enc: DatasetEncoding): Tag {
    return makeTag(this.u16(pos, enc.littleEndian), this.u16(pos + 2, enc.littleEndian));
  }

  /** Top level: elements until the end of the bytes (or stopAtTag). */
  readTop(enc: DatasetEncoding): { elements: DicomElement[]; end: number } {
    const elements: DicomElement[] = [];
    let pos = 0;
    const end = this.bytes.length;
    try {
      while (pos < end) {
        if (end - pos < 8) {
          // A few stray bytes after the last element (seen in the wild): not an element.
          if (this.bytes.subarray(pos, end).every((b) => b === 0)) {
            this.warnings.add(`${end - pos} trailing zero byte(s) after the last element ignored`);
            pos = end;
            break;
          }
          this.truncatedAt(pos, `${end - pos} byte(s) left, less than an element header`);
        }
        const tag = this.readTag(pos, enc);
        if (this.opts.stopAtTag !== undefined && tag >= this.opts.stopAtTag) break;
        if (this.opts.onlyGroup !== undefined && tag >>> 16 !== this.opts.onlyGroup) break;
        if (tag === SEQUENCE_DELIMITATION || tag === ITEM_DELIMITATION) {
          // DCMTK also ignores a stray delimiter at the top level, with a warning.
          this.warnings.add(`Stray ${formatTag(tag)} delimiter at offset ${this.opts.baseOffset + pos} ignored`);
          pos += 8;
          continue;
        }
        if (this.opts.keepTags !== undefined && !this.opts.keepTags.has(tag)) {
          const next = this.stepOver(pos, end, enc);
          if (next !== undefined) {
            pos = next;
            continue;
          }
        }
        pos = this.readElement(elements, pos, end, enc, 0);
      }
    } catch (e) {
      if (!(e instanceof StopReading)) throw e;
      return { elements, end: pos };
    }
    return { elements, end: pos };
  }

  /**
   * The position after a top-level element of defined length that lies whole before limit,
   * nothing of it read (keepTags); undefined when readElement must decide: undefined length,
   * VR bytes that are not a VR, a length past the end, the element limit reached.
   */
  private stepOver(pos: number, limit: number, enc: DatasetEncoding): number | undefined {
    if (limit - pos < 8 || this.elementCount >= this.opts.maxElements) return undefined;
    let length: number;
    let headerLength = 8;
    if (enc.explicitVr) {
      const b0 = this.bytes[pos + 4];
      const b1 = this.bytes[pos + 5];
      if (!isUpperLetter(b0) || !isUpperLetter(b1)) return undefined;
      if (hasLongLength(String.fromCharCode(b0 ?? 0, b1 ?? 0))) {
        if (limit - pos < 12) return undefined;
        length = this.u32(pos + 8, enc.littleEndian);
        headerLength = 12;
      } else {
        length = this.u16(pos + 6, enc.littleEndian);
      }
    } else {
      length = this.u32(pos + 4, enc.littleEndian);
    }
    if (length === UNDEFINED_LENGTH || length > limit - pos - headerLength) return undefined;
    this.elementCount++;
    return pos + headerLength + length;
  }

  /**
   * One element starting at pos, not past limit, appended to out before its content is
   * read (so lenient mode keeps a partly read sequence). Returns the position after it.
   */
  readElement(out: DicomElement[], pos: number, limit: number, enc: DatasetEncoding, depth: number): number {
    if (++this.elementCount > this.opts.maxElements) {
      this.fail('LIMIT', pos, `more than ${this.opts.maxElements} elements`);
    }
    if (limit - pos < 8) this.truncatedAt(pos, 'element header runs past the end');
    const le = enc.littleEndian;
    const tag = this.readTag(pos, enc);
    if (tag === ITEM || tag === ITEM_DELIMITATION || tag === SEQUENCE_DELIMITATION) {
      this.fail('BAD_TAG', pos, `item tag ${formatTag(tag)} where a data element was expected`);
    }
    let vr: string;
    let length: number;
    let headerLength: number;
    if (enc.explicitVr) {
      const b0 = this.bytes[pos + 4];
      const b1 = this.bytes[pos + 5];
      if (!isUpperLetter(b0) || !isUpperLetter(b1)) {
        this.fail('BAD_VR', pos + 4,
          `invalid VR bytes 0x${(b0 ?? 0).toString(16).padStart(2, '0')} 0x${(b1 ?? 0).toString(16).padStart(2, '0')} for ${formatTag(tag)}`);
      }
      vr = String.fromCharCode(b0 ?? 0, b1 ?? 0);
      if (!KNOWN_VRS.has(vr)) this.warnings.add(`Unknown VR '${vr}' for ${formatTag(tag)} at offset ${this.opts.baseOffset + pos}, read as UN`);
      if (hasLongLength(vr)) {
        if (limit - pos < 12) this.truncatedAt(pos, `header of ${formatTag(tag)} runs past the end`);
        length = this.u32(pos + 8, le);
        headerLength = 12;
      } else {
        length = this.u16(pos + 6, le);
        headerLength = 8;
      }
      if (!KNOWN_VRS.has(vr)) vr = 'UN';
    } else {
      length = this.u32(pos + 4, le);
      headerLength = 8;
      vr = this.implicitVr(tag, length);
    }
    const valuePos = pos + headerLength;
    const element: DicomElement = { tag, vr, offset: this.opts.baseOffset + pos };
    out.push(element);

    if (length === UNDEFINED_LENGTH) {
      element.undefinedLength = true;
      if (vr === 'SQ') {
        element.items = [];
        return this.readItems(element.items, valuePos, limit, undefined, enc, depth + 1, tag, false);
      }
      if (vr === 'UN' && tag !== PIXEL_DATA) {
        // PS3.5 section 6.2.2 (CP-246): UN with undefined length is a sequence whose items
        // are encoded in Implicit VR Little Endian whatever the transfer syntax.
        element.items = [];
        return this.readItems(element.items, valuePos, limit, undefined, IMPLICIT_LE, depth + 1, tag, true);
      }
      if (vr === 'OB' || vr === 'OW' || vr === 'UN' || tag === PIXEL_DATA) {
        element.fragments = [];
        return this.readFragments(element.fragments, valuePos, limit, enc);
      }
      this.fail('BAD_LENGTH', pos, `undefined length not allowed for VR ${vr} (${formatTag(tag)})`);
    }

    if (length > limit - valuePos) {
      if (this.opts.lenient) {
        element.value = this.bytes.subarray(valuePos, limit);
        this.trackPixelModule(element, le);
        this.truncatedAt(pos, `${formatTag(tag)} declares ${length} bytes, only ${Math.max(0, limit - valuePos)} remain`);
      }
      this.fail('TRUNCATED', pos, `${formatTag(tag)} declares ${length} bytes, only ${Math.max(0, limit - valuePos)} remain`);
    }
    if ((length & 1) === 1) {
      this.warnings.add(`Odd length ${length} for ${formatTag(tag)} ${vr} at offset ${this.opts.baseOffset + pos} (PS3.5 section 7.1.1 requires even)`);
    }
    const next = valuePos + length;
    if (vr === 'SQ') {
      element.items = [];
      this.readItems(element.items, valuePos, next, next, enc, depth + 1, tag, false);
      return next;
    }
    element.value = this.bytes.subarray(valuePos, next);
    this.trackPixelModule(element, le);
    return next;
  }

  /** Remember attributes that resolve ambiguous VRs of later elements. */
  private trackPixelModule(e: DicomElement, le: boolean): void {
    if (!e.value || e.value.length < 2) return;
    if (e.tag === 0x00280103) this.pixelRepresentation = new DataView(e.value.buffer, e.value.byteOffset, 2).getUint16(0, le);
    if (e.tag === 0x00280100) this.bitsAllocated = new DataView(e.value.buffer, e.value.byteOffset, 2).getUint16(0, le);
  }

  /** VR for Implicit VR (PS3.5 Annex A.1) from the dictionary, ambiguous ones resolved. */
  private implicitVr(tag: Tag, length: number): string {
    const d = dictionaryVr(tag);
    if (d === undefined) return length === UNDEFINED_LENGTH ? 'SQ' : 'UN';
    switch (d) {
      case 'US or SS': return this.pixelRepresentation === 1 ? 'SS' : 'US';
      // PS3.5 A.1: in Implicit VR Little Endian, Pixel/Overlay Data are OW; we say OB for
      // 8-bit native pixels so an Explicit VR copy carries the usual VR.
      case 'OB or OW': return tag === PIXEL_DATA && this.bitsAllocated <= 8 ? 'OB' : 'OW';
      case 'US or OW': return 'OW';
      default: return d.length === 2 ? d : 'UN';
    }
  }

  /** The whole buffer as the value of a defined-length sequence (for UN values holding items). */
  readSequenceValue(enc: DatasetEncoding): DicomItem[] {
    const items: DicomItem[] = [];
    this.readItems(items, 0, this.bytes.length, this.bytes.length, enc, 1, 0, false);
    return items;
  }

  /**
   * Items of a sequence. end defined: items until end. end undefined: until a Sequence
   * Delimitation Item. Returns the position after the sequence.
   */
  private readItems(items: DicomItem[], pos: number, limit: number, end: number | undefined,
    enc: DatasetEncoding, depth: number, seqTag: Tag, unSequence: boolean): number {
    if (depth > this.opts.maxDepth) this.fail('LIMIT', pos, `sequences nested deeper than ${this.opts.maxDepth}`);
    const stop = end ?? limit;
    for (;;) {
      if (end !== undefined && pos === end) return pos;
      if (stop - pos < 8) {
        if (end !== undefined) this.fail('BAD_LENGTH', pos, `sequence ${formatTag(seqTag)} length ends inside an item header`);
        this.truncatedAt(pos, `sequence ${formatTag(seqTag)} has no Sequence Delimitation Item`);
      }
      const tag = this.readTag(pos, enc);
      const length = this.u32(pos + 4, enc.littleEndian);
      if (tag === SEQUENCE_DELIMITATION) {
        if (length !== 0) this.warnings.add(`Sequence Delimitation Item with length ${length} at offset ${this.opts.baseOffset + pos}`);
        if (end !== undefined) this.warnings.add(`Sequence Delimitation Item inside defined-length sequence ${formatTag(seqTag)}`);
        return pos + 8;
      }
      if (tag !== ITEM) {
        this.fail('BAD_TAG', pos, `expected an Item (FFFE,E000) in sequence ${formatTag(seqTag)}, found ${formatTag(tag)}`);
      }
      if (++this.elementCount > this.opts.maxElements) this.fail('LIMIT', pos, `more than ${this.opts.maxElements} elements`);
      const item: DicomItem = { elements: [], offset: this.opts.baseOffset + pos };
      if (unSequence) item.encoding = IMPLICIT_LE;
      items.push(item);
      const start = pos + 8;
      if (length === UNDEFINED_LENGTH) {
        item.undefinedLength = true;
        pos = this.readItemElements(item.elements, start, stop, undefined, enc, depth);
      } else {
        if (length > stop - start) {
          if (end === undefined) this.truncatedAt(pos, `item of ${formatTag(seqTag)} declares ${length} bytes, only ${stop - start} remain`);
          this.fail('BAD_LENGTH', pos, `item of ${formatTag(seqTag)} declares ${length} bytes, past the end of its sequence`);
        }
        pos = this.readItemElements(item.elements, start, start + length, start + length, enc, depth);
      }
    }
  }

  /** Elements of one item: until end, or until an Item Delimitation Item. */
  private readItemElements(out: DicomElement[], pos: number, limit: number, end: number | undefined,
    enc: DatasetEncoding, depth: number): number {
    for (;;) {
      if (end !== undefined && pos === end) return pos;
      if (limit - pos < 8) {
        if (end !== undefined) this.fail('BAD_LENGTH', pos, 'item length ends inside an element header');
        this.truncatedAt(pos, 'item has no Item Delimitation Item');
      }
      const tag = this.readTag(pos, enc);
      if (tag === ITEM_DELIMITATION) {
        const length = this.u32(pos + 4, enc.littleEndian);
        if (length !== 0) this.warnings.add(`Item Delimitation Item with length ${length} at offset ${this.opts.baseOffset + pos}`);
        if (end !== undefined) this.fail('BAD_TAG', pos, 'Item Delimitation Item inside a defined-length item');
        return pos + 8;
      }
      if (tag === SEQUENCE_DELIMITATION && end === undefined) {
        // Item not closed before its sequence: DCMTK tolerates this; let readItems see it.
        this.warnings.add(`Item without Item Delimitation Item before Sequence Delimitation at offset ${this.opts.baseOffset + pos}`);
        return pos;
      }
      pos = this.readElement(out, pos, limit, enc, depth);
    }
  }

  /** Encapsulated data (PS3.5 A.4): items with defined lengths until a Sequence Delimitation Item. */
  private readFragments(out: Uint8Array[], pos: number, limit: number, enc: DatasetEncoding): number {
    for (;;) {
      if (limit - pos < 8) this.truncatedAt(pos, 'encapsulated data has no Sequence Delimitation Item');
      const tag = this.readTag(pos, enc);
      const length = this.u32(pos + 4, enc.littleEndian);
      if (tag === SEQUENCE_DELIMITATION) return pos + 8;
      if (tag !== ITEM) this.fail('BAD_TAG', pos, `expected a fragment Item (FFFE,E000), found ${formatTag(tag)}`);
      if (length === UNDEFINED_LENGTH) this.fail('BAD_LENGTH', pos, 'fragment with undefined length (PS3.5 A.4 requires defined)');
      if (++this.elementCount > this.opts.maxElements) this.fail('LIMIT', pos, `more than ${this.opts.maxElements} elements`);
      const start = pos + 8;
      if (length > limit - start) {
        if (this.opts.lenient) out.push(this.bytes.subarray(start, limit));
        this.truncatedAt(pos, `fragment declares ${length} bytes, only ${limit - start} remain`);
      }
      out.push(this.bytes.subarray(start, start + length));
      pos = start + length;
    }
  }
}

/**
 * Checks that the first element looks like the encoding asked for. DCMTK does the same
 * and tolerates files whose meta header names the wrong VR encoding.
 */
export function sniffDatasetEncoding(bytes: Uint8Array): DatasetEncoding | undefined {
  if (bytes.length < 8) return undefined;
  const b4 = bytes[4];
  const b5 = bytes[5];
  const explicit = isUpperLetter(b4) && isUpperLetter(b5) && KNOWN_VRS.has(String.fromCharCode(b4 ?? 0, b5 ?? 0));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const groupLe = dv.getUint16(0, true);
  const groupBe = dv.getUint16(0, false);
  // Data sets start with low group numbers (0002, 0008...); the byte order that reads the
  // smaller group is the right one.
  const littleEndian = groupLe <= groupBe;
  if (explicit) return littleEndian ? EXPLICIT_LE : EXPLICIT_BE;
  return littleEndian ? IMPLICIT_LE : undefined;
}

/** Read a data set's elements. Throws DicomParseError; see DatasetReadOptions.lenient. */
export function readDataset(bytes: Uint8Array, encoding: DatasetEncoding, options: DatasetReadOptions = {}): DatasetReadResult {
  const warnings = new WarningList();
  const opts = {
    baseOffset: 0, lenient: false, maxDepth: DEFAULT_MAX_DEPTH, maxElements: DEFAULT_MAX_ELEMENTS, layer: 'dataset' as const,
    ...options,
  };
  let enc = encoding;
  const sniffed = sniffDatasetEncoding(bytes);
  if (sniffed && sniffed.explicitVr !== enc.explicitVr && sniffed.littleEndian === enc.littleEndian) {
    if (enc.explicitVr && !sniffed.explicitVr) {
      warnings.add('Data set declared Explicit VR but its first element is Implicit VR: reading as Implicit VR Little Endian');
      enc = IMPLICIT_LE;
    } else if (!enc.explicitVr && sniffed.explicitVr && firstVrMatchesDictionary(bytes)) {
      warnings.add('Data set declared Implicit VR but its first element is Explicit VR: reading as Explicit VR Little Endian');
      enc = EXPLICIT_LE;
    }
  }
  const walker = new Walker(bytes, opts, warnings);
  const { elements, end } = walker.readTop(enc);
  return { tree: { elements, encoding: enc }, warnings: warnings.list(), truncated: walker.truncated, bytesRead: end, encoding: enc };
}

function firstVrMatchesDictionary(bytes: Uint8Array): boolean {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = makeTag(dv.getUint16(0, true), dv.getUint16(2, true));
  const vr = String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0);
  const d = dictionaryVr(tag);
  return d !== undefined && d.includes(vr);
}

/**
 * Parse a value that holds sequence items (a private SQ read as UN from Implicit VR, or
 * a UN of defined length): Implicit VR Little Endian (PS3.5 section 6.2.2).
 */
export function readSequenceItems(value: Uint8Array, options: DatasetReadOptions = {}): { items: DicomItem[]; warnings: string[] } {
  const warnings = new WarningList();
  const opts = { baseOffset: 0, lenient: false, maxDepth: DEFAULT_MAX_DEPTH, maxElements: DEFAULT_MAX_ELEMENTS, layer: 'dataset' as const, ...options };
  const walker = new Walker(value, opts, warnings);
  const items = walker.readSequenceValue(IMPLICIT_LE);
  for (const item of items) item.encoding = IMPLICIT_LE;
  return { items, warnings: warnings.list() };
}
