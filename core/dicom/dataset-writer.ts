/**
 * Encodes an element tree as a bare data set (PS3.5 section 7) in Implicit VR Little
 * Endian, Explicit VR Little Endian, Explicit VR Big Endian or Deflated Explicit VR
 * Little Endian (PS3.5 A.5).
 *
 * Bit-preserving when the target encoding is the source's: value bytes are written as
 * they were read (odd lengths, padding, Specific Character Set untouched), and
 * undefined/defined lengths of sequences and items are kept. When transcoding, numbers
 * are byte-swapped by VR (PS3.5 section 7.3), sequence/item/group lengths recomputed
 * and odd values padded. Items of a UN sequence of undefined length stay Implicit VR
 * Little Endian (PS3.5 section 6.2.2, CP-246).
 */
import { dictionaryVr } from './dictionary.js';
import type { DicomElement, DicomElementTree, DicomItem } from './element.js';
import { DicomEncodeError, UnsupportedError } from './errors.js';
import { deflateDataset } from './inflate.js';
import { formatTag, ITEM, ITEM_DELIMITATION, SEQUENCE_DELIMITATION, tagElement, tagGroup } from './tag.js';
import {
  type DatasetEncoding, IMPLICIT_LE, encodingOf, requireTransferSyntax, sameEncoding,
} from './transfer-syntax.js';
import { hasLongLength, KNOWN_VRS, paddingByte, swapWidth } from './vr.js';

/** Chunks of output; small header chunks are ours and can be patched after the fact. */
class ByteSink {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let p = 0;
    for (const c of this.chunks) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }
}

function swapped(value: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(value.length);
  const n = value.length - (value.length % width);
  for (let i = 0; i < n; i += width) for (let k = 0; k < width; k++) out[i + k] = value[i + width - 1 - k] ?? 0;
  out.set(value.subarray(n), n);
  return out;
}

/** The VR to write in Explicit VR for an element (implicit sources may give 'UN' or ambiguous). */
function explicitVrFor(e: DicomElement, length: number): string {
  let vr = KNOWN_VRS.has(e.vr) ? e.vr : 'UN';
  if (vr === 'UN' && !e.items) {
    // A VR from the dictionary is better than UN when the value came from Implicit VR.
    const d = dictionaryVr(e.tag);
    if (d && KNOWN_VRS.has(d) && d !== 'SQ') vr = d;
  }
  // A 16-bit length cannot hold it (Implicit VR allows 2^32-2): fall back to UN (PS3.5 6.2.2).
  if (!hasLongLength(vr) && length > 0xffff) vr = 'UN';
  return vr;
}

class Writer {
  constructor(private readonly sink: ByteSink) {}

  private header(tag: number, vr: string | undefined, length: number, dst: DatasetEncoding): Uint8Array {
    const le = dst.littleEndian;
    const longForm = vr === undefined || !dst.explicitVr ? false : hasLongLength(vr);
    const size = !dst.explicitVr || vr === undefined ? 8 : longForm ? 12 : 8;
    const h = new Uint8Array(size);
    const dv = new DataView(h.buffer);
    dv.setUint16(0, tagGroup(tag), le);
    dv.setUint16(2, tagElement(tag), le);
    if (!dst.explicitVr || vr === undefined) {
      dv.setUint32(4, length, le);
    } else {
      h[4] = vr.charCodeAt(0);
      h[5] = vr.charCodeAt(1);
      if (longForm) dv.setUint32(8, length, le);
      else dv.setUint16(6, length, le);
    }
    this.sink.push(h);
    return h;
  }

  /** Set the 32-bit length of a sequence (12-byte explicit header) or item/implicit (8-byte) header. */
  private patchLength(h: Uint8Array, length: number, dst: DatasetEncoding): void {
    if (length >= 0xffffffff) throw new DicomEncodeError('sequence', 'longer than a 32-bit length');
    new DataView(h.buffer, h.byteOffset, h.byteLength).setUint32(h.length === 12 ? 8 : 4, length, dst.littleEndian);
  }

  writeElements(elements: readonly DicomElement[], src: DatasetEncoding, dst: DatasetEncoding): void {
    const transcoding = !sameEncoding(src, dst);
    let groupLength: { header: Uint8Array; group: number; start: number } | undefined;
    const closeGroup = (): void => {
      if (!groupLength) return;
      const value = this.sink.length - groupLength.start;
      new DataView(groupLength.header.buffer, groupLength.header.byteOffset, 4).setUint32(0, value, dst.littleEndian);
      groupLength = undefined;
    };
    for (const e of elements) {
      if (groupLength && tagGroup(e.tag) !== groupLength.group) closeGroup();
      if (transcoding && tagElement(e.tag) === 0 && e.value?.length === 4 && !e.items) {
        // Group Length (PS3.5 section 7.2): recompute for the new encoding.
        this.header(e.tag, 'UL', 4, dst);
        const v = new Uint8Array(4);
        this.sink.push(v);
        groupLength = { header: v, group: tagGroup(e.tag), start: this.sink.length };
        continue;
      }
      this.writeElement(e, src, dst);
    }
    closeGroup();
  }

