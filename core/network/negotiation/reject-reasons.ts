/**
 * Plain-language texts for A-ASSOCIATE-RJ (PS3.8 Table 9-21) and A-ABORT
 * (PS3.8 Table 9-26), for technologists and for logs. Each text ends with the
 * standard's own terms in brackets so that support staff can match it to the peer's
 * log or conformance statement.
 */

/** A-ASSOCIATE-RJ Result field (PS3.8 Table 9-21). */
export const RejectResult = { Permanent: 1, Transient: 2 } as const;

/** A-ASSOCIATE-RJ Source field (PS3.8 Table 9-21). */
export const RejectSource = {
  ServiceUser: 1,
  ServiceProviderAcse: 2,
  ServiceProviderPresentation: 3,
} as const;

/** A-ASSOCIATE-RJ Reason/Diag. values per source (PS3.8 Table 9-21). */
export const RejectReason = {
  /** Source 1 (service-user). */
  User: {
    NoReasonGiven: 1,
    ApplicationContextNameNotSupported: 2,
    CallingAeTitleNotRecognized: 3,
    CalledAeTitleNotRecognized: 7,
  },
  /** Source 2 (service-provider, ACSE related function). */
  Acse: {
    NoReasonGiven: 1,
    ProtocolVersionNotSupported: 2,
  },
  /** Source 3 (service-provider, presentation related function). */
  Presentation: {
    TemporaryCongestion: 1,
    LocalLimitExceeded: 2,
  },
} as const;

/** Optional details that make the text concrete. */
export interface RejectionContext {
  /** Who rejected, as the user knows it ("The printer 'DRYSTAR'"); default "The remote system". */
  peerName?: string;
  calledAeTitle?: string;
  callingAeTitle?: string;
}

function resultTerm(result: number): string {
  if (result === RejectResult.Permanent) return 'rejected-permanent';
  if (result === RejectResult.Transient) return 'rejected-transient';
  return `unknown result ${result}`;
}

function sourceTerm(source: number): string {
  switch (source) {
    case RejectSource.ServiceUser: return 'DICOM UL service-user';
    case RejectSource.ServiceProviderAcse: return 'DICOM UL service-provider (ACSE related function)';
    case RejectSource.ServiceProviderPresentation: return 'DICOM UL service-provider (presentation related function)';
    default: return `unknown source ${source}`;
  }
}

/** The standard's term for a (source, reason) pair, e.g. "called-AE-title-not-recognized". */
export function rejectReasonTerm(source: number, reason: number): string {
  if (source === RejectSource.ServiceUser) {
    switch (reason) {
      case 1: return 'no-reason-given';
      case 2: return 'application-context-name-not-supported';
      case 3: return 'calling-AE-title-not-recognized';
      case 7: return 'called-AE-title-not-recognized';
      default: return (reason >= 4 && reason <= 6) || (reason >= 8 && reason <= 10) ? `reserved (${reason})` : `unknown reason ${reason}`;
    }
  }
  if (source === RejectSource.ServiceProviderAcse) {
    switch (reason) {
      case 1: return 'no-reason-given';
      case 2: return 'protocol-version-not-supported';
      default: return `unknown reason ${reason}`;
    }
  }
  if (source === RejectSource.ServiceProviderPresentation) {
    switch (reason) {
      case 1: return 'temporary-congestion';
      case 2: return 'local-limit-exceeded';
      default: return reason === 0 || (reason >= 3 && reason <= 7) ? `reserved (${reason})` : `unknown reason ${reason}`;
    }
  }
  return `unknown reason ${reason}`;
}

function quoted(ae: string | undefined): string {
  return ae === undefined ? '' : ` '${ae.trim()}'`;
}

/**
 * Plain-language description of an A-ASSOCIATE-RJ, e.g.
 * "The remote system does not recognise the called AE title 'PRINTER1'. Check the AE
 * title configured for it. (permanent) [rejected-permanent, DICOM UL service-user,
 * called-AE-title-not-recognized]".
 */
