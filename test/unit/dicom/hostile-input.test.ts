/**
 * Hostile input: truncations, absurd lengths, deep nesting, element floods, deflate
 * bombs and seeded random mutations must end in a DicomError (typed, with an offset
 * for parse errors) or a successful parse, never another exception, a hang or an
 * unbounded allocation.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DicomError } from '../../../core/network/errors.js';
import type { DicomDataset } from '../../../core/dicom/dataset.js';
import { readDataset } from '../../../core/dicom/dataset-reader.js';
import { DicomParseError } from '../../../core/dicom/errors.js';
import { readPart10Header } from '../../../core/dicom/part10.js';
import { parseDicomFile, parseDicomDataset } from '../../../core/dicom/read-dicom-file.js';
import { EXPLICIT_LE, IMPLICIT_LE } from '../../../core/dicom/transfer-syntax.js';
import { fixtureBytes } from './fixture-files.js';
import { prng as rng } from '../../support/prng.js';

const SAMPLES = ['modality/MR_small.dcm', 'charset/chrH31.dcm', 'modality/test-SR.dcm', 'ts/MR_small_implicit.dcm',
  'ts/MR_small_bigendian.dcm', 'ts/image_dfl.dcm', 'edge/UN_sequence.dcm', 'edge/JPEG2000-embedded-sequence-delimiter.dcm',
  'charset/chrSQEncoding.dcm', 'edge/nested_priv_SQ.dcm'];

/** Touch every value the way a caller would, so decoding is exercised too. */
function exercise(ds: DicomDataset, depth = 0): void {
  for (const e of ds.elements) {
    ds.strings(e.tag);
    ds.numbers(e.tag);
    if (e.vr === 'PN') ds.personNames(e.tag);
    if (depth < 8) for (const item of ds.sequence(e.tag)) exercise(item, depth + 1);
  }
  try {
    ds.pixelDataInfo();
  } catch (err) {
    if (!(err instanceof DicomError)) throw err;
  }
}

/** Parse and exercise; returns the error if any, rethrowing anything that is not a DicomError. */
function attempt(bytes: Uint8Array, lenient = false): DicomError | undefined {
  try {
    exercise(parseDicomFile(bytes, { fileName: 'fuzz.dcm', lenient, maxInflatedBytes: 8 * 1024 * 1024 }));
    return undefined;
  } catch (err) {
    if (err instanceof DicomError) return err;
    throw err;
  }
}

describe('truncated files', () => {
  for (const file of SAMPLES) {
    it(`${file}: every 97th-byte prefix parses or fails with a typed error`, () => {
      const bytes = fixtureBytes(file);
      const metaEnd = readPart10Header(bytes).datasetOffset;
      let failures = 0;
      for (let n = 0; n < bytes.length; n += 97) {
        const err = attempt(bytes.subarray(0, n));
        if (err) {
          failures++;
          if (err instanceof DicomParseError) {
            expect(err.offset).toBeGreaterThanOrEqual(0);
            expect(err.offset).toBeLessThanOrEqual(Math.max(n, 132));
            expect(err.fileName).toBe('fuzz.dcm');
          }
        }
        // Lenient mode turns truncation of the data set into a warning (a cut meta header,
        // and other damage, still throw typed errors).
        const lenientErr = attempt(bytes.subarray(0, n), true);
        if (lenientErr instanceof DicomParseError && n > metaEnd) expect(lenientErr.parseCode).not.toBe('TRUNCATED');
      }
      expect(failures).toBeGreaterThan(0);
    });
  }
});

function le16(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff];
}
function le32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}
function tag(g: number, e: number): number[] {
  return [...le16(g), ...le16(e)];
}

