/**
 * One-line, human summary of a PDU for logs and the DIMSE trace.
 * Never prints user identity fields (they may hold a password).
 */
import type { Pdu } from './types.js';

/** A-ASSOCIATE-RJ result, source and reason texts (PS3.8 Table 9-21). */
const RJ_RESULT: Record<number, string> = { 1: 'rejected-permanent', 2: 'rejected-transient' };
const RJ_SOURCE: Record<number, string> = {
  1: 'service-user',
  2: 'service-provider (ACSE)',
  3: 'service-provider (presentation)',
};
const RJ_REASON: Record<number, Record<number, string>> = {
  1: {
    1: 'no-reason-given',
    2: 'application-context-name-not-supported',
    3: 'calling-AE-title-not-recognized',
    7: 'called-AE-title-not-recognized',
  },
  2: { 1: 'no-reason-given', 2: 'protocol-version-not-supported' },
  3: { 1: 'temporary-congestion', 2: 'local-limit-exceeded' },
};

/** A-ABORT source and provider reasons (PS3.8 Table 9-26). */
const ABORT_SOURCE: Record<number, string> = { 0: 'service-user', 1: 'reserved', 2: 'service-provider' };
const ABORT_REASON: Record<number, string> = {
  0: 'reason-not-specified',
  1: 'unrecognized-PDU',
  2: 'unexpected-PDU',
  4: 'unrecognized-PDU-parameter',
  5: 'unexpected-PDU-parameter',
  6: 'invalid-PDU-parameter-value',
};

/** How many PDVs are detailed before the rest is summarised. */
const MAX_PDVS_DETAILED = 4;

export function describePdu(pdu: Pdu): string {
  switch (pdu.type) {
    case 'A-ASSOCIATE-RQ': {
      const max = pdu.userInformation.maximumLength;
      return `A-ASSOCIATE-RQ ${pdu.callingAeTitle}->${pdu.calledAeTitle} ${plural(pdu.presentationContexts.length, 'context')}`
        + ` maxPDU=${max === undefined ? 'none' : max === 0 ? 'unlimited' : max}`
        + extras(pdu.userInformation.roleSelections.length, pdu.userInformation.userIdentityRq !== undefined);
    }
    case 'A-ASSOCIATE-AC': {
      const max = pdu.userInformation.maximumLength;
      const accepted = pdu.presentationContexts.filter((pc) => pc.result === 0).length;
      return `A-ASSOCIATE-AC ${pdu.callingAeTitle}->${pdu.calledAeTitle} ${accepted}/${plural(pdu.presentationContexts.length, 'context')} accepted`
        + ` maxPDU=${max === undefined ? 'none' : max === 0 ? 'unlimited' : max}`
        + extras(pdu.userInformation.roleSelections.length, pdu.userInformation.userIdentityAc !== undefined);
    }
    case 'A-ASSOCIATE-RJ': {
      const reason = RJ_REASON[pdu.source]?.[pdu.reason] ?? `reason ${pdu.reason}`;
      return `A-ASSOCIATE-RJ ${RJ_RESULT[pdu.result] ?? `result ${pdu.result}`}`
        + ` ${RJ_SOURCE[pdu.source] ?? `source ${pdu.source}`}: ${reason}`;
    }
    case 'P-DATA-TF': {
      let total = 0;
      for (const pdv of pdu.pdvs) total += pdv.data.length;
      const shown = pdu.pdvs.slice(0, MAX_PDVS_DETAILED).map((pdv) =>
        `ctx ${pdv.presentationContextId} ${pdv.isCommand ? 'command' : 'data'}${pdv.isLastFragment ? ' last' : ''} ${pdv.data.length} B`);
      if (pdu.pdvs.length > MAX_PDVS_DETAILED) shown.push(`+${pdu.pdvs.length - MAX_PDVS_DETAILED} more`);
      return `P-DATA-TF ${plural(pdu.pdvs.length, 'PDV')} ${total} B [${shown.join('; ')}]`;
    }
    case 'A-RELEASE-RQ':
    case 'A-RELEASE-RP':
      return pdu.type;
    case 'A-ABORT': {
      // The reason is only meaningful when the provider aborted (PS3.8 section 9.3.8).
      const reason = pdu.source === 2 ? `: ${ABORT_REASON[pdu.reason] ?? `reason ${pdu.reason}`}` : '';
      return `A-ABORT ${ABORT_SOURCE[pdu.source] ?? `source ${pdu.source}`}${reason}`;
    }
    default: {
      const unknown: { type?: unknown } = pdu;
      return `unknown PDU ${String(unknown.type)}`;
    }
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function extras(roles: number, identity: boolean): string {
  return `${roles > 0 ? ` roles=${roles}` : ''}${identity ? ' user-identity' : ''}`;
}
