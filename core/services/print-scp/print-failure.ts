/**
 * The statuses the virtual imager answers (PS3.7 C.4 general N-service statuses, PS3.4 H.4
 * print-specific ones, constants as in DCMTK dimse.h) and the result type its checks return:
 * a non-success status is a result with a reason, never an exception (ARCHITECTURE.md).
 */
import { formatTag } from '../../dicom/tag.js';

export const PrintStatus = {
  Success: 0x0000,
  /** PS3.7 C.4.2: an attribute the SCP does not support (optional attribute the profile lacks). */
  NoSuchAttribute: 0x0105,
  /** PS3.7 C.4.2: a value the SCP does not accept. */
  InvalidAttributeValue: 0x0106,
  /** PS3.7 C.4.2 warning: some attributes of an N-GET list are not available. */
  AttributeListError: 0x0107,
  ProcessingFailure: 0x0110,
  /** Already exists: a second Film Session on one association (PS3.4 H.4.1.2.1). */
  DuplicateSopInstance: 0x0111,
  NoSuchSopInstance: 0x0112,
  NoSuchEventType: 0x0113,
  NoSuchSopClass: 0x0118,
  MissingAttribute: 0x0120,
  MissingAttributeValue: 0x0121,
  UnrecognizedOperation: 0x0211,
  NoSuchAction: 0x0123,
  /** PS3.4 H.4 warnings and failures. */
  MemoryAllocationNotSupported: 0xb600,
  EmptySession: 0xb602,
  EmptyFilmBox: 0xb603,
  ImageDemagnified: 0xb604,
  DensityOutOfRange: 0xb605,
  ImageCropped: 0xb609,
  ImageDecimated: 0xb60a,
  NoFilmBox: 0xc600,
  ImageLargerThanBox: 0xc603,
} as const;

export interface Outcome {
  status: number;
  /** Plain words, sent as Error Comment (at most 64 characters on the wire). */
  comment?: string;
  /** Offending Element (0000,1021) for 0x0105/0x0106/0x0120 answers (PS3.7 C.4.2). */
  offending?: number[];
}

export function fail(status: number, comment: string, offending?: number | number[]): Outcome {
  const o: Outcome = { status, comment };
  if (offending !== undefined) o.offending = Array.isArray(offending) ? offending : [offending];
  return o;
}

export function isFailure(status: number): boolean {
  return status !== 0 && (status & 0xf000) !== 0xb000 && status !== 0x0107 && status !== 0x0116 && status !== 0x0001;
}

/** Combines warnings: the first warning (in the order checked) is the one answered. */
export class WarningSet {
  private readonly list: Outcome[] = [];
  add(status: number, comment: string): void { this.list.push({ status, comment }); }
  get all(): readonly Outcome[] { return this.list; }
  first(): Outcome { return this.list[0] ?? { status: PrintStatus.Success }; }
}

export function tagText(tag: number): string { return formatTag(tag); }
