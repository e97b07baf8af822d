/**
 * Part 10 file reading (PS3.10 section 7.1): 128-byte preamble, 'DICM', File Meta
 * Information (group 0002, always Explicit VR Little Endian), then the data set in the
 * transfer syntax the meta header names. Files without preamble or meta header are
 * accepted the way DCMTK does: the encoding is sniffed from the first element.
 */
import { readDataset, sniffDatasetEncoding } from './dataset-reader.js';
import { type DicomElementTree, findElement } from './element.js';
import { DicomParseError } from './errors.js';
import { inflateDataset } from './inflate.js';
import { TRANSFER_SYNTAX_UID } from './tag.js';
import {
  type DatasetEncoding, EXPLICIT_LE, EXPLICIT_VR_BIG_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_LE,
  IMPLICIT_VR_LITTLE_ENDIAN, encodingOf, normalizeUid, transferSyntaxOrDefault,
} from './transfer-syntax.js';
import { WarningList } from './warnings.js';

export interface Part10ReadOptions {
  fileName?: string;
  /** Bound on the inflated size of a deflated data set (default 1 GiB). */
  maxInflatedBytes?: number;
}

export interface Part10Header {
  /** File Meta Information elements (Explicit VR Little Endian); empty when the file has none. */
  meta: DicomElementTree;
  hasPreamble: boolean;
  /** Offset of the first meta element (132 with preamble), or of the data set when no meta. */
  metaOffset: number;
  /** Offset of the data set in the file (of the deflated stream for deflated files). */
  datasetOffset: number;
  transferSyntaxUid: string;
  /** 'meta' when (0002,0010) named it, 'sniffed' when guessed from the first element. */
  transferSyntaxSource: 'meta' | 'sniffed';
  deflated: boolean;
  /** Data set bytes: a view into the file, or the inflated bytes. */
  dataset: Uint8Array;
  /** Encoding of the data set bytes (before any correction of a wrong meta header). */
  encoding: DatasetEncoding;
  warnings: string[];
}

const DICM = [0x44, 0x49, 0x43, 0x4d];

function hasDicmAt(bytes: Uint8Array, pos: number): boolean {
  return bytes.length >= pos + 4 && DICM.every((b, i) => bytes[pos + i] === b);
}

function uidForEncoding(enc: DatasetEncoding): string {
  if (!enc.explicitVr) return IMPLICIT_VR_LITTLE_ENDIAN;
  return enc.littleEndian ? EXPLICIT_VR_LITTLE_ENDIAN : EXPLICIT_VR_BIG_ENDIAN;
}