  writeElement(e: DicomElement, src: DatasetEncoding, dst: DatasetEncoding): void {
    const transcoding = !sameEncoding(src, dst);
    if (e.items) {
      const isUnSequence = e.vr === 'UN';
      const vr = isUnSequence ? 'UN' : 'SQ';
      const undefinedLength = e.undefinedLength === true || isUnSequence;
      const h = this.header(e.tag, vr, undefinedLength ? 0xffffffff : 0, dst);
      const start = this.sink.length;
      // PS3.5 6.2.2: items of a UN sequence (and its delimiter) are Implicit VR Little Endian.
      const itemDst = isUnSequence ? IMPLICIT_LE : dst;
      for (const item of e.items) this.writeItem(item, isUnSequence ? (item.encoding ?? IMPLICIT_LE) : (item.encoding ?? src), itemDst);
      if (undefinedLength) this.header(SEQUENCE_DELIMITATION, undefined, 0, itemDst);
      else this.patchLength(h, this.sink.length - start, dst);
      return;
    }
    if (e.fragments) {
      if (!dst.explicitVr || !dst.littleEndian) {
        throw new UnsupportedError(`writing encapsulated ${formatTag(e.tag)} in ${dst.explicitVr ? 'Explicit VR Big Endian' : 'Implicit VR'}`,
          'compressed pixel data needs an encapsulated transfer syntax (PS3.5 A.4)');
      }
      this.header(e.tag, e.vr === 'OW' ? 'OW' : 'OB', 0xffffffff, dst);
      for (const f of e.fragments) {
        this.header(ITEM, undefined, f.length, dst);
        this.sink.push(f);
      }
      this.header(SEQUENCE_DELIMITATION, undefined, 0, dst);
      return;
    }
    let value = e.value ?? new Uint8Array(0);
    if (transcoding && (value.length & 1) === 1) {
      const padded = new Uint8Array(value.length + 1);
      padded.set(value);
      padded[value.length] = paddingByte(e.vr);
      value = padded;
    }
    if (value.length >= 0xffffffff) throw new DicomEncodeError(formatTag(e.tag), 'value too long for a 32-bit length');
    const vr = dst.explicitVr ? (transcoding ? explicitVrFor(e, value.length) : (KNOWN_VRS.has(e.vr) ? e.vr : 'UN')) : undefined;
    if (vr !== undefined && !hasLongLength(vr) && value.length > 0xffff) {
      throw new DicomEncodeError(formatTag(e.tag), `${value.length} bytes do not fit the 16-bit length of VR ${vr}`);
    }
    if (src.littleEndian !== dst.littleEndian) {
      // Byte order follows the VR the value really has (PS3.5 7.3); UN stays as is.
      const width = swapWidth(e.vr === 'UN' ? (vr ?? 'UN') : e.vr);
      if (width > 1) value = swapped(value, width);
    }
    this.header(e.tag, vr, value.length, dst);
    this.sink.push(value);
  }

  private writeItem(item: DicomItem, src: DatasetEncoding, dst: DatasetEncoding): void {
    const undefinedLength = item.undefinedLength === true;
    const h = this.header(ITEM, undefined, undefinedLength ? 0xffffffff : 0, dst);
    const start = this.sink.length;
    this.writeElements(item.elements, src, dst);
    if (undefinedLength) this.header(ITEM_DELIMITATION, undefined, 0, dst);
    else this.patchLength(h, this.sink.length - start, dst);
  }
}

/**
 * Encode a tree in a target encoding or transfer syntax. A deflated transfer syntax
 * gives the deflated bytes. Encapsulated pixel data can only go to Explicit VR LE.
 */
export function writeDataset(tree: DicomElementTree, target: DatasetEncoding | string): Uint8Array {
  let dst: DatasetEncoding;
  let deflate = false;
  if (typeof target === 'string') {
    const ts = requireTransferSyntax(target);
    dst = encodingOf(ts);
    deflate = ts.deflated;
  } else {
    dst = target;
  }
  const sink = new ByteSink();
  new Writer(sink).writeElements(tree.elements, tree.encoding, dst);
  const bytes = sink.concat();
  return deflate ? deflateDataset(bytes) : bytes;
}
