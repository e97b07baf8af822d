/**
 * One test per shared test file (test/fixtures/dicom, copied from ../shared/testdata):
 * every file with Pixel Data either decodes, checked against an independent reference,
 * or fails with a typed error that names what is wrong or unsupported.
 *
 * References: DCMTK output (test/fixtures/pixel-reference/*.json, made by
 * make-references.sh) -- identical sha256 for lossless paths, a tolerance for lossy ones
 * and colour conversions -- or values the files' authors publish (pydicom's
 * tests/pixels/pixels_reference.py, checked there against GDCM / pylibjpeg).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame, frameCount } from '../../../../core/dicom/pixel/index.js';
import { PixelDataTooShortError, PixelDecodeError } from '../../../../core/dicom/pixel/errors.js';
import { DicomError } from '../../../../core/network/errors.js';
import type { Frame } from '../../../../core/dicom/pixel/frame.js';
import { compareFrame, fixtures, loadReference, loadSource } from './reference.js';

/** Per-file tolerance against DCMTK where bit-exactness is not expected. */
const TOLERANCE: Record<string, { maxSampleDiff: number; maxMeanDiff: number; why: string }> = {
  // DCMTK's YBR_FULL_422 -> RGB truncates where we round (PS3.3 C.7.6.3.1.2 gives no rounding rule).
  'color/SC_ybr_full_422_uncompressed.dcm': { maxSampleDiff: 1, maxMeanDiff: 1, why: 'YBR rounding' },
  // Lossy JPEG 2000 compared with the uncompressed original it was made from (no DCMTK J2K decoder).
  'ts/US1_J2KI.dcm': { maxSampleDiff: 40, maxMeanDiff: 0.5, why: 'lossy J2K vs original' },
};

/** Files whose Pixel Data must fail, and how. */
const EXPECTED_ERRORS: Record<string, { type: new (...args: never[]) => Error; message: RegExp; someFrames?: { minDecoded: number } }> = {
  // pydicom's deliberately broken file: FFFE,E0DD bytes overwrite SIZ Rsiz/Xsiz of the codestream.
  'edge/JPEG2000-embedded-sequence-delimiter.dcm': { type: PixelDecodeError, message: /codestream is 3722445056x1024x1, data set says 256x1024x1/ },
  // Truncated on purpose: 8130 of 8192 bytes.
  'edge/MR_truncated.dcm': { type: PixelDataTooShortError, message: /8130 bytes, expected at least 8192/ },
  // Some frames of this cine are damaged JPEGs whose SOF disagrees with Rows/Columns
  // (55x240, 240x121...): they are refused with a typed error (DCMTK decodes them into
  // mis-sized images); the other 117 of 140 frames must match DCMTK exactly.
  'multiframe/multiframe.dcm': {
    type: PixelDecodeError, message: /stream is \d+x\d+, data set says 240x240/, someFrames: { minDecoded: 117 },
  },
};

/** Values published by the files' authors: [row, column, ...expected samples]. */
const PUBLISHED: Record<string, Array<[number, number, ...number[]]>> = {
  // pydicom J2KI_16_15_1_0_1F_M1 "Values checked against GDCM": arr[175:184, 28]
  'modality/RG1_J2KI.dcm': [24291, 24345, 24401, 24455, 24508, 24559, 24604, 24647, 24687].map((v, i) => [175 + i, 28, v]),
  // pydicom HTJI_08_08_1_1_1F_RGB: arr[160, 295:305] and arr[275:285, 635]
  'ts/HTJ2K_08_RGB.dcm': [
    ...[[91, 37, 2], [94, 40, 1], [97, 42, 5], [174, 123, 59], [172, 132, 69], [169, 134, 74], [168, 136, 77], [168, 137, 80], [168, 136, 80], [169, 136, 78]]
      .map((rgb, i) => [160, 295 + i, ...rgb] as [number, number, ...number[]]),
    ...[[207, 193, 171], [238, 229, 215], [235, 228, 216], [233, 226, 213], [238, 231, 218], [239, 232, 219], [225, 218, 206], [240, 234, 223], [247, 240, 232], [242, 236, 227]]
      .map((rgb, i) => [275 + i, 635, ...rgb] as [number, number, ...number[]]),
  ],
  // pydicom JPGB_08_08_3_0_1F_RGB_NO_APP14: arr[29, 77:81] (RGB, no colour transform)
  'color/SC_jpeg_no_color_transform.dcm': [[240, 243, 246], [214, 210, 213], [150, 134, 134], [244, 244, 244]]
    .map((rgb, i) => [29, 77 + i, ...rgb] as [number, number, ...number[]]),
  // pydicom JPGS_16_16_1_1_1F_M2: arr[400, 124:132], arr[600, 124:132]
  'ts/JPEG-LL.dcm': [
    ...[60, 58, 61, 68, 59, 65, 64, 67].map((v, i) => [400, 124 + i, v] as [number, number, number]),
    ...[3, 1, 2, 0, 2, 1, 2, 0].map((v, i) => [600, 124 + i, v] as [number, number, number]),
  ],
  // pydicom JPGE_16_12_1_0_1F_M2 (JPEG Extended 12-bit): arr[420, 140], arr[230, 120]
  'ts/JPGExtended.dcm': [[420, 140, 244], [230, 120, 95]],
  // pydicom JLSN_16_16_1_0_1F
  'ts/JPEGLSNearLossless_16.dcm': [[0, 0, 65535], [5, 0, 32765], [10, 0, 16385], [15, 0, 4095], [20, 0, 1025], [25, 0, 255], [30, 0, 65], [35, 0, 15], [40, 0, 5]],
};

