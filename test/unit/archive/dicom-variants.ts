/**
 * Test data: copies of a fixture with new UIDs, made by replacing each UID's bytes with a
 * fresh UID of the same length (so every length field stays right, and the copy is the
 * fixture bit for bit apart from the UIDs).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDicomDataset, parseDicomFile } from '../../../core/dicom/read-dicom-file.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/dicom/', import.meta.url));
export const CT_IMPLICIT = `${FIXTURES}ts/CT1_UNC.implicit_little_endian.dcm`;

export function fixture(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}${rel}`));
}

/** A valid UID (PS3.5 9.1) of exactly `length` characters under the 2.25 root (>= 8). */
export function uidOfLength(length: number): string {
  let digits = '';
  while (digits.length < length - 5) digits += BigInt(`0x${randomBytes(16).toString('hex')}`).toString();
  digits = digits.slice(0, length - 5).replace(/^0/, '1');
  return `2.25.${digits}`;
}

function replaceAll(bytes: Uint8Array, from: string, to: string): number {
  const a = Buffer.from(from, 'latin1');
  const b = Buffer.from(to, 'latin1');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  let i = buf.indexOf(a);
  while (i >= 0) {
    const next = buf[i + a.length];
    // Only whole values: followed by padding (NUL/space) or the next element, never more UID digits.
    if (next === undefined || !(next === 0x2e || (next >= 0x30 && next <= 0x39))) {
      b.copy(buf, i);
      n += 1;
    }
    i = buf.indexOf(a, i + a.length);
  }
  return n;
}

export interface VariantUids { sopInstanceUid: string; studyInstanceUid: string; seriesInstanceUid: string }

/** The UIDs of a Part 10 file. */
export function uidsOf(bytes: Uint8Array): VariantUids {
  const ds = parseDicomFile(bytes);
  return {
    sopInstanceUid: ds.string('SOPInstanceUID') ?? '',
    studyInstanceUid: ds.string('StudyInstanceUID') ?? '',
    seriesInstanceUid: ds.string('SeriesInstanceUID') ?? '',
  };
}

/**
 * A copy with a new SOP Instance UID, and new Study/Series UIDs when given (pass the same
 * study/series for instances of one series).
 */
export function variant(original: Uint8Array, replace: Partial<VariantUids> = {}): { bytes: Uint8Array; uids: VariantUids } {
  const old = uidsOf(original);
  const bytes = new Uint8Array(original);
  const uids: VariantUids = {
    sopInstanceUid: replace.sopInstanceUid ?? uidOfLength(old.sopInstanceUid.length),
    studyInstanceUid: replace.studyInstanceUid ?? old.studyInstanceUid,
    seriesInstanceUid: replace.seriesInstanceUid ?? old.seriesInstanceUid,
  };
  for (const k of ['sopInstanceUid', 'studyInstanceUid', 'seriesInstanceUid'] as const) {
    if (uids[k] === old[k]) continue;
    if (uids[k].length !== old[k].length) throw new Error(`${k}: new UID must have the length of the old one (${old[k].length})`);
    if (replaceAll(bytes, old[k], uids[k]) === 0) throw new Error(`${k} ${old[k]} not found`);
  }
  return { bytes, uids };
}

/** New study/series UIDs of the right lengths for a fixture. */
export function newStudyUids(original: Uint8Array): { studyInstanceUid: string; seriesInstanceUid: string } {
  const old = uidsOf(original);
  return { studyInstanceUid: uidOfLength(old.studyInstanceUid.length), seriesInstanceUid: uidOfLength(old.seriesInstanceUid.length) };
}

/** Data set bytes of a Part 10 file (after the meta header). */
export function datasetBytesOf(fileBytes: Uint8Array): Uint8Array {
  const ds = parseDicomFile(fileBytes);
  return fileBytes.subarray(ds.part10.datasetOffset);
}

/**
 * The data set bytes without a trailing Data Set Trailing Padding element (FFFC,FFFC):
 * DCMTK (and Orthanc, built on it) drop it when they send, so this is what they put on
 * the wire for an otherwise unchanged data set.
 */
export function withoutTrailingPadding(datasetBytes: Uint8Array, transferSyntaxUid: string): Uint8Array {
  const ds = parseDicomDataset(datasetBytes, transferSyntaxUid);
  const last = ds.elements[ds.elements.length - 1];
  if (last?.tag !== 0xfffcfffc || last.offset === undefined) return datasetBytes;
  return datasetBytes.subarray(0, last.offset);
}
