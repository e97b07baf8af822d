/** The local archive: files + SQLite index, import, reindex, events. */
export { Archive, type ArchiveOptions, type DuplicatePolicy, type StoreOutcome, type StoreResult, type AnnouncedInstance } from './archive.js';
export { ArchiveIndex, type StudyRow, type SeriesRow, type InstanceRow } from './archive-index.js';
export { ArchiveEvents, type ArchiveEvent, type ArchiveListener } from './archive-events.js';
export { ArchiveError, type ArchiveErrorCode } from './errors.js';
export { importPaths, type ImportReport, type ImportProgress } from './import-files.js';
export { reindexArchive, type ReindexReport } from './reindex.js';
export { readInstanceHeader, type InstanceAttributes } from './instance-header.js';
export { uidPathComponent, instanceRelativePath } from './paths.js';
