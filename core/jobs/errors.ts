/** Errors of the print queue (bad input, unknown job). Print failures are job states, not errors. */
export type JobErrorCode = 'BAD_JOB_ID' | 'BAD_JOB_FILE' | 'UNKNOWN_JOB' | 'BAD_STATE' | 'CANCELLED';

export class JobError extends Error {
  readonly code: JobErrorCode;
  constructor(code: JobErrorCode, message: string) {
    super(message);
    this.name = 'JobError';
    this.code = code;
  }
}
