/**
 * What the pixel decoder (core/dicom/pixel/) needs from a data set: the Image Pixel
 * Module attributes (PS3.3 C.7.6.3) plus the raw Pixel Data, either native bytes or the
 * encapsulated fragments (PS3.5 A.4), untouched. Produced by DicomDataset.pixelDataInfo().
 *
 * All byte arrays are views into the file buffer (no copies): do not modify them.
 */

/** A Palette Color Lookup Table descriptor (PS3.3 C.7.6.3.1.5): [entries, firstMapped, bitsPerEntry]. */
export interface LutDescriptor {
  /** Number of entries; a stored 0 means 65536 (already converted here). */
  readonly entries: number;
  /** First stored pixel value mapped (US or SS as the data set says). */
  readonly firstMapped: number;
  /** Bits per LUT entry (8 or 16). */
  readonly bitsPerEntry: number;
}

/** Palette colour data (PS3.3 C.7.6.3.1.5/6): either normal or segmented LUT data. */
export interface PaletteLut {
  readonly descriptor: LutDescriptor;
  /** (0028,120x) Palette Color LUT Data, raw bytes in the data set's byte order; absent if only segmented. */
  readonly data?: Uint8Array;
  /** (0028,122x) Segmented Palette Color LUT Data, raw bytes; present if the data set carries it. */
  readonly segmentedData?: Uint8Array;
}

export interface PaletteColorLuts {
  readonly red: PaletteLut;
  readonly green: PaletteLut;
  readonly blue: PaletteLut;
}

/** Encapsulated Pixel Data (PS3.5 A.4): one Basic Offset Table item then fragments. */
export interface EncapsulatedPixelData {
  /** Offsets from the Basic Offset Table item; empty when the table is empty. */
  readonly basicOffsetTable: number[];
  /** Fragment values (item values after the offset table), in order. */
  readonly fragments: Uint8Array[];
  /**
   * Byte offset of each fragment's item tag relative to the first byte after the
   * Basic Offset Table item: the same origin the Basic Offset Table uses (PS3.5 A.4).
   */
  readonly fragmentOffsets: number[];
  /** (7FE0,0001) Extended Offset Table (PS3.3 C.7.6.3.1.8), 64-bit offsets (as numbers). */
  readonly extendedOffsetTable?: number[];
  /** (7FE0,0002) Extended Offset Table Lengths, one per frame. */
  readonly extendedOffsetTableLengths?: number[];
}

export interface PixelDataSource {
  readonly transferSyntaxUid: string;
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  /** 0 unsigned, 1 two's complement. */
  readonly pixelRepresentation: number;
  readonly photometricInterpretation: string;
  /** 0 colour-by-pixel, 1 colour-by-plane; 0 when absent. */
  readonly planarConfiguration: number;
  /** (0028,0008); 1 when absent or unreadable. */
  readonly numberOfFrames: number;
  /** Byte order of native Pixel Data (false only for Explicit VR Big Endian). */
  readonly littleEndian: boolean;
  /** VR the Pixel Data was stored with ('OB', 'OW', 'OF', 'OD' or 'UN'/'ox' when unknown). */
  readonly pixelDataVr: string;
  /** Native (uncompressed) Pixel Data bytes; as stored, may be longer than needed (padding). */
  readonly native?: Uint8Array;
  /** Encapsulated Pixel Data (compressed transfer syntaxes). */
  readonly encapsulated?: EncapsulatedPixelData;
  /** Float/Double Float Pixel Data (7FE0,0008)/(7FE0,0009) when that is what the data set has. */
  readonly floatPixelData?: Uint8Array;
  /** Palette colour LUTs when Photometric Interpretation is PALETTE COLOR (or supplemental palette). */
  readonly palette?: PaletteColorLuts;
  /** Warnings found while collecting these fields (bad values replaced by defaults...). */
  readonly warnings: string[];
}
