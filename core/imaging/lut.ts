/**
 * Lookup tables as the data set carries them (PS3.3 C.11.1 Modality LUT Module,
 * C.11.2 VOI LUT Module): LUT Descriptor (0028,3002) = [entries, first stored value
 * mapped, bits per entry] and LUT Data (0028,3006).
 */
import type { DicomDataset } from '../dicom/dataset.js';
import { ImagingError } from './errors.js';

export interface Lut {
  /** Input value mapped by the first entry (PS3.3 C.11.1.1.1: US or SS). */
  readonly firstMapped: number;
  /** Bits per entry as declared (8..16), raised when the data holds larger values. */
  readonly bitsPerEntry: number;
  /** The entries, one per input value from firstMapped. */
  readonly data: Uint16Array;
  readonly explanation?: string;
}

const LUT_DESCRIPTOR = 0x00283002;
const LUT_EXPLANATION = 0x00283003;
const LUT_DATA = 0x00283006;

/**
 * Read one item of the Modality LUT Sequence (0028,3000) or VOI LUT Sequence (0028,3010).
 * `signedInput` says whether the input of this LUT may be negative: the first-mapped
 * value is then read as SS even when the descriptor was stored as US (PS3.3 C.11.1.1.1,
 * C.11.2.1.1: "The second value ... shall be ... SS ... if the input is signed").
 */
export function readLutItem(item: DicomDataset, signedInput: boolean): Lut {
  const d = item.get(LUT_DESCRIPTOR);
  if (!d?.value || d.value.length < 6) throw new ImagingError('BAD_LUT', 'LUT Descriptor (0028,3002) missing or shorter than 3 values');
  const le = item.encoding.littleEndian;
  const dv = new DataView(d.value.buffer, d.value.byteOffset, d.value.byteLength);
  const rawEntries = dv.getUint16(0, le);
  // PS3.3 C.11.1.1.1: an entry count of 0 means 2^16.
  const entries = rawEntries === 0 ? 65536 : rawEntries;
  const firstMapped = d.vr === 'SS' || signedInput ? dv.getInt16(2, le) : dv.getUint16(2, le);
  let bits = dv.getUint16(4, le);
  if (bits < 8 || bits > 16) throw new ImagingError('BAD_LUT', `LUT Descriptor bits per entry ${bits} is not 8..16`);
  const raw = item.get(LUT_DATA)?.value;
  if (!raw) throw new ImagingError('BAD_LUT', 'LUT Data (0028,3006) missing');
  const data = new Uint16Array(entries);
  if (bits === 8 && raw.length === entries) {
    // 8-bit entries packed two per 16-bit word (PS3.3 C.11.1.1.1 note): byte order of the
    // words is the data set's, so in little endian the bytes are simply in order.
    if (le) for (let i = 0; i < entries; i++) data[i] = raw[i] as number;
    else for (let i = 0; i < entries; i++) data[i] = raw[i ^ 1] as number;
  } else {
    if (raw.length < entries * 2) throw new ImagingError('BAD_LUT', `LUT Data has ${raw.length} bytes, ${entries} entries need ${entries * 2}`);
    const rv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    let max = 0;
    for (let i = 0; i < entries; i++) {
      const v = rv.getUint16(i * 2, le);
      data[i] = v;
      if (v > max) max = v;
    }
    // Some writers declare 8 (or 12) bits but store larger values: DCMTK's --ignore-vlut-depth
    // workaround; we take the width the data needs so nothing is clipped.
    while (bits < 16 && max >= 2 ** bits) bits++;
  }
  const explanation = item.string(LUT_EXPLANATION);
  return { firstMapped, bitsPerEntry: bits, data, ...(explanation ? { explanation } : {}) };
}

/** LUT lookup with the clamping of PS3.3 C.11.1.1.1: below the first entry -> first, above the last -> last. */
export function lookup(lut: Lut, x: number): number {
  const i = Math.round(x) - lut.firstMapped;
  const n = lut.data.length;
  return lut.data[i < 0 ? 0 : i >= n ? n - 1 : i] as number;
}
