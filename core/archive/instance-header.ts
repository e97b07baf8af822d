/**
 * The attributes the archive index keeps, read from a Part 10 file or from its first
 * bytes (everything before Pixel Data), with names decoded in the file's Specific
 * Character Set (Japanese ISO 2022 included) by the DICOM data layer.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFileStart, readWholeFile } from '../platform/file-read.js';
import { parseDicomFile, type DicomFileDataset } from '../dicom/read-dicom-file.js';
import { PIXEL_DATA } from '../dicom/tag.js';
import { tagOfKeyword } from '../dicom/dictionary.js';
import { normalizeUid, transferSyntaxOrDefault } from '../dicom/transfer-syntax.js';
import type { DicomDataset } from '../dicom/dataset.js';

export interface InstanceAttributes {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  patientId: string;
  /** Whole decoded Person Name value (alphabetic=ideographic=phonetic). */
  patientName: string;
  patientNameAlphabetic: string;
  patientNameIdeographic: string;
  patientNamePhonetic: string;
  patientBirthDate: string;
  patientSex: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  accessionNumber: string;
  studyId: string;
  referringPhysicianName: string;
  modality: string;
  seriesNumber: number | undefined;
  seriesDescription: string;
  instanceNumber: number | undefined;
  numberOfFrames: number | undefined;
  /** (0002,0016) Source Application Entity Title from the meta header. */
  sourceAeTitle: string;
}

/**
 * The first tag after every attribute of InstanceAttributes (the last is Number of Frames
 * (0028,0008)): a parse for the index alone can stop here. Files read for import or
 * reindex are parsed up to Pixel Data, which also checks their header is well formed.
 */
export const AFTER_INDEXED_TAGS = 0x00280009;

/**
 * The data set attributes attributesOf() reads (with the character set their text is in): a
 * received instance's early parse reads only these (DatasetReadOptions.keepTags). Kept
 * beside attributesOf: an attribute added there must be added here (a test compares the two
 * parses over every fixture file).
 */
const INDEXED_KEYWORDS = [
  'SpecificCharacterSet', 'SOPClassUID', 'SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID', 'PatientID', 'PatientName',
  'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'StudyDescription', 'AccessionNumber', 'StudyID',
  'ReferringPhysicianName', 'Modality', 'SeriesNumber', 'SeriesDescription', 'InstanceNumber', 'NumberOfFrames',
] as const;

export const INDEXED_TAGS: ReadonlySet<number> = new Set(INDEXED_KEYWORDS.map((k) => {
  const tag = tagOfKeyword(k);
  if (tag === undefined) throw new Error(`no tag for keyword ${k}`);
  return tag;
}));

/** Bytes read to find the header attributes; the rest of a file is read only when needed. */
export const HEADER_PREFIX_BYTES = 256 * 1024;

function str(ds: DicomDataset, keyword: string): string {
  try {
    return (ds.string(keyword) ?? '').trim();
  } catch {
    return '';
  }
}

function num(ds: DicomDataset, keyword: string): number | undefined {
  try {
    return ds.number(keyword);
  } catch {
    return undefined;
  }
}

function uid(ds: DicomDataset, keyword: string): string {
  return normalizeUid(str(ds, keyword));
}

/** Index attributes of a parsed file (meta header + data set). */
export function attributesOf(file: DicomFileDataset): InstanceAttributes {
  const pn = (() => { try { return file.personName('PatientName'); } catch { return undefined; } })();
  const metaSop = uid(file.meta, 'MediaStorageSOPInstanceUID');
  const metaClass = uid(file.meta, 'MediaStorageSOPClassUID');
  return {
    sopClassUid: uid(file, 'SOPClassUID') || metaClass,
    sopInstanceUid: uid(file, 'SOPInstanceUID') || metaSop,
    transferSyntaxUid: file.part10.transferSyntaxUid,
    studyInstanceUid: uid(file, 'StudyInstanceUID'),
    seriesInstanceUid: uid(file, 'SeriesInstanceUID'),
    patientId: str(file, 'PatientID'),
    patientName: (pn?.text ?? '').trim(),
    patientNameAlphabetic: (pn?.alphabetic.text ?? '').trim(),
    patientNameIdeographic: (pn?.ideographic.text ?? '').trim(),
    patientNamePhonetic: (pn?.phonetic.text ?? '').trim(),
    patientBirthDate: str(file, 'PatientBirthDate'),
    patientSex: str(file, 'PatientSex'),
    studyDate: str(file, 'StudyDate'),
    studyTime: str(file, 'StudyTime'),
    studyDescription: str(file, 'StudyDescription'),
    accessionNumber: str(file, 'AccessionNumber'),
    studyId: str(file, 'StudyID'),
    referringPhysicianName: str(file, 'ReferringPhysicianName'),
    modality: str(file, 'Modality'),
    seriesNumber: num(file, 'SeriesNumber'),
    seriesDescription: str(file, 'SeriesDescription'),
    instanceNumber: num(file, 'InstanceNumber'),
    numberOfFrames: num(file, 'NumberOfFrames'),
    sourceAeTitle: str(file.meta, 'SourceApplicationEntityTitle'),
  };
}

