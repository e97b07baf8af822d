/**
 * Archive file layout: `<root>/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm`,
 * browsable by a person (study, then series), with every path component derived from a
 * UID that came from the network or from a file, i.e. hostile input.
 *
 * A valid UID (PS3.5 section 9.1: digits and dots, at most 64 characters) is used as is.
 * Anything else (slashes, '..', NUL, spaces, an over-long value) is replaced by a stable
 * hash-based name, so that no UID can escape the archive root or collide with our own
 * folders ('.tmp', the index files).
 */
import { createHash } from 'node:crypto';
import { join, relative, resolve, sep } from 'node:path';

/** Folder for files being received or imported: same file system as the archive, so rename is atomic. */
export const TEMP_DIR = '.tmp';
export const INDEX_FILE = 'index.sqlite';

const UID_PATTERN = /^[0-9]+(\.[0-9]+)*$/;

/** A UID as a safe single path component. */
export function uidPathComponent(uid: string | undefined): string {
  const v = (uid ?? '').replace(/[\0 ]+$/u, '').trim();
  if (v.length > 0 && v.length <= 64 && UID_PATTERN.test(v)) return v;
  // Not a UID: a name that cannot be '.', '..', contain a separator, or start with '.'.
  const digest = createHash('sha256').update(uid ?? '', 'utf8').digest('hex').slice(0, 32);
  return `x${digest}`;
}

/** Path of an instance relative to the archive root (always with '/' separators). */
export function instanceRelativePath(studyUid: string, seriesUid: string, sopInstanceUid: string): string {
  return [uidPathComponent(studyUid), uidPathComponent(seriesUid), `${uidPathComponent(sopInstanceUid)}.dcm`].join('/');
}

/** Absolute path of a relative archive path, refusing anything outside the root (defence in depth). */
export function resolveInArchive(root: string, relPath: string): string {
  const abs = resolve(root, ...relPath.split('/'));
  const rel = relative(resolve(root), abs);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..') || resolve(root, rel) !== abs) {
    throw new Error(`path '${relPath}' is outside the archive`);
  }
  return abs;
}

export function studyDir(root: string, studyUid: string): string {
  return join(root, uidPathComponent(studyUid));
}

export function seriesDir(root: string, studyUid: string, seriesUid: string): string {
  return join(root, uidPathComponent(studyUid), uidPathComponent(seriesUid));
}
