/** Where the PACS is and who we are: what every Query/Retrieve operation needs to associate. */
import type { NetworkConfig } from '../../network/config.js';
import type { DimseTrace } from '../../network/dimse-trace.js';
import type { NegotiatedContext } from '../../network/negotiation/requestor.js';
import type { Association } from '../../network/association.js';
import { QueryRetrieveError } from './errors.js';
import { TransferSyntax } from '../../dicom/uids.js';

export interface PacsConnection {
  host: string;
  port: number;
  /** The PACS's AE title (called AE). */
  calledAeTitle: string;
  /** Ours (calling AE). */
  callingAeTitle: string;
  config?: Partial<NetworkConfig> | undefined;
  trace?: DimseTrace | undefined;
}

/** The accepted context for an abstract syntax where we are SCU; a clear error when the PACS refused it. */
export function requireContext(association: Association, abstractSyntax: string, what: string): NegotiatedContext {
  const ctx = association.negotiated?.contexts.find((c) => c.accepted && c.abstractSyntax === abstractSyntax && c.roles.scu);
  if (!ctx) {
    throw new QueryRetrieveError('NOT_SUPPORTED',
      `${association.calledAeTitle.trim() || 'The PACS'} does not support ${what} (it refused the presentation context for ${abstractSyntax})`);
  }
  return ctx;
}

/** The identifier is encoded in the context's syntax; only the two uncompressed ones are proposed for queries. */
export function isSupportedQuerySyntax(ts: string): boolean {
  return ts === TransferSyntax.ExplicitVRLittleEndian || ts === TransferSyntax.ImplicitVRLittleEndian;
}
