/**
 * The decoded frame handed to the imaging pipeline. Values are the stored pixel values
 * (PS3.5 8.1.1) already masked to Bits Stored and sign-extended: no Modality LUT, VOI or
 * presentation applied. Colour frames are always interleaved RGB (R,G,B,R,G,B...).
 */
export type PixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/** Photometric interpretation of the decoded frame: colour models are converted to RGB. */
export type FramePhotometric = 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly samplesPerPixel: 1 | 3;
  /** Bits per element of `data` (8, 16 or 32). */
  readonly bitsAllocated: number;
  /** Significant bits of each value (after conversion: 8 for YBR->RGB of 8-bit data, the LUT width for palettes). */
  readonly bitsStored: number;
  readonly signed: boolean;
  readonly photometricInterpretation: FramePhotometric;
  /** The Photometric Interpretation the data set declared, before any conversion. */
  readonly sourcePhotometricInterpretation: string;
  /** width * height * samplesPerPixel values, row by row, colour interleaved. */
  readonly data: PixelArray;
  /** Smallest and largest value of `data`, when the decoder met them on its way (grey frames). */
  readonly valueRange?: readonly [number, number];
  /** Non-fatal oddities met while decoding (bad High Bit replaced, colour heuristics...). */
  readonly warnings: readonly string[];
}
