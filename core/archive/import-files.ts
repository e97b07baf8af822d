/**
 * Import of files, folders (recursive) and DICOMDIRs (CD/DVD) into the archive. Files are
 * copied; the originals are never modified. Non-DICOM files are skipped and reported,
 * never a reason to stop.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Archive, StoreOutcome } from './archive.js';
import { filesOfDicomdir } from './dicomdir.js';
import { ArchiveError } from './errors.js';
import { walkFiles } from './file-walk.js';

export interface ImportProgress {
  done: number;
  /** Known once the inputs have been listed. */
  total: number;
  path: string;
  outcome: StoreOutcome | 'skipped' | 'failed';
  reason?: string;
}

export interface ImportReport {
  total: number;
  imported: number;
  duplicates: number;
  /** Not DICOM (or a DICOMDIR itself): skipped. */
  skipped: Array<{ path: string; reason: string }>;
  /** DICOM but could not be stored (disk full, unreadable UIDs...). */
  failed: Array<{ path: string; reason: string }>;
  /** Files a DICOMDIR references that are not on the medium. */
  missing: string[];
  studies: string[];
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
}

function isDicomdirName(path: string): boolean {
  return basename(path).toUpperCase() === 'DICOMDIR';
}

/** Lists what to import: DICOMDIRs expand to the files they reference, folders to their files. */
async function listInputs(paths: string[], missing: string[], skipped: Array<{ path: string; reason: string }>): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string): void => { if (!seen.has(p)) { seen.add(p); out.push(p); } };
  for (const p of paths) {
    const st = await stat(p).catch(() => undefined);
    if (!st) { skipped.push({ path: p, reason: 'no such file or folder' }); continue; }
    if (st.isDirectory()) {
      for await (const f of walkFiles(p)) {
        if (isDicomdirName(f)) { skipped.push({ path: f, reason: 'DICOMDIR (the files it lists are imported from the folder)' }); continue; }
        add(f);
      }
    } else if (isDicomdirName(p)) {
      try {
        const r = await filesOfDicomdir(p);
        missing.push(...r.missing);
        r.files.forEach(add);
      } catch (err) {
        skipped.push({ path: p, reason: `unreadable DICOMDIR: ${err instanceof Error ? err.message : String(err)}` });
      }
    } else {
      add(p);
    }
  }
  return out;
}

export async function importPaths(archive: Archive, paths: string[], options: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { total: 0, imported: 0, duplicates: 0, skipped: [], failed: [], missing: [], studies: [] };
  const files = await listInputs(paths, report.missing, report.skipped);
  report.total = files.length;
  const studies = new Set<string>();
  let done = 0;
  for (const path of files) {
    let progress: ImportProgress;
    try {
      const r = await archive.importFile(path);
      if (r.outcome === 'duplicate-kept') report.duplicates += 1; else report.imported += 1;
      studies.add(r.attributes.studyInstanceUid);
      progress = { done: ++done, total: files.length, path, outcome: r.outcome };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const notDicom = err instanceof ArchiveError && err.code === 'NOT_DICOM';
      (notDicom ? report.skipped : report.failed).push({ path, reason });
      progress = { done: ++done, total: files.length, path, outcome: notDicom ? 'skipped' : 'failed', reason };
      // A full disk will fail every following file too: stop early and say so.
      if (err instanceof ArchiveError && err.code === 'OUT_OF_SPACE') {
        options.onProgress?.(progress);
        break;
      }
    }
    options.onProgress?.(progress);
  }
  report.studies = [...studies];
  return report;
}
