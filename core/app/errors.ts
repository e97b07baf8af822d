/**
 * Errors of the Workstation API: a stable code the front ends switch on (ApiErrorCode in
 * the contract) plus a plain-language message. Errors of the layers below (DicomError
 * family) are mapped to these at the facade boundary (toApiErrorBody).
 */
import { DicomError } from '../network/errors.js';
import type { ApiErrorBody, ApiErrorCode } from './contract-types.js';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: string[];
  constructor(code: ApiErrorCode, message: string, details: string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
}

const NOT_FOUND_CODES = new Set(['UNKNOWN_JOB', 'UNKNOWN_PROFILE', 'NOT_FOUND', 'ENOENT']);

/** Any thrown value -> the body sent to the front end. Never leaks a stack trace. */
export function toApiErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiError) return { code: err.code, message: err.message, ...(err.details.length ? { details: err.details } : {}) };
  if (err instanceof DicomError) {
    const details = (err as DicomError & { problems?: unknown }).problems;
    return {
      code: NOT_FOUND_CODES.has(err.code) ? 'NOT_FOUND' : err.code === 'BAD_STATE' ? 'CONFLICT' : 'FAILED',
      message: err.message,
      ...(Array.isArray(details) && details.length ? { details: details.map(String) } : {}),
    };
  }
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { code: 'NOT_FOUND', message: err.message };
    return { code: 'FAILED', message: err.message };
  }
  return { code: 'INTERNAL', message: String(err) };
}