/**
 * Parse the header part of Part 10 bytes (stops before Pixel Data). `complete` says
 * whether `bytes` is the whole file; when it is only a prefix the parse is lenient and
 * `undefined` is returned if the prefix ended before the data set's identifying UIDs.
 */
export function parseHeaderBytes(bytes: Uint8Array, complete: boolean, fileName?: string, stopAtTag: number = PIXEL_DATA): InstanceAttributes | undefined {
  const file = parseDicomFile(bytes, { stopAtTag, lenient: !complete, ...(fileName ? { fileName } : {}) });
  const attrs = attributesOf(file);
  if (!complete && file.truncated && (!attrs.studyInstanceUid || !attrs.seriesInstanceUid || !attrs.sopInstanceUid)) return undefined;
  return attrs;
}

/**
 * The index attributes from the first bytes of a Part 10 file when they surely hold all of
 * them (the parse reached AFTER_INDEXED_TAGS); undefined when more bytes are needed or the
 * bytes cannot be read as far (then a larger prefix, or the whole file, decides).
 */
export function indexedAttributesIfComplete(prefix: Uint8Array): InstanceAttributes | undefined {
  try {
    const file = parseDicomFile(prefix, { stopAtTag: AFTER_INDEXED_TAGS, lenient: true, keepTags: INDEXED_TAGS });
    return file.stoppedAtTag ? attributesOf(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Read a file's index attributes, reading only its first bytes when they suffice. */
export async function readInstanceHeader(path: string): Promise<InstanceAttributes> {
  const { size, bytes: first } = await readFileStart(path, HEADER_PREFIX_BYTES);
  return attributesFromPrefix(first, size, path) ?? completeAttributes(new Uint8Array(await readWholeFile(path)), path);
}

/** The same, synchronously (start-up recovery of the archive, which runs before serving). */
export function readInstanceHeaderSync(path: string): InstanceAttributes {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const first = Buffer.alloc(Math.min(size, HEADER_PREFIX_BYTES));
    readSync(fd, first, 0, first.length, 0);
    return attributesFromPrefix(first, size, path) ?? completeAttributes(new Uint8Array(readFileSync(path)), path);
  } finally {
    closeSync(fd);
  }
}

/** Attributes from the first bytes of a file of `size` bytes; undefined when the whole file is needed. */
function attributesFromPrefix(first: Buffer, size: number, path: string): InstanceAttributes | undefined {
  const prefix = new Uint8Array(first.buffer, first.byteOffset, first.byteLength);
  if (first.length === size) return completeAttributes(prefix, path);
  return looksDeflated(prefix) ? undefined : parseHeaderBytes(prefix, false, path);
}

function completeAttributes(all: Uint8Array, path: string): InstanceAttributes {
  const attrs = parseHeaderBytes(all, true, path);
  if (!attrs) throw new Error('unreachable: complete parse returned nothing');
  return attrs;
}

/** A deflated data set cannot be parsed from a prefix (the inflater needs the whole stream). */
function looksDeflated(prefix: Uint8Array): boolean {
  const text = Buffer.from(prefix.subarray(0, Math.min(prefix.length, 1024))).toString('latin1');
  const m = /1\.2\.840\.10008\.1\.2\.1\.99|1\.2\.840\.10008\.1\.2\.4\.95|1\.2\.840\.10008\.1\.2\.4\.205/.exec(text);
  return m !== null && transferSyntaxOrDefault(m[0]).deflated;
}
