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

/**
 * The meta header of every instance received on an association differs only in its SOP
 * Instance UID: the elements around it are encoded once per combination (at most a few per
 * association) and the UID element is written by hand, which takes the encoder off the
 * per-instance path of the Storage SCP.
 */
const metaParts = new Map<string, { head: Uint8Array; tail: Uint8Array }>();
const MAX_META_PARTS = 64;

/** (0002,0003) in Explicit VR Little Endian, or undefined when the UID is not plain ASCII. */
function instanceUidElement(uid: string): Uint8Array | undefined {
  if (uid.length > 64 || !/^[\x20-\x7e]*$/.test(uid)) return undefined;
  const len = uid.length + (uid.length & 1);
  const out = new Uint8Array(8 + len);
  out.set([0x02, 0x00, 0x03, 0x00, 0x55, 0x49, len & 0xff, len >> 8]);
  for (let i = 0; i < uid.length; i++) out[8 + i] = uid.charCodeAt(i);
  return out; // the pad byte of an odd-length UI value is already 0x00 (PS3.5 9.1)
}

/** Preamble + 'DICM' + group 0002 with (0002,0000) group length. */
export function writeFileMeta(meta: FileMetaInformation): Uint8Array {
  const uidElement = meta.privateInformation ? undefined : instanceUidElement(meta.mediaStorageSopInstanceUid);
  if (!uidElement) return encodeFileMeta(meta);
  const key = JSON.stringify([meta.mediaStorageSopClassUid, meta.transferSyntaxUid, meta.implementationClassUid, meta.implementationVersionName,
    meta.sourceApplicationEntityTitle, meta.sendingApplicationEntityTitle, meta.receivingApplicationEntityTitle, meta.privateInformationCreatorUid]);
  let parts = metaParts.get(key);
  if (!parts) {
    // Encoded once with an empty instance UID, then split around that (8-byte) element.
    const whole = encodeFileMeta({ ...meta, mediaStorageSopInstanceUid: '' });
    const at = findEmptyUidElement(whole);
    parts = { head: whole.subarray(0, at), tail: whole.subarray(at + 8) };
    if (metaParts.size >= MAX_META_PARTS) metaParts.clear();
    metaParts.set(key, parts);
  }
  const out = new Uint8Array(parts.head.length + uidElement.length + parts.tail.length);
  out.set(parts.head, 0);
  out.set(uidElement, parts.head.length);
  out.set(parts.tail, parts.head.length + uidElement.length);
  // (0002,0000) group length: its value is the 4 bytes after 128 + 'DICM' + 8 header bytes.
  const groupLength = out.length - 144;
  new DataView(out.buffer, out.byteOffset).setUint32(140, groupLength, true);
  return out;
}

/** Offset of the (0002,0003) UI element of length 0 in an encoded meta header. */
function findEmptyUidElement(b: Uint8Array): number {
  for (let i = 144; i + 8 <= b.length; i++) {
    if (b[i] === 0x02 && b[i + 1] === 0x00 && b[i + 2] === 0x03 && b[i + 3] === 0x00 && b[i + 4] === 0x55 && b[i + 5] === 0x49 && b[i + 6] === 0 && b[i + 7] === 0) return i;
  }
  throw new Error('unreachable: the meta header has no (0002,0003) element');
}

/** The general encoder behind writeFileMeta (no memoisation). */
export function encodeFileMeta(meta: FileMetaInformation): Uint8Array {
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