describe('absurd lengths', () => {
  it('explicit OB declaring 0xFFFFFFFE bytes: TRUNCATED at its offset, nothing allocated', () => {
    const bytes = new Uint8Array([...tag(0x0009, 0x0010), 0x4f, 0x42, 0, 0, ...le32(0xfffffffe), 1, 2, 3, 4]);
    const err = (() => { try { readDataset(bytes, EXPLICIT_LE); } catch (e) { return e; } return undefined; })();
    expect(err).toBeInstanceOf(DicomParseError);
    expect((err as DicomParseError).parseCode).toBe('TRUNCATED');
    expect((err as DicomParseError).offset).toBe(0);
  });

  it('UT with undefined length (0xFFFFFFFF): BAD_LENGTH', () => {
    const bytes = new Uint8Array([...tag(0x0008, 0x0010), ...le16(0), ...tag(0x0010, 0x4000), 0x55, 0x54, 0, 0, ...le32(0xffffffff)]);
    // first element: (0008,0010) with explicit VR bytes 00 00 -> BAD_VR; use a valid first element instead
    const good = new Uint8Array([...tag(0x0008, 0x0060), 0x43, 0x53, ...le16(2), 0x43, 0x54, ...tag(0x0010, 0x4000), 0x55, 0x54, 0, 0, ...le32(0xffffffff)]);
    expect(() => readDataset(good, EXPLICIT_LE)).toThrow(expect.objectContaining({ parseCode: 'BAD_LENGTH', offset: 10 }));
    expect(() => readDataset(bytes, EXPLICIT_LE)).toThrow(DicomParseError);
  });

  it('implicit element of undefined length that never ends: TRUNCATED', () => {
    const bytes = new Uint8Array([...tag(0x0009, 0x1001), ...le32(0xffffffff), ...tag(0xfffe, 0xe000), ...le32(0xffffffff), ...tag(0x0010, 0x0010), ...le32(2), 0x41, 0x20]);
    expect(() => readDataset(bytes, IMPLICIT_LE)).toThrow(expect.objectContaining({ parseCode: 'TRUNCATED' }));
    const lenient = readDataset(bytes, IMPLICIT_LE, { lenient: true });
    expect(lenient.truncated).toBe(true);
    expect(lenient.tree.elements[0]?.items?.[0]?.elements[0]?.tag).toBe(0x00100010);
  });

  it('item length past the end of its defined-length sequence: BAD_LENGTH', () => {
    const bytes = new Uint8Array([...tag(0x0008, 0x1115), 0x53, 0x51, 0, 0, ...le32(8), ...tag(0xfffe, 0xe000), ...le32(100)]);
    expect(() => readDataset(bytes, EXPLICIT_LE)).toThrow(expect.objectContaining({ parseCode: 'BAD_LENGTH' }));
  });

  it('garbage VR bytes: BAD_VR naming the offset', () => {
    const bytes = new Uint8Array([...tag(0x0008, 0x0060), 0x43, 0x53, ...le16(2), 0x43, 0x54, ...tag(0x0010, 0x0010), 0x01, 0x02, ...le16(0)]);
    expect(() => readDataset(bytes, EXPLICIT_LE, { baseOffset: 1000, fileName: 'x.dcm' }))
      .toThrow(expect.objectContaining({ parseCode: 'BAD_VR', offset: 1014, fileName: 'x.dcm' }));
  });

  it('not DICOM at all: NOT_DICOM', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(() => parseDicomFile(png, { fileName: 'image.png' })).toThrow(expect.objectContaining({ parseCode: 'NOT_DICOM', fileName: 'image.png' }));
    expect(() => parseDicomFile(new Uint8Array(0))).toThrow(DicomParseError);
  });
});

describe('resource limits', () => {
  it('deeply nested sequences stop at the depth limit without exhausting the stack', () => {
    const depth = 20_000;
    const open = [...tag(0x0040, 0xa730), ...le32(0xffffffff), ...tag(0xfffe, 0xe000), ...le32(0xffffffff)];
    const bytes = new Uint8Array(open.length * depth);
    for (let i = 0; i < depth; i++) bytes.set(open, i * open.length);
    expect(() => readDataset(bytes, IMPLICIT_LE)).toThrow(expect.objectContaining({ parseCode: 'LIMIT' }));
    expect(() => readDataset(bytes.subarray(0, open.length * 10), IMPLICIT_LE, { maxDepth: 5 }))
      .toThrow(expect.objectContaining({ parseCode: 'LIMIT' }));
  });

  it('an element flood stops at maxElements', () => {
    const one = [...tag(0x0009, 0x1000), ...le32(0)];
    const bytes = new Uint8Array(one.length * 1000);
    for (let i = 0; i < 1000; i++) bytes.set(one, i * one.length);
    expect(readDataset(bytes, IMPLICIT_LE).tree.elements).toHaveLength(1000);
    expect(() => readDataset(bytes, IMPLICIT_LE, { maxElements: 100 })).toThrow(expect.objectContaining({ parseCode: 'LIMIT' }));
  });

  it('a deflate bomb stops at maxInflatedBytes', () => {
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => parseDicomDataset(new Uint8Array(bomb), '1.2.840.10008.1.2.1.99', { maxInflatedBytes: 1024 * 1024 }))
      .toThrow(expect.objectContaining({ parseCode: 'LIMIT' }));
    expect(() => parseDicomDataset(new Uint8Array([1, 2, 3, 4, 5]), '1.2.840.10008.1.2.1.99'))
      .toThrow(expect.objectContaining({ parseCode: 'INFLATE' }));
  });
});


describe('seeded random mutations', () => {
  for (const file of SAMPLES) {
    it(`${file}: 150 mutants end in a parse or a DicomError, quickly`, () => {
      const original = fixtureBytes(file);
      const rand = rng(0xd1c0 + original.length);
      const started = Date.now();
      let typed = 0;
      for (let i = 0; i < 150; i++) {
        const bytes = new Uint8Array(original);
        const edits = 1 + Math.floor(rand() * 8);
        for (let k = 0; k < edits; k++) {
          const pos = Math.floor(rand() * bytes.length);
          const kind = rand();
          if (kind < 0.5) bytes[pos] = Math.floor(rand() * 256);
          else if (kind < 0.8) bytes.set([0xff, 0xff, 0xff, 0xff].slice(0, Math.max(0, bytes.length - pos)), pos);
          else bytes.set([0xfe, 0xff, 0x00, 0xe0].slice(0, Math.max(0, bytes.length - pos)), pos);
        }
        const cut = rand() < 0.3 ? Math.floor(rand() * bytes.length) : bytes.length;
        if (attempt(bytes.subarray(0, cut))) typed++;
        attempt(bytes.subarray(0, cut), true);
      }
      expect(typed).toBeLessThanOrEqual(150);
      expect(Date.now() - started).toBeLessThan(20_000);
    });
  }
});
