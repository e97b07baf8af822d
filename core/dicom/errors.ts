/**
 * Errors of the DICOM data layer (files, data sets, character sets). They join the
 * project-wide DicomError family so front ends and tests can tell what failed where.
 */
import { DicomError } from '../network/errors.js';

export type DicomParseErrorCode =
  | 'TRUNCATED'        // a length runs past the end of the bytes
  | 'BAD_TAG'          // an item/delimiter tag where it does not belong, or vice versa
  | 'BAD_VR'           // explicit VR bytes that are not a VR
  | 'BAD_LENGTH'       // a length that cannot be right (undefined where not allowed...)
  | 'LIMIT'            // nesting depth, element count or inflated size over a limit
  | 'NOT_DICOM'        // no recognisable preamble, meta header or first element
  | 'BAD_META'         // File Meta Information unusable
  | 'INFLATE';         // Deflated Explicit VR Little Endian data did not inflate

/**
 * Bytes that cannot be parsed as DICOM. Carries the byte offset (from the start of the
 * file, or of the inflated data set for deflated transfer syntaxes) and the file name
 * when known, so a message can point at the exact place.
 */
export class DicomParseError extends DicomError {
  readonly parseCode: DicomParseErrorCode;
  readonly offset: number;
  readonly fileName: string | undefined;
  readonly detail: string;
  constructor(parseCode: DicomParseErrorCode, offset: number, detail: string,
    options: { fileName?: string; layer?: 'dataset' | 'file'; cause?: unknown } = {}) {
    const where = options.fileName ? `${options.fileName} at offset ${offset}` : `offset ${offset}`;
    super(options.layer ?? 'dataset', parseCode, `Cannot parse DICOM data (${where}): ${detail}`,
      options.cause === undefined ? undefined : { cause: options.cause });
    this.parseCode = parseCode;
    this.offset = offset;
    this.fileName = options.fileName;
    this.detail = detail;
  }
}

/** Well-formed input that asks for something we do not implement (a transfer syntax, a VR...). */
export class UnsupportedError extends DicomError {
  readonly what: string;
  constructor(what: string, detail?: string, layer: 'dataset' | 'file' = 'dataset') {
    super(layer, 'UNSUPPORTED', `Unsupported: ${what}${detail ? ` (${detail})` : ''}`);
    this.what = what;
  }
}

/** Text that cannot be represented in the requested Specific Character Set (PS3.3 C.12.1.1.2). */
export class CharsetEncodeError extends DicomError {
  readonly character: string;
  readonly specificCharacterSet: string;
  constructor(character: string, specificCharacterSet: string) {
    const cp = character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '?';
    super('dataset', 'CHARSET_UNENCODABLE',
      `Character '${character}' (U+${cp}) cannot be encoded in Specific Character Set '${specificCharacterSet}'`);
    this.character = character;
    this.specificCharacterSet = specificCharacterSet;
  }
}

/** A value that cannot be encoded for its VR (wrong type, too long for a 16-bit length...). */
export class DicomEncodeError extends DicomError {
  constructor(what: string, detail: string) {
    super('dataset', 'ENCODE', `Cannot encode ${what}: ${detail}`);
  }
}

/** A required attribute is absent or unreadable (e.g. Rows for pixel data, PS3.3 C.7.6.3). */
export class MissingAttributeError extends DicomError {
  readonly tag: string;
  constructor(tag: string, what: string, fileName?: string) {
    super('dataset', 'MISSING_ATTRIBUTE', `${fileName ? `${fileName}: ` : ''}${what} ${tag} is missing or invalid`);
    this.tag = tag;
  }
}
