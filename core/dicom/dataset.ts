/**
 * DicomDataset: the convenient read API over the element tree. Values are decoded on
 * demand with the data set's byte order and Specific Character Set. A sequence item
 * with its own (0008,0005) uses it inside that item and its nested items, others
 * inherit their parent's (nested data sets, PS3.5 section 7.5; the dclunie
 * chrSQEncoding sample is exactly this case).
 */
import { type WarningSink } from './charset/decode.js';
import { resolveCharset, type ResolvedCharset } from './charset/terms.js';
import { readSequenceItems } from './dataset-reader.js';
import { parseTag } from './dictionary.js';
import type { DicomElement, DicomElementTree, DicomItem } from './element.js';
import { parsePersonName, type PersonName } from './person-name.js';
import { collectPixelData } from './pixel-data-info.js';
import type { PixelDataSource } from './pixel-data-source.js';
import { formatTag, SPECIFIC_CHARACTER_SET, type Tag } from './tag.js';
import type { DatasetEncoding } from './transfer-syntax.js';
import { decodeStrings, parseDS, parseIS, readNumbers } from './values.js';
import { WarningList } from './warnings.js';

export type TagSpec = Tag | string;

export interface DatasetContext {
  readonly transferSyntaxUid: string;
  readonly encoding: DatasetEncoding;
  readonly fileName?: string;
  /** Shared, bounded warning list of the whole file. */
  readonly warnings: WarningList;
}

export class DicomDataset {
  readonly elements: readonly DicomElement[];
  readonly transferSyntaxUid: string;
  /** Encoding of this data set's (or item's) values. */
  readonly encoding: DatasetEncoding;
  readonly specificCharacterSet: ResolvedCharset;
  readonly fileName: string | undefined;
  private readonly ctx: DatasetContext;
  private byTag: Map<Tag, DicomElement> | undefined;

  constructor(elements: readonly DicomElement[], ctx: DatasetContext, inheritedCharset?: ResolvedCharset) {
    this.elements = elements;
    this.ctx = ctx;
    this.transferSyntaxUid = ctx.transferSyntaxUid;
    this.encoding = ctx.encoding;
    this.fileName = ctx.fileName;
    const own = elements.find((e) => e.tag === SPECIFIC_CHARACTER_SET);
    if (own) {
      const values = own.value ? decodeStrings(own.value, 'CS', undefined) : [];
      this.specificCharacterSet = resolveCharset(values);
      for (const w of this.specificCharacterSet.warnings) ctx.warnings.add(w);
    } else {
      this.specificCharacterSet = inheritedCharset ?? resolveCharset(undefined);
    }
  }

  /** Build from a parsed tree (top level). */
  static fromTree(tree: DicomElementTree, ctx: Omit<DatasetContext, 'encoding' | 'warnings'> & { warnings?: WarningList }): DicomDataset {
    return new DicomDataset(tree.elements, { ...ctx, encoding: tree.encoding, warnings: ctx.warnings ?? new WarningList() });
  }

  /** Warnings gathered while reading and decoding (bounded). */
  get warnings(): string[] {
    return this.ctx.warnings.list();
  }

  private readonly warn: WarningSink = (m) => this.ctx.warnings.add(m);

  private resolve(spec: TagSpec): Tag {
    const t = parseTag(spec);
    if (t === undefined) throw new TypeError(`Unknown tag or keyword '${String(spec)}'`);
    return t;
  }

  /** The element, or undefined. Accepts 0x00100010, '(0010,0010)', '00100010' or 'PatientName'. */
  get(spec: TagSpec): DicomElement | undefined {
    const tag = this.resolve(spec);
    if (!this.byTag) {
      this.byTag = new Map();
      for (const e of this.elements) if (!this.byTag.has(e.tag)) this.byTag.set(e.tag, e);
    }
    return this.byTag.get(tag);
  }

  has(spec: TagSpec): boolean {
    return this.get(spec) !== undefined;
  }

