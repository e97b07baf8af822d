/**
 * Which failures are worth retrying later (the queue's backoff) and which need a person.
 * Transient: connection refused/unreachable/reset, association rejected transiently
 * (PS3.8 9.3.4 result 2), aborts and timeouts before the print request, printer queue full
 * (C601/C602, PS3.4 H.4.2.2.4), printer reporting FAILURE/WARNING at N-GET time.
 */
import { AssociationAbortedError, AssociationRejectedError, ArtimTimeoutError, DicomError, DimseTimeoutError, TransportError } from '../../network/errors.js';

export interface ClassifiedError { code: string; message: string; transient: boolean }

export const TRANSIENT_STATUS_CODES: ReadonlySet<number> = new Set([0xc601, 0xc602, 0xc605]);

export function classifyError(err: unknown): ClassifiedError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof TransportError) return { code: err.code, message, transient: true };
  if (err instanceof AssociationRejectedError) return { code: err.code, message, transient: err.result === 2 };
  if (err instanceof AssociationAbortedError || err instanceof DimseTimeoutError || err instanceof ArtimTimeoutError) {
    return { code: err.code, message, transient: true };
  }
  if (err instanceof DicomError) return { code: err.code, message, transient: false };
  return { code: 'INTERNAL', message, transient: false };
}
