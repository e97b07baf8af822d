/**
 * What a transfer left in an archive's temporary folder: files there that hold data.
 * Spares (empty files opened ahead, core/archive/temp-file-pool.ts) do not count; a
 * transfer in progress writes into one, so it counts from its first byte.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function partialFiles(tmpDir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(tmpDir, { withFileTypes: true })) {
    const p = join(tmpDir, e.name);
    if (e.isDirectory()) out.push(...partialFiles(p));
    else {
      try { if (statSync(p).size > 0) out.push(p); } catch { /* removed meanwhile */ }
    }
  }
  return out;
}
