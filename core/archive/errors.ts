/** Archive failures, in the DicomError family (layer 'file'), with what a C-STORE SCP must answer. */
import { DicomError } from '../network/errors.js';

export type ArchiveErrorCode =
  /** Disk full or quota exceeded (ENOSPC, EDQUOT, SQLITE_FULL). */
  | 'OUT_OF_SPACE'
  /** The instance exceeds the configured maximum size. */
  | 'TOO_LARGE'
  /** Any other write/rename/fsync/index failure. */
  | 'WRITE_FAILED'
  /** The data set could not be parsed, or lacks the UIDs that place it in the archive. */
  | 'UNREADABLE'
  /** The data set's SOP Class/Instance UID differs from the one announced (C-STORE command or meta header). */
  | 'MISMATCH'
  /** Not a DICOM file (import). */
  | 'NOT_DICOM'
  /** Another process (or another Archive object) has the archive folder open (archive-lock.ts). */
  | 'IN_USE';

export class ArchiveError extends DicomError {
  declare readonly code: ArchiveErrorCode;
  constructor(code: ArchiveErrorCode, message: string, options?: { cause?: unknown }) {
    super('file', code, message, options);
  }
}

const SPACE_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/** Wraps a file-system or SQLite error into an ArchiveError (disk full recognised). */
export function archiveErrorFrom(err: unknown, what: string): ArchiveError {
  if (err instanceof ArchiveError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const message = err instanceof Error ? err.message : String(err);
  if (SPACE_CODES.has(code)) return new ArchiveError('OUT_OF_SPACE', `${what}: no space left (${code})`, { cause: err });
  return new ArchiveError('WRITE_FAILED', `${what}: ${message}`, { cause: err });
}
