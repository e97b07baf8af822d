/**
 * Test helpers: load a shared test file through the real reader and compare decoded
 * frames with the DCMTK references in test/fixtures/pixel-reference (see
 * make-references.sh there for how they are produced).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDicomFile } from '../../../../core/dicom/read-dicom-file.js';
import type { PixelDataSource } from '../../../../core/dicom/pixel-data-source.js';
import type { Frame } from '../../../../core/dicom/pixel/frame.js';

const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = join(here, '../../../fixtures');

export interface ReferenceFrame {
  readonly sha256: string;
  readonly mean: number[];
  /** [pixel index, sample values...] */
  readonly samples: number[][];
}

export interface Reference {
  readonly file: string;
  readonly referenceFrom: string;
  readonly tool: string;
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsStored: number;
  readonly signed: boolean;
  readonly photometricInterpretation: string;
  readonly bytesPerSample: number;
  readonly frames: ReferenceFrame[];
}

export function loadReference(rel: string): Reference | undefined {
  const path = join(fixtures, 'pixel-reference', `${rel.replace(/\//g, '__')}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Reference) : undefined;
}

export async function loadSource(rel: string): Promise<PixelDataSource | undefined> {
  const ds = await readDicomFile(join(fixtures, 'dicom', rel), { lenient: true });
  return ds.pixelDataInfo();
}

export function frameSha256(frame: Frame): string {
  const d = frame.data;
  return createHash('sha256').update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)).digest('hex');
}

export interface Comparison {
  readonly identical: boolean;
  /** Largest |ours - reference| over the 64 sampled pixels. */
  readonly maxSampleDiff: number;
  /** Largest |mean ours - mean reference| over the samples of a pixel. */
  readonly maxMeanDiff: number;
}

export function compareFrame(frame: Frame, ref: ReferenceFrame, spp: number): Comparison {
  let maxSampleDiff = 0;
  for (const [index, ...values] of ref.samples) {
    for (let s = 0; s < spp; s++) {
      const ours = frame.data[(index as number) * spp + s] as number;
      maxSampleDiff = Math.max(maxSampleDiff, Math.abs(ours - (values[s] as number)));
    }
  }
  const pixels = frame.width * frame.height;
  let maxMeanDiff = 0;
  for (let s = 0; s < spp; s++) {
    let sum = 0;
    for (let i = s; i < frame.data.length; i += spp) sum += frame.data[i] as number;
    maxMeanDiff = Math.max(maxMeanDiff, Math.abs(sum / pixels - (ref.mean[s] as number)));
  }
  return { identical: frameSha256(frame) === ref.sha256, maxSampleDiff, maxMeanDiff };
}
