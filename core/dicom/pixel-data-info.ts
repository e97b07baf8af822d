/**
 * Collects the Image Pixel Module (PS3.3 C.7.6.3) and the raw Pixel Data of a data set
 * into a PixelDataSource for the pixel decoder. Encapsulated Pixel Data is split into
 * its Basic Offset Table and fragments (PS3.5 A.4); the Extended Offset Table
 * (PS3.3 C.7.6.3.1.8) is read when present.
 */
import type { DicomDataset } from './dataset.js';
import { MissingAttributeError } from './errors.js';
import type { EncapsulatedPixelData, LutDescriptor, PaletteLut, PixelDataSource } from './pixel-data-source.js';
import {
  DOUBLE_FLOAT_PIXEL_DATA, EXTENDED_OFFSET_TABLE, EXTENDED_OFFSET_TABLE_LENGTHS, FLOAT_PIXEL_DATA, PIXEL_DATA, formatTag,
} from './tag.js';

function u64s(bytes: Uint8Array | undefined): number[] | undefined {
  if (!bytes) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  // Encapsulated transfer syntaxes are all little endian (PS3.5 A.4).
  for (let p = 0; p + 8 <= bytes.length; p += 8) out.push(Number(dv.getBigUint64(p, true)));
  return out;
}

function splitEncapsulated(fragmentsWithBot: readonly Uint8Array[], ds: DicomDataset, warnings: string[]): EncapsulatedPixelData {
  const [bot, ...fragments] = fragmentsWithBot;
  const basicOffsetTable: number[] = [];
  if (bot && bot.length > 0) {
    if (bot.length % 4 !== 0) warnings.push(`Basic Offset Table of ${bot.length} bytes is not a multiple of 4`);
    const dv = new DataView(bot.buffer, bot.byteOffset, bot.byteLength);
    for (let p = 0; p + 4 <= bot.length; p += 4) basicOffsetTable.push(dv.getUint32(p, true));
  }
  const fragmentOffsets: number[] = [];
  let offset = 0;
  for (const f of fragments) {
    fragmentOffsets.push(offset);
    offset += 8 + f.length;
  }
  const extendedOffsetTable = u64s(ds.get(EXTENDED_OFFSET_TABLE)?.value);
  const extendedOffsetTableLengths = u64s(ds.get(EXTENDED_OFFSET_TABLE_LENGTHS)?.value);
  return {
    basicOffsetTable, fragments, fragmentOffsets,
    ...(extendedOffsetTable ? { extendedOffsetTable } : {}),
    ...(extendedOffsetTableLengths ? { extendedOffsetTableLengths } : {}),
  };
}

function lutDescriptor(ds: DicomDataset, tag: number): LutDescriptor | undefined {
  const e = ds.get(tag);
  if (!e?.value || e.value.length < 6) return undefined;
  // PS3.3 C.7.6.3.1.5: entries and bits are always unsigned; 0 entries means 65536.
  const dv = new DataView(e.value.buffer, e.value.byteOffset, e.value.byteLength);
  const le = ds.encoding.littleEndian;
  const entries = dv.getUint16(0, le);
  const firstMapped = e.vr === 'SS' ? dv.getInt16(2, le) : dv.getUint16(2, le);
  return { entries: entries === 0 ? 65536 : entries, firstMapped, bitsPerEntry: dv.getUint16(4, le) };
}

function paletteLut(ds: DicomDataset, descriptorTag: number, dataTag: number, segmentedTag: number): PaletteLut | undefined {
  const descriptor = lutDescriptor(ds, descriptorTag);
  if (!descriptor) return undefined;
  const data = ds.get(dataTag)?.value;
  const segmentedData = ds.get(segmentedTag)?.value;
  return { descriptor, ...(data ? { data } : {}), ...(segmentedData ? { segmentedData } : {}) };
}

function required(ds: DicomDataset, tag: number, name: string): number {
  const v = ds.number(tag);
  if (v === undefined || !Number.isFinite(v)) throw new MissingAttributeError(formatTag(tag), name, ds.fileName);
  return v;
}

export function collectPixelData(ds: DicomDataset): PixelDataSource | undefined {
  const pixel = ds.get(PIXEL_DATA) ?? ds.get(FLOAT_PIXEL_DATA) ?? ds.get(DOUBLE_FLOAT_PIXEL_DATA);
  if (!pixel) return undefined;
  const warnings: string[] = [];
  const rows = required(ds, 0x00280010, 'Rows');
  const columns = required(ds, 0x00280011, 'Columns');
  const bitsAllocated = required(ds, 0x00280100, 'Bits Allocated');
  const samplesPerPixel = ds.number(0x00280002) ?? 1;
  const bitsStored = ds.number(0x00280101) ?? bitsAllocated;
  const highBit = ds.number(0x00280102) ?? bitsStored - 1;
  const pixelRepresentation = ds.number(0x00280103) ?? 0;
  let photometricInterpretation = ds.string(0x00280004) ?? '';
  if (photometricInterpretation === '') {
    photometricInterpretation = samplesPerPixel === 1 ? 'MONOCHROME2' : 'RGB';
    warnings.push(`Photometric Interpretation missing: ${photometricInterpretation} assumed`);
  }
  const planarConfiguration = ds.number(0x00280006) ?? 0;
  let numberOfFrames = 1;
  if (ds.has(0x00280008)) {
    const raw = ds.string(0x00280008);
    const n = ds.number(0x00280008);
    if (n === undefined || !Number.isInteger(n) || n < 1) {
      warnings.push(`Number of Frames '${raw ?? ''}' is not a positive integer: 1 assumed`);
    } else {
      numberOfFrames = n;
    }
  }
  const palette = (() => {
    const red = paletteLut(ds, 0x00281101, 0x00281201, 0x00281221);
    const green = paletteLut(ds, 0x00281102, 0x00281202, 0x00281222);
    const blue = paletteLut(ds, 0x00281103, 0x00281203, 0x00281223);
    return red && green && blue ? { red, green, blue } : undefined;
  })();
  if (photometricInterpretation === 'PALETTE COLOR' && !palette) warnings.push('PALETTE COLOR without complete palette LUTs');

  const base = {
    transferSyntaxUid: ds.transferSyntaxUid, rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit,
    pixelRepresentation, photometricInterpretation, planarConfiguration, numberOfFrames,
    littleEndian: ds.encoding.littleEndian, pixelDataVr: pixel.vr, warnings,
    ...(palette ? { palette } : {}),
  };
  if (pixel.tag !== PIXEL_DATA) return { ...base, floatPixelData: pixel.value ?? new Uint8Array(0) };
  if (pixel.fragments) return { ...base, encapsulated: splitEncapsulated(pixel.fragments, ds, warnings) };
  return { ...base, native: pixel.value ?? new Uint8Array(0) };
}
