/**
 * What the Storage SCP accepts: every Storage SOP class of the current standard (PS3.4
 * Table B.5-1) plus the retired ones still met in the field, and Verification; every
 * transfer syntax we can store (we store the bytes as received, so any encoding whose
 * data set we can parse for the index will do).
 *
 * Preference when one presentation context proposes several (PS3.8 9.3.3.2: the acceptor
 * picks one): lossless compressed syntaxes first, as proposed (the sender keeps its own
 * encoding, no decompression); then the uncompressed ones with Explicit VR Little Endian
 * first (PS3.5 A.2); lossy syntaxes last, so that a sender offering both lossy and
 * uncompressed for an uncompressed image is never asked to throw information away.
 */
import type { AcceptorSupport } from '../../network/negotiation/acceptor.js';
import { RETIRED_STORAGE_SOP_CLASSES, STORAGE_SOP_CLASSES, TransferSyntax, VERIFICATION_SOP_CLASS } from '../../dicom/uids.js';
import { TRANSFER_SYNTAXES } from '../../dicom/transfer-syntax.js';

const UNCOMPRESSED_ORDER: readonly string[] = [
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
];

/** Our transfer syntax preference order for storage (see the module comment). */
export function storageTransferSyntaxes(): string[] {
  const lossless = TRANSFER_SYNTAXES.filter((t) => t.encapsulated && !t.lossy && !UNCOMPRESSED_ORDER.includes(t.uid)).map((t) => t.uid);
  const lossy = TRANSFER_SYNTAXES.filter((t) => (t.lossy || t.referenced) && !UNCOMPRESSED_ORDER.includes(t.uid)).map((t) => t.uid);
  return [...new Set([...lossless, ...UNCOMPRESSED_ORDER, ...lossy])];
}

/** Acceptor support for a Storage + Verification SCP. */
export function storageScpSupport(): AcceptorSupport[] {
  const syntaxes = storageTransferSyntaxes();
  return [
    { abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian] },
    ...[...STORAGE_SOP_CLASSES, ...RETIRED_STORAGE_SOP_CLASSES].map((uid) => ({ abstractSyntax: uid, transferSyntaxes: syntaxes })),
  ];
}
