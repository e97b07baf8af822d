/** core/jobs: the persistent print queue and job history. */
export { PrintQueue, type PrintQueueOptions, type SubmitInput, type FilmPreparer, type PreparedFilm, type PrintFunction, type RetryPolicy } from './print-queue.js';
export { JobStore } from './job-store.js';
export { JobError, type JobErrorCode } from './errors.js';
export { planFilm, filmContentFor, filePreparer, type PlannedFilm, type ContentOptions } from './render-film-content.js';
export * from './job-types.js';
