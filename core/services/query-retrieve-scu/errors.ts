/**
 * Failures of Query/Retrieve that are not a DIMSE status: a query that cannot be sent as
 * asked, a PACS that accepts none of our presentation contexts, invalid PACS node settings.
 * A non-success C-FIND/C-MOVE/C-GET status is a result (see dimse/status.ts), not one of these.
 */
import { DicomError } from '../../network/errors.js';

export type QueryRetrieveErrorCode =
  | 'BAD_QUERY'            // a key value the standard does not allow (date range, level, UID list)
  | 'NOT_SUPPORTED'        // the PACS accepted no context for the information model / storage classes
  | 'BAD_NODE'             // invalid PACS node settings
  | 'SETTINGS_UNREADABLE'; // the settings file exists but cannot be read

export class QueryRetrieveError extends DicomError {
  constructor(code: QueryRetrieveErrorCode, message: string, options?: { cause?: unknown }) {
    super('dimse', code, message, options);
  }
}
