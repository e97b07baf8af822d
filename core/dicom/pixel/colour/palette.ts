/**
 * PALETTE COLOR -> RGB (PS3.3 C.7.6.3.1.5 and C.7.9.2).
 *
 * Descriptor [entries, first mapped value, bits per entry]. A pixel value below the first
 * mapped value takes the first entry, one past the table the last (C.7.6.3.1.5). LUT data
 * is 16-bit words in the data set's byte order; 8-bit entries are one byte each
 * ("equivalent to 8 bits allocated"), though some writers put them in 16-bit words.
 * Segmented LUTs (C.7.9.2) expand discrete, linear and indirect segments.
 */
import type { PaletteColorLuts, PaletteLut } from '../../pixel-data-source.js';
import type { PixelArray } from '../frame.js';
import { PixelAttributeError } from '../errors.js';

/** Indirect segments may nest; this bounds the work on hostile data. */
const MAX_INDIRECT_DEPTH = 4;

export interface PaletteOutput {
  readonly data: Uint8Array | Uint16Array;
  readonly bits: 8 | 16;
}

export function paletteToRgb(indices: PixelArray, luts: PaletteColorLuts, littleEndian: boolean, signed: boolean): PaletteOutput {
  const red = expandLut(luts.red, littleEndian, 'Red');
  const green = expandLut(luts.green, littleEndian, 'Green');
  const blue = expandLut(luts.blue, littleEndian, 'Blue');
  const bits: 8 | 16 = luts.red.descriptor.bitsPerEntry <= 8 && luts.green.descriptor.bitsPerEntry <= 8 && luts.blue.descriptor.bitsPerEntry <= 8 ? 8 : 16;
  const n = indices.length;
  const out = bits === 8 ? new Uint8Array(n * 3) : new Uint16Array(n * 3);
  const tables = [red, green, blue];
  const firsts = [luts.red, luts.green, luts.blue].map((l) => firstMapped(l, signed));
  for (let c = 0; c < 3; c++) {
    const table = tables[c] as Uint16Array;
    const first = firsts[c] as number;
    const last = table.length - 1;
    for (let i = 0, o = c; i < n; i++, o += 3) {
      let k = (indices[i] as number) - first;
      if (k < 0) k = 0;
      else if (k > last) k = last;
      out[o] = table[k] as number;
    }
  }
  return { data: out, bits };
}

/** The descriptor's first mapped value is US or SS (C.7.6.3.1.5): signed pixel data means SS. */
function firstMapped(lut: PaletteLut, signed: boolean): number {
  const v = lut.descriptor.firstMapped;
  return signed && v > 32767 ? v - 65536 : v;
}

export function expandLut(lut: PaletteLut, littleEndian: boolean, colour: string): Uint16Array {
  const { entries, bitsPerEntry } = lut.descriptor;
  if (!(entries >= 1 && entries <= 65536)) throw new PixelAttributeError(`${colour} Palette Color LUT Descriptor has ${entries} entries`);
  if (bitsPerEntry !== 8 && bitsPerEntry !== 16) {
    throw new PixelAttributeError(`${colour} Palette Color LUT Descriptor bits per entry is ${bitsPerEntry}, not 8 or 16`);
  }
  if (lut.data && lut.data.length > 0) {
    const d = lut.data;
    const table = new Uint16Array(entries);
    if (bitsPerEntry === 16 || d.length >= entries * 2) {
      if (d.length < entries * 2) {
        throw new PixelAttributeError(`${colour} Palette Color LUT Data has ${d.length} bytes for ${entries} 16-bit entries`);
      }
      for (let i = 0; i < entries; i++) table[i] = readWord(d, i, littleEndian);
      if (bitsPerEntry === 8) {
        // 8-bit entries written one per 16-bit word: keep the significant byte.
        let max = 0;
        for (let i = 0; i < entries; i++) max = Math.max(max, table[i] as number);
        if (max > 255) for (let i = 0; i < entries; i++) table[i] = (table[i] as number) >>> 8;
      }
      return table;
    }
    if (d.length < entries) throw new PixelAttributeError(`${colour} Palette Color LUT Data has ${d.length} bytes for ${entries} 8-bit entries`);
    // Bytes in OW: in big endian each pair was swapped as a word (PS3.5 A.3).
    for (let i = 0; i < entries; i++) table[i] = d[littleEndian ? i : i ^ 1] as number;
    return table;
  }
  if (lut.segmentedData && lut.segmentedData.length > 0) {
    return expandSegmented(lut.segmentedData, entries, littleEndian, colour);
  }
  throw new PixelAttributeError(`${colour} Palette Color LUT Data is missing`);
}

function readWord(d: Uint8Array, index: number, littleEndian: boolean): number {
  const a = d[2 * index] as number;
  const b = d[2 * index + 1] as number;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

/** Segmented Palette Color LUT Data (C.7.9.2): opcode 0 discrete, 1 linear, 2 indirect. */
function expandSegmented(d: Uint8Array, entries: number, littleEndian: boolean, colour: string): Uint16Array {
  const words = Math.floor(d.length / 2);
  const out: number[] = [];
  const fail = (detail: string): never => { throw new PixelAttributeError(`${colour} Segmented Palette Color LUT Data: ${detail}`); };
  const word = (i: number): number => (i < words ? readWord(d, i, littleEndian) : fail(`segment runs past the end at word ${i}`));

  const expand = (startWord: number, segmentLimit: number, depth: number): void => {
    let i = startWord;
    let segments = 0;
    while (i < words && segments < segmentLimit) {
      if (out.length > entries) fail(`expands to more than ${entries} entries`);
      const opcode = word(i);
      const length = word(i + 1);
      segments++;
      if (opcode === 0) {
        for (let k = 0; k < length; k++) out.push(word(i + 2 + k));
        i += 2 + length;
      } else if (opcode === 1) {
        if (out.length === 0) fail('linear segment with no previous value');
        const y0 = out[out.length - 1] as number;
        const y1 = word(i + 2);
        for (let k = 1; k <= length; k++) out.push(Math.round(y0 + ((y1 - y0) * k) / length));
        i += 3;
      } else if (opcode === 2) {
        if (depth >= MAX_INDIRECT_DEPTH) fail('indirect segments nested too deeply');
        // Offset is a 32-bit byte offset, least significant word first (C.7.9.2.3).
        const offset = word(i + 2) | (word(i + 3) << 16);
        if (offset % 2 !== 0 || offset / 2 >= words) fail(`indirect offset ${offset} is outside the data`);
        expand(offset / 2, length, depth + 1);
        i += 4;
      } else {
        fail(`unknown segment opcode ${opcode} at word ${i}`);
      }
    }
  };
  expand(0, Number.POSITIVE_INFINITY, 0);
  if (out.length < entries) fail(`expands to ${out.length} entries, descriptor says ${entries}`);
  return Uint16Array.from(out.slice(0, entries));
}
