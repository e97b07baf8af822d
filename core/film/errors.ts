/** Errors of the film model (core/film): bad documents, formats and profiles. */
import { DicomError } from '../network/errors.js';

export type FilmErrorCode = 'BAD_DISPLAY_FORMAT' | 'BAD_FILM_SIZE' | 'BAD_DOCUMENT' | 'BAD_PROFILE' | 'UNKNOWN_PROFILE' | 'BAD_LAYOUT';

export class FilmError extends DicomError {
  readonly filmCode: FilmErrorCode;
  /** For validation failures: every problem found, as "path: message". */
  readonly problems: readonly string[];
  constructor(code: FilmErrorCode, message: string, problems: readonly string[] = []) {
    super('film', `FILM_${code}`, problems.length ? `${message}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}` : message);
    this.filmCode = code;
    this.problems = problems;
  }
}
