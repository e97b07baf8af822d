/** Pixel data decoding (PS3.5 section 8 and Annex A): the public surface of core/dicom/pixel. */
export { decodeFrame, frameCount } from './decode-frame.js';
export type { Frame, FramePhotometric, PixelArray } from './frame.js';
export {
  PixelDataError, UnsupportedError, PixelDataTooShortError, PixelDecodeError, PixelAttributeError, FrameLocationError,
} from './errors.js';
export { pixelEncodingOf, type PixelEncoding } from './transfer-syntax.js';
