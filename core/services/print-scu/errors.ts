/** Errors of the Print SCU that are not DIMSE statuses (those are results, see types.ts). */
import { DicomError } from '../../network/errors.js';

export type PrintScuErrorCode = 'BAD_PIXELS' | 'NO_META_CONTEXT' | 'BAD_RESPONSE' | 'UNSUPPORTED_LAYOUT' | 'BAD_REQUEST';

export class PrintScuError extends DicomError {
  constructor(code: PrintScuErrorCode, message: string) {
    super('dimse', code, message);
  }
}
