/**
 * DICOMDIR (PS3.10 section 8, PS3.3 F.3): the files a CD/DVD's Directory Record Sequence
 * (0004,1220) references with Referenced File ID (0004,1500), whose values are the path
 * components relative to the DICOMDIR's folder. CD file systems (ISO 9660) are mounted
 * upper- or lower-case depending on the OS, so components are matched case-insensitively.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readDicomFile } from '../dicom/read-dicom-file.js';

export const MEDIA_STORAGE_DIRECTORY_SOP_CLASS = '1.2.840.10008.1.3.10';

export interface DicomdirFiles {
  /** Referenced files found on disk. */
  files: string[];
  /** Referenced File IDs that do not exist. */
  missing: string[];
}

export async function filesOfDicomdir(path: string): Promise<DicomdirFiles> {
  const ds = await readDicomFile(path);
  const base = dirname(path);
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const record of ds.sequence('DirectoryRecordSequence')) {
    const parts = record.strings('ReferencedFileID').map((s) => s.trim()).filter((s) => s.length > 0);
    if (parts.length === 0) continue;
    // A hostile DICOMDIR must not reach outside its medium.
    if (parts.some((p) => p === '..' || p === '.' || p.includes('/') || p.includes('\\') || p.includes('\0'))) {
      missing.push(parts.join('\\'));
      continue;
    }
    const found = resolveCaseInsensitive(base, parts);
    if (!found) { missing.push(parts.join('\\')); continue; }
    if (!seen.has(found)) { seen.add(found); files.push(found); }
  }
  return { files, missing };
}

function resolveCaseInsensitive(base: string, parts: string[]): string | undefined {
  let current = base;
  for (const part of parts) {
    const exact = join(current, part);
    if (existsSync(exact)) { current = exact; continue; }
    let names: string[];
    try { names = readdirSync(current); } catch { return undefined; }
    const match = names.find((n) => n.toUpperCase() === part.toUpperCase());
    if (!match) return undefined;
    current = join(current, match);
  }
  return current;
}