export function describeRejection(result: number, source: number, reason: number, context: RejectionContext = {}): string {
  const who = context.peerName ?? 'The remote system';
  const permanence = result === RejectResult.Permanent ? 'permanent: retrying will not help until the configuration changes'
    : result === RejectResult.Transient ? 'temporary: try again later'
      : 'of unknown permanence';
  let sentence: string;
  switch (`${source}:${reason}`) {
    case '1:1':
      sentence = `${who} refused the association without giving a reason. Its log may say why (for example an unknown user, or an AE title it does not accept).`;
      break;
    case '1:2':
      sentence = `${who} does not support the DICOM application context proposed. It may not be a DICOM device, or it expects a different protocol.`;
      break;
    case '1:3':
      sentence = `${who} does not recognise our calling AE title${quoted(context.callingAeTitle)}. Add this workstation's AE title to its list of known peers.`;
      break;
    case '1:7':
      sentence = `${who} does not recognise the called AE title${quoted(context.calledAeTitle)}. Check the AE title configured for it.`;
      break;
    case '2:1':
      sentence = `${who}'s DICOM network layer refused the association without giving a reason.`;
      break;
    case '2:2':
      sentence = `${who} does not support the DICOM upper layer protocol version we use.`;
      break;
    case '3:1':
      sentence = `${who} is temporarily congested and cannot take a new association now.`;
      break;
    case '3:2':
      sentence = `${who} has reached its limit of simultaneous associations (it is busy with other senders).`;
      break;
    default:
      sentence = `${who} rejected the association with a reason code that the standard does not define.`;
      break;
  }
  return `${sentence} (${permanence}) [${resultTerm(result)}, ${sourceTerm(source)}, ${rejectReasonTerm(source, reason)}]`;
}

/** A-ABORT Source field (PS3.8 Table 9-26). */
export const AbortSource = { ServiceUser: 0, Reserved: 1, ServiceProvider: 2 } as const;

/** A-ABORT Reason/Diag. values, meaningful when the source is the service-provider (PS3.8 Table 9-26). */
export const AbortReason = {
  NotSpecified: 0,
  UnrecognizedPdu: 1,
  UnexpectedPdu: 2,
  UnrecognizedPduParameter: 4,
  UnexpectedPduParameter: 5,
  InvalidPduParameterValue: 6,
} as const;

/** The standard's term for an A-ABORT reason (PS3.8 Table 9-26). */
export function abortReasonTerm(reason: number): string {
  switch (reason) {
    case 0: return 'reason-not-specified';
    case 1: return 'unrecognized-PDU';
    case 2: return 'unexpected-PDU';
    case 3: return 'reserved (3)';
    case 4: return 'unrecognized-PDU-parameter';
    case 5: return 'unexpected-PDU-parameter';
    case 6: return 'invalid-PDU-parameter-value';
    default: return `unknown reason ${reason}`;
  }
}

/**
 * Plain-language description of an A-ABORT (or A-P-ABORT) with its source and reason.
 * The reason is only meaningful for source 2; for source 0 (service-user) it is
 * "not significant" (PS3.8 9.3.8), so it is not shown.
 */
export function describeAbort(source: number | undefined, reason: number | undefined): string {
  if (source === undefined) {
    return 'The connection was aborted (no reason available).';
  }
  if (source === AbortSource.ServiceUser) {
    return 'The remote application aborted the association (it gave no reason; its log may say why). [A-ABORT, DICOM UL service-user]';
  }
  if (source === AbortSource.ServiceProvider) {
    const r = reason ?? 0;
    let sentence: string;
    switch (r) {
      case 0: sentence = 'The DICOM network layer aborted the association without a specific reason.'; break;
      case 1: sentence = 'The association was aborted because a message could not be recognised (unknown PDU type).'; break;
      case 2: sentence = 'The association was aborted because a message arrived that was not expected at that point of the exchange.'; break;
      case 4: sentence = 'The association was aborted because a message contained a parameter that could not be recognised.'; break;
      case 5: sentence = 'The association was aborted because a message contained a parameter that was not expected.'; break;
      case 6: sentence = 'The association was aborted because a message contained an invalid parameter value.'; break;
      default: sentence = 'The DICOM network layer aborted the association with a reason code that the standard does not define.'; break;
    }
    return `${sentence} [A-ABORT, DICOM UL service-provider, ${abortReasonTerm(r)}]`;
  }
  return `The association was aborted (source ${source} is reserved, reason ${reason ?? 'none'}). [A-ABORT]`;
}