/** Reads the preamble and meta header and locates (inflating if needed) the data set. */
export function readPart10Header(bytes: Uint8Array, options: Part10ReadOptions = {}): Part10Header {
  const warnings = new WarningList();
  const fileName = options.fileName;
  let pos = 0;
  let hasPreamble = false;
  if (hasDicmAt(bytes, 128)) {
    hasPreamble = true;
    pos = 132;
  } else if (hasDicmAt(bytes, 0)) {
    warnings.add("File starts with 'DICM' without the 128-byte preamble");
    pos = 4;
  }
  const metaOffset = pos;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const startsWithMeta = bytes.length - pos >= 8 && dv.getUint16(pos, true) === 0x0002;
  let meta: DicomElementTree = { elements: [], encoding: EXPLICIT_LE };
  if (startsWithMeta) {
    const metaBytes = bytes.subarray(pos);
    // PS3.10 7.1: meta is Explicit VR LE; some writers used Implicit VR (DCMTK accepts it).
    let metaEnc: DatasetEncoding = EXPLICIT_LE;
    const sniff = sniffDatasetEncoding(metaBytes);
    if (sniff && !sniff.explicitVr) {
      warnings.add('File Meta Information is Implicit VR (PS3.10 7.1 requires Explicit VR Little Endian)');
      metaEnc = IMPLICIT_LE;
    }
    const r = readDataset(metaBytes, metaEnc, { baseOffset: pos, fileName, layer: 'file', onlyGroup: 0x0002, maxElements: 1000, maxDepth: 2 });
    warnings.addAll(r.warnings);
    meta = { elements: r.tree.elements, encoding: EXPLICIT_LE };
    pos += r.bytesRead;
    checkGroupLength(meta, r.bytesRead, warnings);
  } else if (hasPreamble) {
    warnings.add("File has a preamble and 'DICM' but no File Meta Information");
  }
  const datasetOffset = pos;

  let transferSyntaxUid: string | undefined;
  const tsElement = findElement(meta.elements, TRANSFER_SYNTAX_UID);
  if (tsElement?.value && tsElement.value.length > 0) {
    transferSyntaxUid = normalizeUid(Buffer.from(tsElement.value).toString('latin1'));
    if (transferSyntaxUid === '') transferSyntaxUid = undefined;
  }
  let transferSyntaxSource: 'meta' | 'sniffed' = 'meta';
  let dataset = bytes.subarray(pos);
  let deflated = false;
  if (transferSyntaxUid !== undefined) {
    const ts = transferSyntaxOrDefault(transferSyntaxUid);
    if (!ts.known) warnings.add(`Unknown transfer syntax ${transferSyntaxUid}: data set read as Explicit VR Little Endian`);
    if (ts.deflated) {
      deflated = true;
      dataset = inflateDataset(dataset, datasetOffset, { maxOutputBytes: options.maxInflatedBytes, fileName }, warnings);
    }
    return {
      meta, hasPreamble, metaOffset, datasetOffset, transferSyntaxUid, transferSyntaxSource, deflated, dataset,
      encoding: encodingOf(ts), warnings: warnings.list(),
    };
  }

  // No (0002,0010): guess from the first element (as DCMTK and pydicom do).
  transferSyntaxSource = 'sniffed';
  if (dataset.length === 0) {
    if (startsWithMeta) {
      warnings.add('File has File Meta Information but no data set');
      return {
        meta, hasPreamble, metaOffset, datasetOffset, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN, transferSyntaxSource,
        deflated, dataset, encoding: EXPLICIT_LE, warnings: warnings.list(),
      };
    }
    throw new DicomParseError('NOT_DICOM', datasetOffset, 'empty file', { fileName, layer: 'file' });
  }
  const enc = sniffDatasetEncoding(dataset);
  if (!enc || !plausibleFirstElement(dataset, enc)) {
    throw new DicomParseError('NOT_DICOM', datasetOffset,
      hasPreamble || startsWithMeta ? 'data set does not start with a recognisable element' : "no 'DICM' prefix and no recognisable first element",
      { fileName, layer: 'file' });
  }
  transferSyntaxUid = uidForEncoding(enc);
  warnings.add(startsWithMeta
    ? `File Meta Information has no Transfer Syntax UID (0002,0010): guessed ${transferSyntaxUid} from the first element`
    : `No File Meta Information: guessed ${transferSyntaxUid} from the first element`);
  return {
    meta, hasPreamble, metaOffset, datasetOffset, transferSyntaxUid, transferSyntaxSource, deflated, dataset,
    encoding: enc, warnings: warnings.list(),
  };
}

/** A first element with a low group number (data sets start at 0008 or so; test files even use 0001). */
function plausibleFirstElement(bytes: Uint8Array, enc: DatasetEncoding): boolean {
  if (bytes.length < 8) return false;
  const group = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(0, enc.littleEndian);
  return group <= 0x00ff;
}

function checkGroupLength(meta: DicomElementTree, bytesRead: number, warnings: WarningList): void {
  const gl = findElement(meta.elements, 0x00020000);
  if (!gl?.value || gl.value.length !== 4) {
    warnings.add('File Meta Information has no (0002,0000) group length');
    return;
  }
  const declared = new DataView(gl.value.buffer, gl.value.byteOffset, 4).getUint32(0, true);
  const actual = bytesRead - 12; // the group length element itself is 12 bytes
  if (declared !== actual) warnings.add(`File Meta group length says ${declared} bytes, found ${actual}`);
}

