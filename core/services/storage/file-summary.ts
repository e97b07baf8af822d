/**
 * What the Storage SCU must know about a file before associating: SOP Class, SOP
 * Instance and Transfer Syntax, read from the File Meta Information (PS3.10 7.1) of the
 * file's first bytes; files without a meta header are parsed whole.
 */
import { readDataset } from '../../dicom/dataset-reader.js';
import { findElement } from '../../dicom/element.js';
import { EXPLICIT_LE, normalizeUid } from '../../dicom/transfer-syntax.js';
import { readInstanceHeader } from '../../archive/instance-header.js';
import { readFileStart } from '../../platform/file-read.js';

export interface FileSummary {
  path: string;
  size: number;
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
}

const META_PREFIX = 64 * 1024;

function text(v: Uint8Array | undefined): string {
  return v ? normalizeUid(Buffer.from(v).toString('latin1')) : '';
}

export async function summarizeFile(path: string): Promise<FileSummary> {
  const { size, bytes: prefix } = await readFileStart(path, META_PREFIX);
  if (prefix.length > 140 && prefix.toString('latin1', 128, 132) === 'DICM') {
    const bytes = new Uint8Array(prefix.buffer, prefix.byteOffset, prefix.byteLength).subarray(132);
    const r = readDataset(bytes, EXPLICIT_LE, { onlyGroup: 0x0002, lenient: true, maxElements: 1000, fileName: path });
    const sopClassUid = text(findElement(r.tree.elements, 0x00020002)?.value);
    const sopInstanceUid = text(findElement(r.tree.elements, 0x00020003)?.value);
    const transferSyntaxUid = text(findElement(r.tree.elements, 0x00020010)?.value);
    if (sopClassUid && sopInstanceUid && transferSyntaxUid) return { path, size, sopClassUid, sopInstanceUid, transferSyntaxUid };
  }
  const attrs = await readInstanceHeader(path);
  return { path, size, sopClassUid: attrs.sopClassUid, sopInstanceUid: attrs.sopInstanceUid, transferSyntaxUid: attrs.transferSyntaxUid };
}
