/**
 * C-STORE response statuses of our Storage SCP (PS3.4 B.2.3), from archive failures.
 *   0xA700 Refused: Out of Resources - disk full or quota exceeded
 *   0xA701 Refused: Out of Resources - instance larger than the configured limit
 *   0xA702 Refused: Out of Resources - any other write failure (I/O error, permissions)
 *   0xA900 Error: Data Set does not match SOP Class - SOP Class/Instance UID differ from the command
 *   0xC000 Error: Cannot understand - data set unreadable, or no Study/Series Instance UID
 *   0x0110 Processing failure - anything unexpected
 */
import { ArchiveError } from '../../archive/errors.js';

export const StoreStatus = {
  Success: 0x0000,
  OutOfSpace: 0xa700,
  TooLarge: 0xa701,
  WriteFailed: 0xa702,
  DataSetDoesNotMatchSopClass: 0xa900,
  CannotUnderstand: 0xc000,
  ProcessingFailure: 0x0110,
} as const;

export function storeStatusOf(err: unknown): { status: number; comment: string } {
  const comment = (err instanceof Error ? err.message : String(err)).slice(0, 64);
  if (!(err instanceof ArchiveError)) return { status: StoreStatus.ProcessingFailure, comment };
  switch (err.code) {
    case 'OUT_OF_SPACE': return { status: StoreStatus.OutOfSpace, comment };
    case 'TOO_LARGE': return { status: StoreStatus.TooLarge, comment };
    case 'WRITE_FAILED': return { status: StoreStatus.WriteFailed, comment };
    case 'MISMATCH': return { status: StoreStatus.DataSetDoesNotMatchSopClass, comment };
    case 'UNREADABLE':
    case 'NOT_DICOM': return { status: StoreStatus.CannotUnderstand, comment };
    // Only Archive.open throws it, never a store; answered as any other refusal to write.
    case 'IN_USE': return { status: StoreStatus.WriteFailed, comment };
  }
}
