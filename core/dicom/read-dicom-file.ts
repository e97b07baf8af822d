/**
 * The entry points: a Part 10 file (path or bytes) or a bare data set (bytes received
 * over the network, with the transfer syntax of its presentation context) to a
 * DicomDataset. Files are read whole (bounded by maxFileBytes); values stay views.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DicomDataset } from './dataset.js';
import { type DatasetReadOptions, readDataset } from './dataset-reader.js';
import type { DicomElementTree } from './element.js';
import { DicomParseError } from './errors.js';
import { inflateDataset } from './inflate.js';
import { type Part10Header, type Part10ReadOptions, readPart10Header } from './part10.js';
import { encodingOf, transferSyntaxOrDefault } from './transfer-syntax.js';
import { WarningList } from './warnings.js';

export interface ReadDicomOptions extends Part10ReadOptions, Pick<DatasetReadOptions, 'lenient' | 'maxDepth' | 'maxElements' | 'stopAtTag' | 'keepTags'> {
  /** Refuse files larger than this (default 4 GiB - 1, the largest a Uint8Array here holds). */
  maxFileBytes?: number;
}

/** A data set read from a Part 10 file, with its meta header. */
export class DicomFileDataset extends DicomDataset {
  /**
   * True when the parse stopped at `stopAtTag` (it saw an element at or after it), so every
   * element before that tag is here; false when the bytes ended first, even cleanly.
   */
  stoppedAtTag = false;

  constructor(readonly tree: DicomElementTree, readonly meta: DicomDataset, readonly part10: Part10Header,
    readonly truncated: boolean, warnings: WarningList, fileName: string | undefined) {
    super(tree.elements, { transferSyntaxUid: part10.transferSyntaxUid, encoding: tree.encoding, warnings, ...(fileName ? { fileName } : {}) });
  }
}

/** Parse Part 10 bytes (sync). Throws DicomParseError with file name and offset. */
export function parseDicomFile(bytes: Uint8Array, options: ReadDicomOptions = {}): DicomFileDataset {
  const warnings = new WarningList();
  const header = readPart10Header(bytes, options);
  warnings.addAll(header.warnings);
  const r = readDataset(header.dataset, header.encoding, {
    baseOffset: header.deflated ? 0 : header.datasetOffset,
    fileName: header.deflated && options.fileName ? `${options.fileName} (inflated data set)` : options.fileName,
    layer: 'file', lenient: options.lenient, maxDepth: options.maxDepth, maxElements: options.maxElements, stopAtTag: options.stopAtTag,
    ...(options.keepTags ? { keepTags: options.keepTags } : {}),
  });
  warnings.addAll(r.warnings);
  const meta = new DicomDataset(header.meta.elements, { transferSyntaxUid: header.transferSyntaxUid, encoding: header.meta.encoding, warnings });
  const file = new DicomFileDataset(r.tree, meta, header, r.truncated, warnings, options.fileName);
  file.stoppedAtTag = options.stopAtTag !== undefined && !r.truncated && r.bytesRead < header.dataset.length;
  return file;
}

/** Read a Part 10 file from a path or bytes. */
export async function readDicomFile(source: string | Uint8Array, options: ReadDicomOptions = {}): Promise<DicomFileDataset> {
  if (typeof source !== 'string') return parseDicomFile(source, options);
  const fileName = options.fileName ?? basename(source);
  const max = options.maxFileBytes ?? 0xffffffff;
  const st = await stat(source);
  if (st.size > max) throw new DicomParseError('LIMIT', 0, `file of ${st.size} bytes is larger than the limit of ${max}`, { fileName, layer: 'file' });
  const buf = await readFile(source);
  return parseDicomFile(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), { ...options, fileName });
}

export interface ReadDatasetOptions extends Pick<DatasetReadOptions, 'lenient' | 'maxDepth' | 'maxElements' | 'fileName'> {
  maxInflatedBytes?: number;
}

/** A bare data set (no meta header) in a transfer syntax, e.g. from a C-STORE. */
export function parseDicomDataset(bytes: Uint8Array, transferSyntaxUid: string, options: ReadDatasetOptions = {}): DicomDataset {
  const ts = transferSyntaxOrDefault(transferSyntaxUid);
  const warnings = new WarningList();
  const data = ts.deflated ? inflateDataset(bytes, 0, { maxOutputBytes: options.maxInflatedBytes, fileName: options.fileName }, warnings) : bytes;
  const r = readDataset(data, encodingOf(ts), { ...options });
  warnings.addAll(r.warnings);
  return new DicomDataset(r.tree.elements, { transferSyntaxUid: ts.uid, encoding: r.tree.encoding, warnings,
    ...(options.fileName ? { fileName: options.fileName } : {}) });
}
