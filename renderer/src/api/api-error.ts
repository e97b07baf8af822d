import type { ApiErrorBody, ApiErrorCode } from './types.js';

/** A failed API call: the facade's code and plain-language message (details: validation problems). */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: string[];

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.details = body.details ?? [];
  }
}
