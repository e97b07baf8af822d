/**
 * Damaged compressed frames end in typed errors, never a crash or a hang: truncated
 * streams, garbage, and streams whose size disagrees with the data set (which also
 * bounds what a codec would allocate).
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../../core/dicom/pixel/index.js';
import { PixelDecodeError } from '../../../../core/dicom/pixel/errors.js';
import type { PixelDataSource } from '../../../../core/dicom/pixel-data-source.js';
import { loadSource } from './reference.js';
import { encapsulated } from './synthetic-source.js';

async function withFrame(rel: string, edit: (frame: Uint8Array) => Uint8Array): Promise<PixelDataSource> {
  const source = (await loadSource(rel))!;
  const frame = source.encapsulated!.fragments.length === 1 ? source.encapsulated!.fragments[0]! : Uint8Array.from(source.encapsulated!.fragments.flatMap((f) => Array.from(f)));
  return { ...source, numberOfFrames: 1, encapsulated: encapsulated([edit(frame.slice())]) };
}

const FILES = [
  'ts/SC_rgb_jpeg_dcmtk.dcm', // JPEG baseline, libjpeg-turbo
  'ts/JPGExtended.dcm', // JPEG Extended 12-bit, DCMTK IJG 12-bit (dcmjs-codecs)
  'ts/JPEG-LL.dcm', // JPEG lossless SV1, DCMTK IJG 16-bit (dcmjs-codecs)
  'ts/MR_small_jpeg_ls_lossless.dcm', // JPEG-LS, CharLS
  'ts/MR_small_jp2klossless.dcm', // JPEG 2000, OpenJPEG
  'ts/HTJ2K_08_RGB.dcm', // HTJ2K, OpenJPH
  'ts/MR_small_RLE.dcm', // RLE
];

describe('malformed compressed frames', () => {
  for (const rel of FILES) {
    it(`${rel}: header cut short -> PixelDecodeError`, async () => {
      const source = await withFrame(rel, (f) => f.subarray(0, 20));
      await expect(decodeFrame(source, 0)).rejects.toBeInstanceOf(PixelDecodeError);
    });

    it(`${rel}: garbage -> PixelDecodeError`, async () => {
      const source = await withFrame(rel, (f) => f.map((_, i) => (i * 7919) & 0xff));
      await expect(decodeFrame(source, 0)).rejects.toBeInstanceOf(PixelDecodeError);
    });

    it(`${rel}: data set size disagrees with the stream -> PixelDecodeError`, async () => {
      const source = await withFrame(rel, (f) => f);
      await expect(decodeFrame({ ...source, rows: source.rows + 1 }, 0)).rejects.toBeInstanceOf(PixelDecodeError);
    });
  }

  it('a JPEG truncated in its entropy-coded data still ends (decodes or throws typed)', async () => {
    const source = await withFrame('ts/SC_rgb_jpeg_dcmtk.dcm', (f) => f.subarray(0, Math.floor(f.length / 2)));
    const result = await decodeFrame(source, 0).catch((e: unknown) => e);
    if (result instanceof Error) expect(result).toBeInstanceOf(PixelDecodeError);
  });
});
