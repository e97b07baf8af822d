/**
 * Errors of the imaging pipeline (core/imaging). They join the DicomError family; the
 * layer is 'dataset' because every one of them is caused by what a data set says (or
 * lacks), or by a film request that cannot be rendered.
 */
import { DicomError } from '../network/errors.js';

export type ImagingErrorCode =
  | 'BAD_LUT'            // a LUT Descriptor / LUT Data pair that cannot be used (PS3.3 C.11.1.1)
  | 'BAD_WINDOW'         // Window Width out of range for the VOI LUT Function (PS3.3 C.11.2.1.2)
  | 'BAD_GEOMETRY'       // a box or crop of zero or negative size, a matrix over the limit
  | 'TEXT_RENDER'        // the annotation text could not be rendered
  | 'UNSUPPORTED';       // well-formed but not implemented

export class ImagingError extends DicomError {
  readonly imagingCode: ImagingErrorCode;
  constructor(code: ImagingErrorCode, message: string, options?: { cause?: unknown }) {
    super('imaging', `IMAGING_${code}`, message, options);
    this.imagingCode = code;
  }
}
