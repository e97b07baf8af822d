/**
 * Checks the stored files against what was stored: every indexed file must be there, at the
 * size the index recorded, and, when it carries a completion mark (completion-mark.ts), with
 * the CRC-32 it had when it was answered. A file changed since (a failing disk, a hand edit,
 * a tool that rewrote it in place) is reported, never served silently as what was received.
 * Files stored without a mark (imported, received with durability none, or on a file system
 * without extended attributes) can only be checked for presence and size.
 *
 * Reads through a read-only index, one row at a time: it can run while the archive is
 * served (an instance deleted or replaced meanwhile may then show as missing or altered).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ArchiveIndex } from './archive-index.js';
import { fileMatchesMark, readMark } from './completion-mark.js';
import { INDEX_FILE, resolveInArchive } from './paths.js';

export interface VerifyProblem {
  path: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  reason: string;
}

export interface VerifyReport {
  instances: number;
  /** Present, and matching their completion mark. */
  verified: number;
  /** Present at the indexed size, without a mark to check their bytes against. */
  unmarked: number;
  altered: VerifyProblem[];
  missing: VerifyProblem[];
}

interface Row { sopInstanceUid: string; studyInstanceUid: string; path: string; size: number }

/** Files checked between two turns of the event loop. */
const FILES_PER_TURN = 16;

export async function verifyArchive(root: string, options: { onProgress?: (done: number, path: string) => void } = {}): Promise<VerifyReport> {
  const index = new ArchiveIndex(join(root, INDEX_FILE), { readonly: true });
  const report: VerifyReport = { instances: 0, verified: 0, unmarked: 0, altered: [], missing: [] };
  try {
    const rows = index.db.prepare(`SELECT sop_instance_uid AS sopInstanceUid, study_uid AS studyInstanceUid, path, size
      FROM instances ORDER BY path`).iterate() as IterableIterator<Row>;
    for (const row of rows) {
      const problem = (reason: string): VerifyProblem => ({ path: row.path, sopInstanceUid: row.sopInstanceUid, studyInstanceUid: row.studyInstanceUid, reason });
      const outcome = checkFile(root, row);
      if (outcome === 'verified') report.verified++;
      else if (outcome === 'unmarked') report.unmarked++;
      else if (outcome.missing) report.missing.push(problem(outcome.reason));
      else report.altered.push(problem(outcome.reason));
      report.instances++;
      options.onProgress?.(report.instances, row.path);
      if (report.instances % FILES_PER_TURN === 0) await new Promise((r) => setImmediate(r));
    }
  } finally {
    index.close();
  }
  return report;
}

function checkFile(root: string, row: Row): 'verified' | 'unmarked' | { missing: boolean; reason: string } {
  let fd: number;
  try {
    fd = openSync(resolveInArchive(root, row.path), 'r');
  } catch (err) {
    return { missing: true, reason: err instanceof Error ? err.message : String(err) };
  }
  try {
    const size = fstatSync(fd).size;
    if (size !== row.size) return { missing: false, reason: `${size} bytes, ${row.size} when stored` };
    const mark = readMark(fd);
    if (!mark) return 'unmarked';
    if (mark.size !== size) return { missing: false, reason: `${size} bytes, ${mark.size} when answered` };
    return fileMatchesMark(fd, mark) ? 'verified' : { missing: false, reason: 'its bytes differ from those answered (CRC-32)' };
  } finally {
    closeSync(fd);
  }
}
