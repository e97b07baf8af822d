/**
 * Part 10 file writing (PS3.10 section 7.1): 128-byte zero preamble, 'DICM', File Meta
 * Information in Explicit VR Little Endian with its group length (PS3.10 Table 7.1-1),
 * then the data set bytes exactly as given. Used for bit-preserving storage: a data set
 * received over the network is written untouched (no re-encoding, no character set
 * rewrite), only the meta header is ours.
 */
import { writeDataset } from './dataset-writer.js';
import type { DicomElement, DicomElementTree } from './element.js';
import { DicomEncodeError } from './errors.js';
import { EXPLICIT_LE, requireTransferSyntax } from './transfer-syntax.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './uids.js';
import { encodeStrings } from './values.js';

export interface FileMetaInformation {
  mediaStorageSopClassUid: string;
  mediaStorageSopInstanceUid: string;
  transferSyntaxUid: string;
  implementationClassUid?: string;
  implementationVersionName?: string;
  /** (0002,0016) AE title of who sent or wrote it (the C-STORE SCU when received). */
  sourceApplicationEntityTitle?: string;
  /** (0002,0017) Sending AE Title, (0002,0018) Receiving AE Title. */
  sendingApplicationEntityTitle?: string;
  receivingApplicationEntityTitle?: string;
  privateInformationCreatorUid?: string;
  privateInformation?: Uint8Array;
}

function el(tag: number, vr: string, value: Uint8Array): DicomElement {
  return { tag, vr, value };
}

function text(tag: number, vr: string, s: string, max: number, what: string): DicomElement {
  if (s.length > max) throw new DicomEncodeError(what, `'${s}' is longer than ${max} characters`);
  return el(tag, vr, encodeStrings([s], vr, undefined));
}

/** Preamble + 'DICM' + group 0002 with (0002,0000) group length. */
export function writeFileMeta(meta: FileMetaInformation): Uint8Array {
  requireTransferSyntax(meta.transferSyntaxUid);
  const elements: DicomElement[] = [
    el(0x00020001, 'OB', new Uint8Array([0x00, 0x01])), // File Meta Information Version 00\01
    text(0x00020002, 'UI', meta.mediaStorageSopClassUid, 64, 'Media Storage SOP Class UID'),
    text(0x00020003, 'UI', meta.mediaStorageSopInstanceUid, 64, 'Media Storage SOP Instance UID'),
    text(0x00020010, 'UI', meta.transferSyntaxUid, 64, 'Transfer Syntax UID'),
    text(0x00020012, 'UI', meta.implementationClassUid ?? IMPLEMENTATION_CLASS_UID, 64, 'Implementation Class UID'),
    text(0x00020013, 'SH', meta.implementationVersionName ?? IMPLEMENTATION_VERSION_NAME, 16, 'Implementation Version Name'),
  ];
  if (meta.sourceApplicationEntityTitle) elements.push(text(0x00020016, 'AE', meta.sourceApplicationEntityTitle, 16, 'Source AE Title'));
  if (meta.sendingApplicationEntityTitle) elements.push(text(0x00020017, 'AE', meta.sendingApplicationEntityTitle, 16, 'Sending AE Title'));
  if (meta.receivingApplicationEntityTitle) elements.push(text(0x00020018, 'AE', meta.receivingApplicationEntityTitle, 16, 'Receiving AE Title'));
  if (meta.privateInformationCreatorUid) {
    elements.push(text(0x00020100, 'UI', meta.privateInformationCreatorUid, 64, 'Private Information Creator UID'));
    if (meta.privateInformation) elements.push(el(0x00020102, 'OB', padEven(meta.privateInformation)));
  }
  const body = writeDataset({ elements, encoding: EXPLICIT_LE }, EXPLICIT_LE);
  const groupLength = writeDataset({ elements: [el(0x00020000, 'UL', u32le(body.length))], encoding: EXPLICIT_LE }, EXPLICIT_LE);
  const out = new Uint8Array(132 + groupLength.length + body.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(groupLength, 132);
  out.set(body, 132 + groupLength.length);
  return out;
}

function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

function padEven(b: Uint8Array): Uint8Array {
  if ((b.length & 1) === 0) return b;
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}

/**
 * A Part 10 file from data set bytes already in meta.transferSyntaxUid (deflated ones
 * already deflated): the bytes are copied untouched after the meta header.
 */
export function writePart10(datasetBytes: Uint8Array, meta: FileMetaInformation): Uint8Array {
  const header = writeFileMeta(meta);
  const out = new Uint8Array(header.length + datasetBytes.length);
  out.set(header);
  out.set(datasetBytes, header.length);
  return out;
}

/** A Part 10 file from a tree, encoded in meta.transferSyntaxUid (bit-preserving if unchanged). */
export function writePart10FromTree(tree: DicomElementTree, meta: FileMetaInformation): Uint8Array {
  return writePart10(writeDataset(tree, meta.transferSyntaxUid), meta);
}
