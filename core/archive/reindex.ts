/**
 * Rebuilds the index from the files (after a crash, a restore from backup, or a hand
 * copy into the archive folder). The files are the truth; files that cannot be read are
 * reported and left where they are.
 */
import { stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { Archive, type ArchiveOptions } from './archive.js';
import type { NewInstance } from './archive-index.js';
import { walkFiles } from './file-walk.js';
import { readInstanceHeader } from './instance-header.js';
import { LOCK_FILE } from './archive-lock.js';
import { INDEX_FILE, TEMP_DIR } from './paths.js';

export interface ReindexReport {
  instances: number;
  studies: number;
  unreadable: Array<{ path: string; reason: string }>;
}

export async function reindexArchive(root: string, options: ArchiveOptions & { onProgress?: (done: number, path: string) => void } = {}): Promise<ReindexReport> {
  const archive = Archive.open(root, options);
  try {
    const records: NewInstance[] = [];
    const unreadable: ReindexReport['unreadable'] = [];
    const skip = (name: string, depth: number): boolean => depth === 0 && (name === TEMP_DIR || name === LOCK_FILE || name.startsWith(INDEX_FILE));
    let done = 0;
    for await (const file of walkFiles(root, skip)) {
      const rel = relative(root, file).split(sep).join('/');
      try {
        const attributes = await readInstanceHeader(file);
        if (!attributes.sopInstanceUid || !attributes.studyInstanceUid || !attributes.seriesInstanceUid) throw new Error('no SOP Instance, Study or Series Instance UID');
        const st = await stat(file);
        records.push({ attributes, path: rel, size: st.size, receivedFrom: attributes.sourceAeTitle || 'reindex', receivedAt: st.mtime });
      } catch (err) {
        unreadable.push({ path: rel, reason: err instanceof Error ? err.message : String(err) });
      }
      options.onProgress?.(++done, rel);
    }
    // One transaction: readers see the old index until the new one is complete.
    archive.index.db.transaction(() => {
      archive.index.clear();
      archive.index.addInstances(records);
    })();
    const counts = archive.index.counts();
    archive.events.emit({ type: 'reindexed', instances: counts.instances });
    return { instances: counts.instances, studies: counts.studies, unreadable };
  } finally {
    await archive.close();
  }
}
