/** Paths of the DICOM fixtures copied from the shared test set (see test/fixtures/dicom/README.md). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'dicom');

export function fixturePath(rel: string): string {
  return join(FIXTURES, rel);
}

export function fixtureBytes(rel: string): Uint8Array {
  const b = readFileSync(fixturePath(rel));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
