/** Recursive listing of regular files (symbolic links to folders are not followed: no loops). */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function* walkFiles(root: string, skip: (name: string, depth: number) => boolean = () => false, depth = 0): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (skip(e.name, depth)) continue;
    const p = join(root, e.name);
    if (e.isDirectory()) {
      yield* walkFiles(p, skip, depth + 1);
    } else if (e.isFile()) {
      yield p;
    } else if (e.isSymbolicLink()) {
      const st = await lstat(p).catch(() => undefined);
      if (st?.isFile()) yield p;
    }
  }
}
