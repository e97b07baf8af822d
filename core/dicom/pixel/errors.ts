/**
 * Pixel-data errors: members of the DicomError family (core/network/errors.ts), layer
 * 'dataset'. Every way a frame can fail to decode ends in one of these, never in a raw
 * codec exception, so the imaging pipeline can tell "unsupported" from "corrupt".
 */
import { DicomError } from '../../network/errors.js';

export class PixelDataError extends DicomError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('dataset', code, message, options);
  }
}

/**
 * The data is valid DICOM but uses something this decoder does not implement. The data
 * layer's UnsupportedError (core/dicom/errors.ts), so callers catch one class for
 * "unsupported transfer syntax" whether the reader or the pixel decoder found it.
 */
export { UnsupportedError } from '../errors.js';

/** Native Pixel Data holds fewer bytes than Rows x Columns x Samples x bytes x Frames (PS3.5 8.1.1). */
export class PixelDataTooShortError extends PixelDataError {
  readonly expectedBytes: number;
  readonly actualBytes: number;
  constructor(expectedBytes: number, actualBytes: number, detail: string) {
    super('PIXEL_DATA_TOO_SHORT',
      `Pixel Data is too short: ${actualBytes} bytes, expected at least ${expectedBytes} (${detail})`);
    this.expectedBytes = expectedBytes;
    this.actualBytes = actualBytes;
  }
}

/** A compressed frame could not be decoded, or decoded to something that does not match the data set. */
export class PixelDecodeError extends PixelDataError {
  readonly codec: string;
  readonly frameIndex: number;
  constructor(codec: string, frameIndex: number, detail: string, options?: { cause?: unknown }) {
    super('PIXEL_DECODE', `Cannot decode frame ${frameIndex} (${codec}): ${detail}`, options);
    this.codec = codec;
    this.frameIndex = frameIndex;
  }
}

/** The Image Pixel Module attributes are inconsistent or out of range (PS3.3 C.7.6.3). */
export class PixelAttributeError extends PixelDataError {
  constructor(detail: string) {
    super('PIXEL_ATTRIBUTES', `Invalid Image Pixel attributes: ${detail}`);
  }
}

/** Encapsulated Pixel Data whose fragments cannot be mapped to frames (PS3.5 A.4). */
export class FrameLocationError extends PixelDataError {
  constructor(frameIndex: number, detail: string) {
    super('PIXEL_FRAME_LOCATION', `Cannot locate frame ${frameIndex} in encapsulated Pixel Data: ${detail}`);
  }
}
