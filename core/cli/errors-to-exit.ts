import { ExitCode } from './io.js';
import { DicomError } from '../network/errors.js';

/** One line a person can act on, and the exit code that goes with it. */
export function describeFailure(err: unknown): { code: number; text: string } {
  if (err instanceof DicomError) {
    switch (err.code) {
      case 'CONNECT_REFUSED':
      case 'HOST_UNREACHABLE':
        return { code: ExitCode.Unreachable, text: err.message };
      case 'CONNECT_TIMEOUT':
      case 'ARTIM_TIMEOUT':
      case 'DIMSE_TIMEOUT':
        return { code: ExitCode.Timeout, text: err.message };
      case 'ASSOCIATION_REJECTED':
        return { code: ExitCode.Rejected, text: err.message };
      case 'ASSOCIATION_ABORTED':
      case 'CONNECTION_RESET':
      case 'CONNECTION_CLOSED':
        return { code: ExitCode.Aborted, text: err.message };
      default:
        return { code: ExitCode.Failure, text: err.message };
    }
  }
  return { code: ExitCode.Failure, text: err instanceof Error ? err.message : String(err) };
}