  /** Raw value bytes (a view, in the data set's byte order). */
  bytes(spec: TagSpec): Uint8Array | undefined {
    return this.get(spec)?.value;
  }

  /** All values as strings (numbers formatted for binary VRs). */
  strings(spec: TagSpec): string[] {
    const e = this.get(spec);
    if (!e?.value) return [];
    if (isBinaryNumeric(e.vr)) return readNumbers(e.value, e.vr, this.encoding.littleEndian, this.warn).map((n) =>
      (e.vr === 'AT' ? formatTag(n) : String(n)));
    return decodeStrings(e.value, e.vr, this.specificCharacterSet, this.warn);
  }

  /** First value as a string, or undefined when absent or empty. */
  string(spec: TagSpec): string | undefined {
    const s = this.strings(spec);
    return s.length === 0 ? undefined : s[0];
  }

  /** All values as numbers: binary VRs, IS and DS (invalid ones skipped with a warning). */
  numbers(spec: TagSpec): number[] {
    const e = this.get(spec);
    if (!e?.value) return [];
    if (isBinaryNumeric(e.vr)) return readNumbers(e.value, e.vr, this.encoding.littleEndian, this.warn);
    if (e.vr === 'IS' || e.vr === 'DS') {
      const parse = e.vr === 'IS' ? parseIS : parseDS;
      const out: number[] = [];
      for (const s of decodeStrings(e.value, e.vr, undefined, this.warn)) {
        const n = parse(s, (m) => this.warn(`${formatTag(e.tag)}: ${m}`));
        if (n !== undefined) out.push(n);
      }
      return out;
    }
    return [];
  }

  /** First numeric value, or undefined. */
  number(spec: TagSpec): number | undefined {
    const n = this.numbers(spec);
    return n.length === 0 ? undefined : n[0];
  }

  personNames(spec: TagSpec): PersonName[] {
    const e = this.get(spec);
    if (!e?.value) return [];
    return decodeStrings(e.value, 'PN', this.specificCharacterSet, this.warn).map(parsePersonName);
  }

  /** First Person Name value with its alphabetic, ideographic and phonetic groups. */
  personName(spec: TagSpec): PersonName | undefined {
    return this.personNames(spec)[0];
  }

  /** Items of a sequence (or of a UN sequence of undefined length) as data sets. */
  sequence(spec: TagSpec): DicomDataset[] {
    const e = this.get(spec);
    if (!e) return [];
    if (!e.items && e.vr === 'UN' && e.value && startsWithItem(e.value)) {
      // A private sequence the reader could only keep as UN bytes (defined length, VR
      // unknown): its items are Implicit VR Little Endian (PS3.5 section 6.2.2).
      try {
        const r = readSequenceItems(e.value, { baseOffset: (e.offset ?? 0) + 8 });
        for (const w of r.warnings) this.warn(w);
        return r.items.map((item) => this.itemDataset(item));
      } catch (err) {
        this.warn(`${formatTag(e.tag)}: UN value is not a sequence: ${(err as Error).message}`);
        return [];
      }
    }
    if (!e.items) return [];
    return e.items.map((item) => this.itemDataset(item));
  }

  private itemDataset(item: DicomItem): DicomDataset {
    const ctx = item.encoding ? { ...this.ctx, encoding: item.encoding } : this.ctx;
    return new DicomDataset(item.elements, ctx, this.specificCharacterSet);
  }

  /** Image Pixel Module + raw Pixel Data for the pixel decoder; undefined without Pixel Data. */
  pixelDataInfo(): PixelDataSource | undefined {
    return collectPixelData(this);
  }
}

function startsWithItem(v: Uint8Array): boolean {
  return v.length >= 8 && v[0] === 0xfe && v[1] === 0xff && v[2] === 0x00 && v[3] === 0xe0;
}

function isBinaryNumeric(vr: string): boolean {
  return ['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'SV', 'UV'].includes(vr);
}
