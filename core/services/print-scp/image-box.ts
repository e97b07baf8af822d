/**
 * Basic Grayscale Image Box N-SET content (PS3.4 H.4.3.1.2.1; PS3.3 C.13.5 Image Box Pixel
 * Presentation Module): the one item of the Basic Grayscale Image Sequence (2020,0110) with
 * its Image Pixel Module. The values a print SCP accepts are fixed by PS3.3 C.13.5.1:
 *   Samples per Pixel 1, Photometric Interpretation MONOCHROME1 or MONOCHROME2,
 *   Bits Allocated 8 (Bits Stored 8, High Bit 7) or 16 (Bits Stored 12, High Bit 11),
 *   Pixel Representation 0 (unsigned).
 * 12-bit images only where the profile supports them (DCMTK Supports12Bit). The Pixel Data
 * length is checked against Rows x Columns x bytes per pixel before a single pixel is read.
 */
import type { DicomDataset } from '../../dicom/dataset.js';
import { fail, PrintStatus, type Outcome } from './print-failure.js';
import { PrintTag } from '../print-tags.js';

export interface ReceivedImage {
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: 8 | 16;
  readonly bitsStored: 8 | 12;
  readonly photometric: 'MONOCHROME1' | 'MONOCHROME2';
  /** Vertical / horizontal size of a pixel (Pixel Aspect Ratio (0028,0034)), 1 when absent. */
  readonly pixelAspect: number;
  /** Stored values, row by row (Uint8Array for 8-bit, Uint16Array 0..4095 for 12-bit). */
  readonly pixels: Uint8Array | Uint16Array;
}

/** Largest matrix accepted in one image box: 16384 x 16384 (beyond any film at 508 dpi). */
export const MAX_IMAGE_SIDE = 16384;

export type ImageParse = { ok: true; image: ReceivedImage } | { ok: false; outcome: Outcome };

const ITEM_TAGS = new Set<number>([
  PrintTag.SamplesPerPixel, PrintTag.PhotometricInterpretation, PrintTag.Rows, PrintTag.Columns, PrintTag.PixelAspectRatio,
  PrintTag.BitsAllocated, PrintTag.BitsStored, PrintTag.HighBit, PrintTag.PixelRepresentation, PrintTag.PixelData,
]);

export function parseGrayscaleImage(box: DicomDataset, supports12Bit: boolean | null): ImageParse {
  const seqTag = PrintTag.BasicGrayscaleImageSequence;
  const items = box.sequence(seqTag);
  const bad = (why: string, tag: number): ImageParse => ({ ok: false, outcome: fail(PrintStatus.InvalidAttributeValue, why, tag) });
  const missing = (why: string, tag: number): ImageParse => ({ ok: false, outcome: fail(PrintStatus.MissingAttribute, why, tag) });
  if (items.length === 0) return missing('Basic Grayscale Image Sequence has no item', seqTag);
  if (items.length !== 1) return bad(`image sequence has ${items.length} items, must be 1`, seqTag);
  const item = items[0] as DicomDataset;
  for (const e of item.elements) {
    if ((e.tag & 0xffff) === 0 || e.tag === 0x00080005) continue;
    if (!ITEM_TAGS.has(e.tag)) return { ok: false, outcome: fail(PrintStatus.NoSuchAttribute, `image item attribute not supported`, e.tag) };
  }
  const need = (tag: number, name: string): number | ImageParse => {
    const n = item.number(tag);
    return n === undefined ? missing(`${name} missing`, tag) : n;
  };
  const spp = need(PrintTag.SamplesPerPixel, 'Samples per Pixel');
  if (typeof spp !== 'number') return spp;
  if (spp !== 1) return bad(`Samples per Pixel ${spp}, must be 1`, PrintTag.SamplesPerPixel);
  const pi = item.string(PrintTag.PhotometricInterpretation)?.trim().toUpperCase();
  if (pi === undefined) return missing('Photometric Interpretation missing', PrintTag.PhotometricInterpretation);
  if (pi !== 'MONOCHROME1' && pi !== 'MONOCHROME2') return bad(`Photometric ${pi.slice(0, 16)} not MONOCHROME1/2`, PrintTag.PhotometricInterpretation);
  const rows = need(PrintTag.Rows, 'Rows');
  if (typeof rows !== 'number') return rows;
  const columns = need(PrintTag.Columns, 'Columns');
  if (typeof columns !== 'number') return columns;
  if (rows < 1 || columns < 1 || rows > MAX_IMAGE_SIDE || columns > MAX_IMAGE_SIDE) return bad(`matrix ${columns}x${rows} outside 1..${MAX_IMAGE_SIDE}`, PrintTag.Rows);
  const ba = need(PrintTag.BitsAllocated, 'Bits Allocated');
  if (typeof ba !== 'number') return ba;
  const bs = need(PrintTag.BitsStored, 'Bits Stored');
  if (typeof bs !== 'number') return bs;
  const hb = need(PrintTag.HighBit, 'High Bit');
  if (typeof hb !== 'number') return hb;
  const pr = need(PrintTag.PixelRepresentation, 'Pixel Representation');
  if (typeof pr !== 'number') return pr;
  if (pr !== 0) return bad('Pixel Representation must be 0 (unsigned)', PrintTag.PixelRepresentation);
  const eightBit = ba === 8 && bs === 8 && hb === 7;
  const twelveBit = ba === 16 && bs === 12 && hb === 11;
  if (!eightBit && !twelveBit) return bad(`bits ${ba}/${bs}/${hb} not 8/8/7 or 16/12/11`, ba !== 8 && ba !== 16 ? PrintTag.BitsAllocated : PrintTag.BitsStored);
  if (twelveBit && supports12Bit === false) return bad('12-bit images not supported by this printer', PrintTag.BitsStored);
  let aspect = 1;
  if (item.has(PrintTag.PixelAspectRatio)) {
    const ar = item.strings(PrintTag.PixelAspectRatio).map(Number);
    const [v, h] = ar;
    if (ar.length !== 2 || v === undefined || h === undefined || !(v > 0) || !(h > 0)) return bad('Pixel Aspect Ratio must be two positive integers', PrintTag.PixelAspectRatio);
    aspect = v / h;
  }
  const pd = item.get(PrintTag.PixelData);
  if (!pd?.value) return missing(pd?.fragments ? 'encapsulated Pixel Data not accepted' : 'Pixel Data missing', PrintTag.PixelData);
  const bytesPer = eightBit ? 1 : 2;
  const expected = rows * columns * bytesPer;
  const got = pd.value.length;
  // An odd 8-bit matrix is padded with one byte to even length (PS3.5 section 8.1.1).
  if (got !== expected && !(eightBit && got === expected + 1 && (expected & 1) === 1)) {
    return bad(`Pixel Data ${got} bytes, ${columns}x${rows}x${bytesPer} needs ${expected}`, PrintTag.PixelData);
  }
  let pixels: Uint8Array | Uint16Array;
  if (eightBit) {
    pixels = pd.value.slice(0, expected);
  } else {
    const dv = new DataView(pd.value.buffer, pd.value.byteOffset, pd.value.byteLength);
    const le = item.encoding.littleEndian;
    const out = new Uint16Array(rows * columns);
    for (let i = 0; i < out.length; i++) out[i] = dv.getUint16(i * 2, le) & 0x0fff; // bits above High Bit are not pixel data (PS3.5 8.1.1)
    pixels = out;
  }
  return {
    ok: true,
    image: { rows, columns, bitsAllocated: eightBit ? 8 : 16, bitsStored: eightBit ? 8 : 12, photometric: pi, pixelAspect: aspect, pixels },
  };
}
