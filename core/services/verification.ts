/**
 * Verification Service Class (PS3.4 Annex A): C-ECHO as SCU and SCP.
 */
import { associate, type AssociateOptions } from '../network/associate.js';
import { type Association, type DimseResponse, type IncomingRequest } from '../network/association.js';
import { cEchoRq, cEchoRsp, type DimseMessage } from '../network/dimse/messages.js';
import { CommandField } from '../network/dimse/command-set.js';
import { TransferSyntax, VERIFICATION_SOP_CLASS } from '../dicom/uids.js';

/** The uncompressed transfer syntaxes every peer supports, Explicit VR LE first. */
export const UNCOMPRESSED_TRANSFER_SYNTAXES: readonly string[] = [
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
];

export function verificationProposal(): { abstractSyntax: string; transferSyntaxes: string[] } {
  return { abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [TransferSyntax.ImplicitVRLittleEndian] };
}

/** Sends C-ECHO-RQ on an open association (PS3.7 9.1.5). */
export function cEcho(association: Association, timeoutMs?: number): Promise<DimseResponse> {
  return association.request(cEchoRq({ messageId: 0 }), { service: 'verification', timeoutMs });
}

export interface EchoResult {
  ok: boolean;
  status: DimseResponse['status'];
  /** Round trip of the whole exchange: connect, associate, C-ECHO, release. */
  elapsedMs: number;
  peerImplementationClassUid?: string;
  peerImplementationVersionName?: string;
}

/** Associates, sends one C-ECHO and releases: the "is the peer there?" check. Errors are thrown typed. */
export async function echo(opts: Omit<AssociateOptions, 'proposals'>): Promise<EchoResult> {
  const started = performance.now();
  const association = await associate({ ...opts, proposals: [verificationProposal()] });
  try {
    const rsp = await cEcho(association);
    await association.release();
    return {
      ok: rsp.status.category === 'success',
      status: rsp.status,
      elapsedMs: Math.round(performance.now() - started),
      peerImplementationClassUid: association.negotiated?.peerImplementationClassUid,
      peerImplementationVersionName: association.negotiated?.peerImplementationVersionName,
    };
  } catch (err) {
    association.abort();
    throw err;
  }
}

/** SCP side: answers C-ECHO-RQ with success; returns undefined for anything else. */
export function answerEcho(req: IncomingRequest): DimseMessage | undefined {
  if (req.command.commandField !== CommandField.C_ECHO_RQ) return undefined;
  return cEchoRsp(req.command, 0x0000);
}
