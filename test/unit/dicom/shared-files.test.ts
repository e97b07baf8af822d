/**
 * One test per shared DICOM file: it parses and shows the attributes dcmdump shows
 * (expected-files.ts, from the shared README), or fails with a typed error naming the
 * file and offset. Pixel decoding is tested in test/unit/dicom/pixel/.
 */
import { describe, expect, it } from 'vitest';
import { DicomParseError, MissingAttributeError } from '../../../core/dicom/errors.js';
import { parseDicomFile } from '../../../core/dicom/read-dicom-file.js';
import { EXPECTED_FILES, type ExpectedFile } from './expected-files.js';
import { fixtureBytes } from './fixture-files.js';

/** Files whose Pixel Data cannot be described: typed error expected from pixelDataInfo(). */
const PIXEL_INFO_ERRORS = new Set(['edge/meta_missing_tsyntax.dcm', 'edge/nested_priv_SQ.dcm']);

function check(exp: ExpectedFile): void {
  const bytes = fixtureBytes(exp.file);
  expect(bytes.length).toBe(exp.bytes);
  const ds = parseDicomFile(bytes, { fileName: exp.file });
  expect(ds.truncated).toBe(false);
  if (exp.transferSyntaxUid !== undefined) {
    expect(ds.part10.transferSyntaxSource).toBe('meta');
    expect(ds.transferSyntaxUid).toBe(exp.transferSyntaxUid);
  } else {
    expect(ds.part10.transferSyntaxSource).toBe('sniffed');
    expect(ds.warnings.some((w) => w.includes('guessed'))).toBe(true);
  }
  // The table shows (0008,0016), or (0002,0002) when the data set has none.
  expect(ds.string('SOPClassUID') ?? ds.meta.string('MediaStorageSOPClassUID')).toBe(exp.sopClassUid);
  if (exp.charset === undefined) expect(ds.has('SpecificCharacterSet')).toBe(false);
  else expect(ds.strings('SpecificCharacterSet').join('\\')).toBe(exp.charset.trim());
  if (PIXEL_INFO_ERRORS.has(exp.file)) {
    expect(() => ds.pixelDataInfo()).toThrow(MissingAttributeError);
    return;
  }
  const px = ds.pixelDataInfo();
  if (!exp.image) {
    expect(px).toBeUndefined();
    return;
  }
  expect(px).toBeDefined();
  if (!px) return;
  expect({
    rows: px.rows, columns: px.columns, bitsAllocated: px.bitsAllocated, bitsStored: px.bitsStored,
    pixelRepresentation: px.pixelRepresentation, photometric: px.photometricInterpretation,
  }).toEqual({
    rows: exp.image.rows, columns: exp.image.columns, bitsAllocated: exp.image.bitsAllocated, bitsStored: exp.image.bitsStored,
    pixelRepresentation: exp.image.pixelRepresentation, photometric: exp.image.photometric,
  });
  if (typeof exp.image.frames === 'number') {
    expect(px.numberOfFrames).toBe(exp.image.frames);
  } else {
    // badVR.dcm: Number of Frames '1A' is not an IS: warning and 1, no crash.
    expect(px.numberOfFrames).toBe(1);
    expect(px.warnings.join(' ')).toContain(exp.image.frames);
  }
  if (px.native) {
    // YBR_FULL_422 native data carry two luminance and one pair of chrominance samples per 2 pixels (PS3.3 C.7.6.3.1.2).
    const subsampling = px.photometricInterpretation === 'YBR_FULL_422' ? 2 / 3 : 1;
    const frameBytes = px.rows * px.columns * px.samplesPerPixel * (px.bitsAllocated / 8) * subsampling;
    expect(px.native.length).toBeGreaterThanOrEqual(frameBytes * px.numberOfFrames);
  } else {
    expect(px.encapsulated).toBeDefined();
    expect(px.encapsulated?.fragments.length).toBeGreaterThanOrEqual(1);
    const bot = px.encapsulated?.basicOffsetTable ?? [];
    // A Basic Offset Table is empty or has one entry per frame (PS3.5 A.4).
    expect(bot.length === 0 || bot.length === px.numberOfFrames).toBe(true);
  }
}

describe('shared DICOM test files', () => {
  it('covers all 64 files', () => {
    expect(EXPECTED_FILES).toHaveLength(64);
  });

  for (const exp of EXPECTED_FILES) {
    if (exp.file === 'edge/MR_truncated.dcm') {
      it(`${exp.file}: strict read fails with a typed error at the Pixel Data offset; lenient read keeps what was read`, () => {
        const bytes = fixtureBytes(exp.file);
        let error: unknown;
        try {
          parseDicomFile(bytes, { fileName: exp.file });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DicomParseError);
        const pe = error as DicomParseError;
        expect(pe.parseCode).toBe('TRUNCATED');
        expect(pe.fileName).toBe(exp.file);
        expect(pe.offset).toBe(1488); // the (7FE0,0010) header, as dcmdump +Ep shows
        expect(pe.message).toContain('(7FE0,0010)');
        const ds = parseDicomFile(bytes, { fileName: exp.file, lenient: true });
        expect(ds.truncated).toBe(true);
        // The table shows (0008,0016), or (0002,0002) when the data set has none.
  expect(ds.string('SOPClassUID') ?? ds.meta.string('MediaStorageSOPClassUID')).toBe(exp.sopClassUid);
        expect(ds.pixelDataInfo()?.native?.length).toBe(8130);
        expect(ds.warnings.join(' ')).toContain('Truncated');
      });
      continue;
    }
    it(`${exp.file}`, () => check(exp));
  }
});
