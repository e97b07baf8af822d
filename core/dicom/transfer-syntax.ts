/**
 * Transfer Syntax properties (PS3.5 section 10 and Annex A; PS3.6 Table A-1).
 * Every Transfer Syntax other than Implicit VR Little Endian and the retired Explicit VR
 * Big Endian encodes the data set as Explicit VR Little Endian (PS3.5 section 10.1), which
 * lets us parse the data set of an unknown one; only its pixel data is opaque.
 */
import { UnsupportedError } from './errors.js';

export interface TransferSyntax {
  readonly uid: string;
  readonly name: string;
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
  /** Pixel Data is encapsulated (PS3.5 A.4). */
  readonly encapsulated: boolean;
  /** The data set after the meta header is deflated (PS3.5 A.5). */
  readonly deflated: boolean;
  /** The compression may lose information. */
  readonly lossy: boolean;
  /** Pixel data are referenced (JPIP), not in the data set. */
  readonly referenced: boolean;
  readonly retired: boolean;
  /** False when built by transferSyntaxOrDefault() for a UID not in our table. */
  readonly known: boolean;
}

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.98';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';
export const RLE_LOSSLESS = '1.2.840.10008.1.2.5';

type Flags = { lossy?: boolean; retired?: boolean; referenced?: boolean; encapsulated?: boolean };

function ts(uid: string, name: string, flags: Flags = {}, base: Partial<TransferSyntax> = {}): TransferSyntax {
  return Object.freeze({
    uid, name, explicitVr: true, littleEndian: true, encapsulated: flags.encapsulated ?? true, deflated: false,
    lossy: flags.lossy ?? false, referenced: flags.referenced ?? false, retired: flags.retired ?? false,
    known: true, ...base,
  });
}

const NATIVE = { encapsulated: false };
const LIST: TransferSyntax[] = [
  ts(IMPLICIT_VR_LITTLE_ENDIAN, 'Implicit VR Little Endian', NATIVE, { explicitVr: false }),
  ts(EXPLICIT_VR_LITTLE_ENDIAN, 'Explicit VR Little Endian', NATIVE),
  ts(ENCAPSULATED_UNCOMPRESSED_EXPLICIT_VR_LITTLE_ENDIAN, 'Encapsulated Uncompressed Explicit VR Little Endian'),
  ts(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, 'Deflated Explicit VR Little Endian', NATIVE, { deflated: true }),
  ts(EXPLICIT_VR_BIG_ENDIAN, 'Explicit VR Big Endian', { encapsulated: false, retired: true }, { littleEndian: false }),
  ts('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', { lossy: true }),
  ts('1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)', { lossy: true }),
  ts('1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)'),
  ts('1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])'),
  ts('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless Image Compression'),
  ts('1.2.840.10008.1.2.4.81', 'JPEG-LS Lossy (Near-Lossless) Image Compression', { lossy: true }),
  ts('1.2.840.10008.1.2.4.90', 'JPEG 2000 Image Compression (Lossless Only)'),
  ts('1.2.840.10008.1.2.4.91', 'JPEG 2000 Image Compression', { lossy: true }),
  ts('1.2.840.10008.1.2.4.92', 'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)'),
  ts('1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2 Multi-component Image Compression', { lossy: true }),
  ts('1.2.840.10008.1.2.4.94', 'JPIP Referenced', { referenced: true, encapsulated: false }),
  ts('1.2.840.10008.1.2.4.95', 'JPIP Referenced Deflate', { referenced: true, encapsulated: false }, { deflated: true }),
  ts('1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level', { lossy: true }),
  ts('1.2.840.10008.1.2.4.100.1', 'Fragmentable MPEG2 Main Profile / Main Level', { lossy: true }),
  ts('1.2.840.10008.1.2.4.101', 'MPEG2 Main Profile / High Level', { lossy: true }),
  ts('1.2.840.10008.1.2.4.101.1', 'Fragmentable MPEG2 Main Profile / High Level', { lossy: true }),
  ts('1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile / Level 4.1', { lossy: true }),
  ts('1.2.840.10008.1.2.4.102.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1', { lossy: true }),
  ts('1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', { lossy: true }),
  ts('1.2.840.10008.1.2.4.103.1', 'Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', { lossy: true }),
  ts('1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', { lossy: true }),
  ts('1.2.840.10008.1.2.4.104.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', { lossy: true }),
  ts('1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', { lossy: true }),
  ts('1.2.840.10008.1.2.4.105.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', { lossy: true }),
  ts('1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', { lossy: true }),
  ts('1.2.840.10008.1.2.4.106.1', 'Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', { lossy: true }),
  ts('1.2.840.10008.1.2.4.107', 'HEVC/H.265 Main Profile / Level 5.1', { lossy: true }),
  ts('1.2.840.10008.1.2.4.108', 'HEVC/H.265 Main 10 Profile / Level 5.1', { lossy: true }),
  ts('1.2.840.10008.1.2.4.110', 'JPEG XL Lossless'),
  ts('1.2.840.10008.1.2.4.111', 'JPEG XL JPEG Recompression'),
  ts('1.2.840.10008.1.2.4.112', 'JPEG XL', { lossy: true }),
  ts('1.2.840.10008.1.2.4.201', 'High-Throughput JPEG 2000 Image Compression (Lossless Only)'),
  ts('1.2.840.10008.1.2.4.202', 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)'),
  ts('1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000 Image Compression', { lossy: true }),
  ts('1.2.840.10008.1.2.4.204', 'JPIP HTJ2K Referenced', { referenced: true, encapsulated: false }),
  ts('1.2.840.10008.1.2.4.205', 'JPIP HTJ2K Referenced Deflate', { referenced: true, encapsulated: false }, { deflated: true }),
  ts(RLE_LOSSLESS, 'RLE Lossless'),
  // Retired JPEG processes (PS3.6 Table A-1): still met in old archives.
  ...[52, 53, 54, 55, 56, 58, 59, 60, 61, 62, 63, 64, 65, 66].map((n) =>
    ts(`1.2.840.10008.1.2.4.${n}`, `JPEG (retired process, 1.2.840.10008.1.2.4.${n})`, { retired: true, lossy: ![57, 58, 65, 66].includes(n) })),
];

