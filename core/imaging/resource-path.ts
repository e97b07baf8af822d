/**
 * Files shipped in resources/ (the annotation font, the enlargement kernel), found from
 * this module's place: core/imaging/ in a source checkout, dist/core/imaging/ once built.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function resourcePath(...segments: string[]): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, here.includes(join('dist', 'core')) ? '../../../resources' : '../../resources', ...segments);
}