/** Files with no top-level Pixel Data (SR, charset-only, header-only edge cases, icon-only). */
const NO_PIXEL_DATA = new Set([
  'charset/chrSQEncoding.dcm', 'edge/ExplVR_LitEndNoMeta.dcm', 'edge/UN_sequence.dcm', 'edge/empty_charset_LEI.dcm',
  'edge/no_meta_group_length.dcm', 'edge/priv_SQ.dcm', 'modality/test-SR.dcm',
]);

function sharedFiles(): string[] {
  const root = join(fixtures, 'dicom');
  const out: string[] = [];
  for (const dir of ['charset', 'color', 'edge', 'lut-overlay', 'modality', 'multiframe', 'ts']) {
    for (const name of readdirSync(join(root, dir)).sort()) if (name.endsWith('.dcm')) out.push(`${dir}/${name}`);
  }
  return out;
}

function pixelAt(frame: Frame, row: number, column: number): number[] {
  const i = (row * frame.width + column) * frame.samplesPerPixel;
  return Array.from(frame.data.subarray(i, i + frame.samplesPerPixel));
}

describe('every shared test file: pixels decode against a reference or fail with a typed error', () => {
  const files = sharedFiles();
  it('finds the 64 shared files', () => {
    expect(files.length).toBe(64);
  });

  for (const rel of files) {
    it(rel, async () => {
      let source;
      try {
        source = await loadSource(rel);
      } catch (e) {
        // Malformed headers (meta_missing_tsyntax, nested_priv_SQ): the reader's typed error.
        expect(e).toBeInstanceOf(DicomError);
        return;
      }
      if (source === undefined) {
        expect(NO_PIXEL_DATA.has(rel), `${rel} has no Pixel Data`).toBe(true);
        return;
      }
      const expectedError = EXPECTED_ERRORS[rel];
      const reference = loadReference(rel);
      const published = PUBLISHED[rel];
      const tolerance = TOLERANCE[rel];
      const frames = frameCount(source);
      if (expectedError && expectedError.someFrames === undefined) {
        const error = await decodeFrame(source, 0).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(expectedError.type);
        expect((error as Error).message).toMatch(expectedError.message);
        return;
      }
      expect(reference ?? published, `${rel} needs a reference`).toBeDefined();
      if (reference) expect(reference.frames.length).toBe(frames);
      let decoded = 0;
      for (let f = 0; f < frames; f++) {
        const result: Frame | Error = await decodeFrame(source, f).then((frame) => frame, (e: unknown) => e as Error);
        if (result instanceof Error) {
          // Only files that list damaged frames may fail here, and only with their message.
          expect(expectedError?.someFrames, `${rel} frame ${f}: ${String(result)}`).toBeDefined();
          expect(result).toBeInstanceOf(expectedError!.type);
          expect((result as Error).message).toMatch(expectedError!.message);
          continue;
        }
        decoded++;
        const frame = result;
        if (reference) {
          expect(frame.width).toBe(reference.columns);
          expect(frame.height).toBe(reference.rows);
          expect(frame.samplesPerPixel).toBe(reference.samplesPerPixel);
          expect(frame.photometricInterpretation).toBe(reference.photometricInterpretation === 'RGB' ? 'RGB' : reference.photometricInterpretation);
          expect(frame.signed).toBe(reference.signed);
          expect(frame.data.BYTES_PER_ELEMENT).toBe(reference.bytesPerSample);
          const c = compareFrame(frame, reference.frames[f]!, reference.samplesPerPixel);
          if (tolerance) {
            expect(c.maxSampleDiff, `frame ${f}: ${tolerance.why}`).toBeLessThanOrEqual(tolerance.maxSampleDiff);
            expect(c.maxMeanDiff, `frame ${f}: ${tolerance.why}`).toBeLessThanOrEqual(tolerance.maxMeanDiff);
          } else {
            expect(c.identical, `frame ${f} differs from ${reference.tool} (max sample diff ${c.maxSampleDiff})`).toBe(true);
          }
        }
        if (published && f === 0) {
          for (const [row, column, ...values] of published) expect(pixelAt(frame, row, column), `(${row}, ${column})`).toEqual(values);
        }
      }
      expect(decoded).toBeGreaterThanOrEqual(expectedError?.someFrames?.minDecoded ?? frames);
    });
  }
});