const BY_UID = new Map(LIST.map((t) => [t.uid, t]));

/** All transfer syntaxes we know. */
export const TRANSFER_SYNTAXES: readonly TransferSyntax[] = LIST;

/** Trailing NUL/space padding of a UI value removed (PS3.5 section 6.2). */
export function normalizeUid(uid: string): string {
  return uid.replace(/[\0 ]+$/u, '').trim();
}

export function transferSyntax(uid: string): TransferSyntax | undefined {
  return BY_UID.get(normalizeUid(uid));
}

/**
 * Properties for parsing any UID: an unknown UID is treated as Explicit VR Little Endian
 * with encapsulated pixel data (PS3.5 section 10.1), marked known: false.
 */
export function transferSyntaxOrDefault(uid: string): TransferSyntax {
  const u = normalizeUid(uid);
  return BY_UID.get(u) ?? Object.freeze({
    uid: u, name: `Unknown transfer syntax ${u}`, explicitVr: true, littleEndian: true, encapsulated: true,
    deflated: false, lossy: false, referenced: false, retired: false, known: false,
  });
}

/** Like transferSyntax() but an unknown UID is an UnsupportedError. */
export function requireTransferSyntax(uid: string): TransferSyntax {
  const t = transferSyntax(uid);
  if (!t) throw new UnsupportedError(`transfer syntax ${normalizeUid(uid)}`, 'not in PS3.6 Table A-1 as known here');
  return t;
}

/** The byte encoding of a data set, apart from compression. */
export interface DatasetEncoding {
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
}

export const IMPLICIT_LE: DatasetEncoding = Object.freeze({ explicitVr: false, littleEndian: true });
export const EXPLICIT_LE: DatasetEncoding = Object.freeze({ explicitVr: true, littleEndian: true });
export const EXPLICIT_BE: DatasetEncoding = Object.freeze({ explicitVr: true, littleEndian: false });

export function sameEncoding(a: DatasetEncoding, b: DatasetEncoding): boolean {
  return a.explicitVr === b.explicitVr && a.littleEndian === b.littleEndian;
}

export function encodingOf(t: TransferSyntax): DatasetEncoding {
  return t.explicitVr ? (t.littleEndian ? EXPLICIT_LE : EXPLICIT_BE) : IMPLICIT_LE;
}
