/** The DicomDataset read API: tag spellings, typed values, sequences, pixel data description. */
import { describe, expect, it } from 'vitest';
import { parseDicomFile, readDicomFile } from '../../../core/dicom/read-dicom-file.js';
import { fixtureBytes, fixturePath } from './fixture-files.js';

describe('DicomDataset', () => {
  it('reads a file by path and accepts numbers, (gggg,eeee), gggg,eeee, ggggeeee and keywords', async () => {
    const ds = await readDicomFile(fixturePath('modality/CT_small.dcm'));
    expect(ds.fileName).toBe('CT_small.dcm');
    for (const spec of [0x00280010, '(0028,0010)', '0028,0010', '00280010', 'Rows']) expect(ds.number(spec)).toBe(128);
    expect(() => ds.get('NoSuchKeyword')).toThrow(TypeError);
  });

  it('decodes US/SS in the byte order of the data set and the ambiguous US-or-SS by Pixel Representation', () => {
    for (const file of ['modality/MR_small.dcm', 'ts/MR_small_bigendian.dcm', 'ts/MR_small_implicit.dcm']) {
      const ds = parseDicomFile(fixtureBytes(file));
      expect(ds.number('Rows'), file).toBe(64);
      expect(ds.get('LargestImagePixelValue')?.vr, file).toBe('SS');
      expect(ds.number('LargestImagePixelValue'), file).toBe(4000);
    }
  });

  it('parses DS and IS values, and warns (no exception) on a bad IS', () => {
    const ct = parseDicomFile(fixtureBytes('modality/CT_small.dcm'));
    expect(ct.number('RescaleIntercept')).toBe(-1024);
    expect(ct.numbers('PixelSpacing')).toEqual([0.661468, 0.661468]);
    const bad = parseDicomFile(fixtureBytes('edge/badVR.dcm'));
    expect(bad.number('NumberOfFrames')).toBeUndefined();
    expect(bad.string('NumberOfFrames')).toBe('1A');
    expect(bad.warnings.join(' ')).toContain("Invalid IS value '1A'");
  });

  it('walks nested SR content sequences', () => {
    const sr = parseDicomFile(fixtureBytes('modality/test-SR.dcm'));
    const content = sr.sequence('ContentSequence');
    expect(content.length).toBeGreaterThan(0);
    const codes = content.flatMap((item) => item.sequence('ConceptNameCodeSequence')).map((c) => c.string('CodeMeaning'));
    expect(codes.filter((c) => c !== undefined).length).toBeGreaterThan(0);
  });

  it('reads a UN sequence of undefined length as Implicit VR LE items (CP-246), also inside Big Endian', () => {
    const un = parseDicomFile(fixtureBytes('edge/UN_sequence.dcm'));
    const [item] = un.sequence(0x4453100c);
    expect(item?.encoding).toEqual({ explicitVr: false, littleEndian: true });
    const series = item?.sequence('ReferencedSeriesSequence') ?? [];
    expect(series[0]?.string('SeriesInstanceUID')).toBe('1.2.840.113619.2.327.3.185221411.476.1398588726.276');
    expect(series[0]?.sequence('ReferencedSOPSequence')[0]?.string('ReferencedSOPClassUID')).toBe('1.2.840.10008.5.1.4.1.1.2');
    const gh = parseDicomFile(fixtureBytes('edge/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm'));
    const unElement = gh.elements.find((e) => e.vr === 'UN' && e.items);
    expect(unElement).toBeDefined();
    expect(gh.number('Rows')).toBe(512);
  });

  it('parses a private sequence kept as UN bytes on demand (priv_SQ, implicit VR)', () => {
    const ds = parseDicomFile(fixtureBytes('edge/priv_SQ.dcm'));
    expect(ds.get(0x3f031001)?.vr).toBe('UN');
    const [item] = ds.sequence(0x3f031001);
    expect(item?.string(0x3f030010)).toBe('123456789 1234567 1234567');
    expect(item?.elements).toHaveLength(5);
  });

  it('reads nested undefined-length private sequences (nested_priv_SQ)', () => {
    const ds = parseDicomFile(fixtureBytes('edge/nested_priv_SQ.dcm'));
    const [outer] = ds.sequence(0x00010001);
    const [inner] = outer?.sequence(0x00010001) ?? [];
    expect(inner?.string(0x00010001)).toBe('Double Nested SQ');
    expect(outer?.string(0x00010002)).toBe('Nested SQ');
  });

  it('keeps the Data Set Trailing Padding element and the longer Pixel Data of MR_small_padded', () => {
    const ds = parseDicomFile(fixtureBytes('edge/MR_small_padded.dcm'));
    expect(ds.has(0xfffcfffc)).toBe(true);
    expect(ds.pixelDataInfo()?.native?.length).toBe(64 * 64 * 2 + 128);
  });

  it('describes encapsulated pixel data: Basic Offset Table = fragment offsets when one fragment per frame', () => {
    const ds = parseDicomFile(fixtureBytes('multiframe/HasFragmentSequence.dcm'));
    const px = ds.pixelDataInfo();
    expect(px?.encapsulated?.basicOffsetTable).toHaveLength(96);
    expect(px?.encapsulated?.basicOffsetTable.slice(0, 3)).toEqual([0, 0x4600, 0x8f00]);
    expect(px?.encapsulated?.fragmentOffsets).toEqual(px?.encapsulated?.basicOffsetTable);
    expect(px?.encapsulated?.fragments[0]?.subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
    const noBot = parseDicomFile(fixtureBytes('ts/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm')).pixelDataInfo();
    expect(noBot?.encapsulated?.basicOffsetTable).toEqual([]);
    expect(noBot?.encapsulated?.fragments.length).toBeGreaterThan(2);
    expect(noBot?.numberOfFrames).toBe(2);
  });

  it('uses item lengths, not byte patterns, in encapsulated data (embedded FFFE,E0DD)', () => {
    const px = parseDicomFile(fixtureBytes('edge/JPEG2000-embedded-sequence-delimiter.dcm')).pixelDataInfo();
    expect(px?.encapsulated?.fragments).toHaveLength(1);
    const f = px?.encapsulated?.fragments[0];
    expect(f && Buffer.from(f).includes(Buffer.from([0xfe, 0xff, 0xdd, 0xe0]))).toBe(true);
  });

  it('collects palette LUT descriptors and data', () => {
    const px = parseDicomFile(fixtureBytes('modality/examples_palette.dcm')).pixelDataInfo();
    expect(px?.photometricInterpretation).toBe('PALETTE COLOR');
    expect(px?.palette?.red.descriptor).toEqual({ entries: 256, firstMapped: 0, bitsPerEntry: 16 });
    expect(px?.palette?.blue.data?.length).toBe(512);
  });

  it('reports byte order and VR of native pixel data', () => {
    const be = parseDicomFile(fixtureBytes('ts/MR_small_bigendian.dcm')).pixelDataInfo();
    expect(be?.littleEndian).toBe(false);
    expect(be?.pixelDataVr).toBe('OW');
    const impl8 = parseDicomFile(fixtureBytes('multiframe/rtdose.dcm')).pixelDataInfo();
    expect(impl8?.littleEndian).toBe(true);
    expect(impl8?.bitsAllocated).toBe(32);
    expect(impl8?.native?.length).toBe(10 * 10 * 4 * 15);
  });

  it('reads the meta header as its own data set and reports sniffing', () => {
    const ds = parseDicomFile(fixtureBytes('edge/ExplVR_LitEndNoMeta.dcm'));
    expect(ds.meta.elements).toHaveLength(0);
    expect(ds.part10.hasPreamble).toBe(false);
    expect(ds.part10.transferSyntaxSource).toBe('sniffed');
    const withMeta = parseDicomFile(fixtureBytes('modality/CT_small.dcm'));
    expect(withMeta.meta.string('TransferSyntaxUID')).toBe('1.2.840.10008.1.2.1');
    expect(withMeta.part10.hasPreamble).toBe(true);
  });

  it('stops early with stopAtTag (header-only reads for indexing)', () => {
    const ds = parseDicomFile(fixtureBytes('modality/MR2_UNCR.dcm'), { stopAtTag: 0x7fe00010 });
    expect(ds.has('PixelData')).toBe(false);
    expect(ds.string('SOPClassUID')).toBe('1.2.840.10008.5.1.4.1.1.4');
  });
});
