/**
 * A received instance's early parse reads only the indexed attributes (INDEXED_TAGS): over
 * every fixture file (every transfer syntax, Japanese and other character sets, malformed
 * files), it must find what a parse of every element finds.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AFTER_INDEXED_TAGS, attributesOf, INDEXED_TAGS, indexedAttributesIfComplete } from '../../../core/archive/instance-header.js';
import { parseDicomFile } from '../../../core/dicom/read-dicom-file.js';
import { FIXTURES, fixtureBytes } from '../dicom/fixture-files.js';

function dicomFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return dicomFiles(p);
    return e.name.endsWith('.dcm') || e.name.endsWith('.DCM') || !e.name.includes('.') ? [relative(FIXTURES, p)] : [];
  });
}

/** What a parse up to AFTER_INDEXED_TAGS gives, reading everything or only INDEXED_TAGS. */
function parsed(bytes: Uint8Array, keep: boolean): unknown {
  try {
    const file = parseDicomFile(bytes, { stopAtTag: AFTER_INDEXED_TAGS, lenient: true, ...(keep ? { keepTags: INDEXED_TAGS } : {}) });
    return { stopped: file.stoppedAtTag, truncated: file.truncated, attributes: attributesOf(file) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

describe('index attributes from the indexed elements alone', () => {
  const files = dicomFiles(FIXTURES).filter((f) => !f.startsWith('LICENSES'));

  it('finds the fixture files', () => {
    expect(files.length).toBeGreaterThan(60);
  });

  it.each(files)('%s: the same attributes, stop and truncation as a parse of every element', (rel) => {
    const bytes = fixtureBytes(rel);
    expect(parsed(bytes, true)).toEqual(parsed(bytes, false));
  });

  it('a prefix that ends inside the indexed elements gives nothing rather than a partial answer', () => {
    const bytes = fixtureBytes('ts/CT1_UNC.implicit_little_endian.dcm');
    expect(indexedAttributesIfComplete(bytes.subarray(0, 16 * 1024))?.sopInstanceUid).toMatch(/^[0-9.]+$/u);
    expect(indexedAttributesIfComplete(bytes.subarray(0, 700))).toBeUndefined();
  });
});
