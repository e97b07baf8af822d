/**
 * Presentation LUT SOP Class (PS3.4 H.4.9) as the printer sees it: N-CREATE carries either
 * a Presentation LUT Sequence (2050,0010) with one LUT item, or a Presentation LUT Shape
 * (2050,0020) of IDENTITY or LIN OD (PS3.3 C.11.4, C.11.6: the shapes valid for print).
 *
 * Applied when the film is rendered: stored value -> LUT -> P-value, then the image box
 * polarity / MONOCHROME1 inversion (PS3.3 C.13.5.1, C.7.6.3.1.2). DCMTK's
 * PresentationLUTMatchRequired: the LUT's number of entries must equal the number of
 * input values of the images it is used with (256 for 8-bit, 4096 for 12-bit).
 */
import type { DicomDataset } from '../../dicom/dataset.js';
import { readLutItem, type Lut } from '../../imaging/lut.js';
import type { PrinterProfile } from '../../film/printer-profile.js';
import { fail, PrintStatus, type Outcome } from './print-failure.js';
import { PrintTag } from '../print-tags.js';
import type { ReceivedImage } from './image-box.js';

export interface PresentationLut {
  readonly uid: string;
  readonly shape?: 'IDENTITY' | 'LIN OD';
  readonly lut?: Lut;
}

export type LutParse = { ok: true; lut: Omit<PresentationLut, 'uid'> } | { ok: false; outcome: Outcome };

export function parsePresentationLut(ds: DicomDataset, profile: PrinterProfile): LutParse {
  for (const e of ds.elements) {
    if ((e.tag & 0xffff) === 0 || e.tag === 0x00080005) continue;
    if (e.tag !== PrintTag.PresentationLUTSequence && e.tag !== PrintTag.PresentationLUTShape) {
      return { ok: false, outcome: fail(PrintStatus.NoSuchAttribute, 'attribute not in the Presentation LUT', e.tag) };
    }
  }
  const shape = ds.string(PrintTag.PresentationLUTShape)?.trim().toUpperCase();
  const items = ds.sequence(PrintTag.PresentationLUTSequence);
  if (shape !== undefined && items.length > 0) {
    return { ok: false, outcome: fail(PrintStatus.InvalidAttributeValue, 'both LUT Shape and LUT Sequence given', PrintTag.PresentationLUTShape) };
  }
  if (shape !== undefined) {
    if (shape !== 'IDENTITY' && shape !== 'LIN OD') {
      return { ok: false, outcome: fail(PrintStatus.InvalidAttributeValue, `Presentation LUT Shape '${shape.slice(0, 16)}'`, PrintTag.PresentationLUTShape) };
    }
    return { ok: true, lut: { shape } };
  }
  if (items.length !== 1) {
    return { ok: false, outcome: fail(items.length === 0 ? PrintStatus.MissingAttribute : PrintStatus.InvalidAttributeValue,
      'need one Presentation LUT item or a LUT Shape', PrintTag.PresentationLUTSequence) };
  }
  let lut: Lut;
  try {
    lut = readLutItem(items[0] as DicomDataset, false);
  } catch (e) {
    return { ok: false, outcome: fail(PrintStatus.InvalidAttributeValue, (e as Error).message.slice(0, 64), PrintTag.PresentationLUTSequence) };
  }
  // PS3.3 C.11.4.1: the first value mapped is 0; 10..16 bits per entry.
  if (lut.firstMapped !== 0) return { ok: false, outcome: fail(PrintStatus.InvalidAttributeValue, 'LUT first mapped value must be 0', PrintTag.LUTDescriptor) };
  if (profile.presentationLut.matchRequired === true && lut.data.length !== 256 && lut.data.length !== 4096) {
    return { ok: false, outcome: fail(PrintStatus.InvalidAttributeValue, `LUT of ${lut.data.length} entries: needs 256 or 4096`, PrintTag.LUTDescriptor) };
  }
  return { ok: true, lut: { lut } };
}

/** Check at image time (DCMTK PresentationLUTMatchRequired): LUT entries = 2^Bits Stored. */
export function lutMatches(plut: PresentationLut | undefined, image: ReceivedImage): boolean {
  if (!plut?.lut) return true;
  return plut.lut.data.length === 2 ** image.bitsStored;
}

/**
 * Stored value -> normalised brightness in [0, 1] (1 = white, least dense) for the film
 * picture, with the LUT (scaled over the image's input range) and the inversions.
 */
export function brightnessTable(image: ReceivedImage, plut: PresentationLut | undefined, polarity: string | undefined): Float32Array {
  const inputs = 2 ** image.bitsStored;
  const table = new Float32Array(inputs);
  const lut = plut?.lut;
  const outMax = lut ? 2 ** lut.bitsPerEntry - 1 : inputs - 1;
  let invert = image.photometric === 'MONOCHROME1';
  if (polarity === 'REVERSE') invert = !invert;
  for (let s = 0; s < inputs; s++) {
    let y: number;
    if (lut) {
      const i = Math.round((s * (lut.data.length - 1)) / (inputs - 1));
      y = (lut.data[i] as number) / outMax;
    } else {
      y = s / (inputs - 1);
    }
    y = Math.min(1, Math.max(0, y));
    table[s] = invert ? 1 - y : y;
  }
  return table;
}
