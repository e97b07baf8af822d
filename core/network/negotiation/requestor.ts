/**
 * Association negotiation as the requestor, as pure functions (no sockets):
 * build the A-ASSOCIATE-RQ from what we want to do, and interpret the peer's
 * A-ASSOCIATE-AC into the list of usable presentation contexts.
 *
 * Validation policy for the AC (decided here, PS3.8 9.3.3.2 and PS3.7 D.3.3.4):
 * a malformed answer from the peer never makes us use a context we did not
 * propose. Per-context faults (unknown ID, a transfer syntax we did not propose,
 * unknown result code, a missing answer) make that one context unusable
 * (`accepted: false`, `problem` set) and add a line to `warnings`; the rest of
 * the association stays usable. Like DCMTK, we prefer printing on the contexts
 * that are fine over failing the whole job; nothing is silent because callers log
 * `warnings`. Only a structurally unusable AC (no answer at all to any context we
 * proposed while claiming to accept) is left to the caller, via `acceptedCount`.
 */
import { DicomError } from '../errors.js';
import {
  type AAssociateAc,
  type AAssociateRq,
  type AsynchronousOperationsWindow,
  DICOM_APPLICATION_CONTEXT,
  emptyUserInformation,
  PresentationContextResult,
  type PresentationContextRq,
  type ScpScuRoleSelection,
  type SopClassCommonExtendedNegotiation,
  type SopClassExtendedNegotiation,
  type UserIdentityRq,
} from '../pdu/types.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, isValidUid, describeUid } from '../../dicom/uids.js';

/** Roles an AE takes for a SOP class (PS3.7 D.3.3.4). */
export interface Roles {
  scu: boolean;
  scp: boolean;
}

/** One abstract syntax we want to use, with our transfer syntaxes in preference order. */
export interface Proposal {
  abstractSyntax: string;
  transferSyntaxes: string[];
  /**
   * Roles WE (the requestor) want for this SOP class. Omit for the default (SCU only).
   * Example: a C-GET SCU proposes `{ scu: false, scp: true }` for each storage class
   * it wants to receive (PS3.4 C.4.3.1.2).
   */
  roles?: Roles;
}

/** A presentation context after negotiation. `roles` are the LOCAL AE's roles on it. */
export interface NegotiatedContext {
  id: number;
  abstractSyntax: string;
  /** The accepted transfer syntax; for a rejected context, the first one proposed (not significant). */
  transferSyntax: string;
  /** PS3.8 Table 9-18 result (0 acceptance, 1 user-rejection, 2 no-reason (provider rejection), 3, 4). */
  result: number;
  /** True when the context can carry messages: result 0, valid answer, and at least one role. */
  accepted: boolean;
  /** What the local AE may be on this context: requestor side from interpretAssociateAc, acceptor side from negotiateAsAcceptor. */
  roles: Roles;
  /** Why an answered-as-accepted context is nevertheless unusable. */
  problem?: string;
}

export interface NegotiatedAssociation {
  contexts: NegotiatedContext[];
  /** The peer's Maximum Length (PS3.8 D.1): largest P-DATA-TF PDU it accepts; 0 = unlimited or not stated. */
  peerMaxPduLength: number;
  peerImplementationClassUid?: string;
  peerImplementationVersionName?: string;
  /** User Identity server response (PS3.7 D.3.3.7.2), when the acceptor sent one. */
  userIdentityServerResponse?: Uint8Array;
  /** Negotiated Asynchronous Operations Window; absent = 1/1 (synchronous, PS3.7 D.3.3.3). */
  asyncOpsWindow?: AsynchronousOperationsWindow;
  /** Protocol irregularities worth a log line (never ignored silently). */
  warnings?: string[];
}

/** Negotiation inputs that cannot be encoded or make no sense (too many contexts, bad UID...). */
export class NegotiationError extends DicomError {
  constructor(code: string, message: string) {
    super('association', code, message);
  }
}

export interface BuildAssociateRqOptions {
  callingAeTitle: string;
  calledAeTitle: string;
  proposals: Proposal[];
  /** Our Maximum Length (PS3.8 D.1): the largest P-DATA-TF PDU we accept; 0 = unlimited. */
  maxPduLength: number;
  userIdentity?: UserIdentityRq | undefined;
  /** SOP Class Extended Negotiation items (PS3.7 D.3.3.5), e.g. relational queries. */
  extendedNegotiation?: SopClassExtendedNegotiation[] | undefined;
  /** SOP Class Common Extended Negotiation items (PS3.7 D.3.3.6). */
  commonExtendedNegotiation?: SopClassCommonExtendedNegotiation[] | undefined;
  /** Asynchronous Operations Window (PS3.7 D.3.3.3); omit for synchronous operation. */
  asyncOpsWindow?: AsynchronousOperationsWindow | undefined;
  /** Defaults to Filmstation's own. */
  implementationClassUid?: string | undefined;
  implementationVersionName?: string | undefined;
}

/** Presentation context IDs are odd integers 1..255 (PS3.8 9.3.2.2): at most 128 contexts. */
export const MAX_PRESENTATION_CONTEXTS = 128;

const DEFAULT_REQUESTOR_ROLES: Readonly<Roles> = Object.freeze({ scu: true, scp: false });

/** AE title rules (PS3.5 Table 6.2-1, VR AE): 1..16 chars, no backslash or control chars, not all spaces. */
export function checkAeTitle(field: string, value: string): void {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new NegotiationError('BAD_AE_TITLE', `${field} is empty`);
  if (trimmed.length > 16) throw new NegotiationError('BAD_AE_TITLE', `${field} '${trimmed}' is longer than 16 characters`);
  // Printable ASCII without backslash (PS3.5 6.1.2.1 default repertoire, 6.2 AE).
  if (!/^[\x20-\x5B\x5D-\x7E]+$/.test(trimmed)) throw new NegotiationError('BAD_AE_TITLE', `${field} '${trimmed}' contains characters not allowed in an AE title`);
}

function checkUid(field: string, uid: string): void {
  if (!isValidUid(uid)) throw new NegotiationError('BAD_UID', `${field} '${uid}' is not a valid UID`);
}

/**
 * Build an A-ASSOCIATE-RQ (PS3.8 9.3.2, PS3.7 Annex D.3.3).
 * Context IDs are 1, 3, 5, ... in proposal order. SCP/SCU Role Selection items are
 * added only for SOP classes whose proposals ask for non-default roles (PS3.7 D.3.3.4);
 * role items are per SOP class, so two proposals of one SOP class must not ask for
 * different roles.
 */
export function buildAssociateRq(options: BuildAssociateRqOptions): AAssociateRq {
  checkAeTitle('calling AE title', options.callingAeTitle);
  checkAeTitle('called AE title', options.calledAeTitle);
  const { proposals } = options;
  if (proposals.length === 0) throw new NegotiationError('NO_PROPOSALS', 'At least one presentation context must be proposed');
  if (proposals.length > MAX_PRESENTATION_CONTEXTS) {
    throw new NegotiationError('TOO_MANY_CONTEXTS',
      `${proposals.length} presentation contexts proposed; at most ${MAX_PRESENTATION_CONTEXTS} fit (context IDs are odd numbers 1..255, PS3.8 9.3.2.2)`);
  }
  if (!Number.isInteger(options.maxPduLength) || options.maxPduLength < 0 || options.maxPduLength > 0xFFFFFFFF) {
    throw new NegotiationError('BAD_MAX_PDU', `maximum PDU length ${options.maxPduLength} is not an unsigned 32-bit integer`);
  }

  const presentationContexts: PresentationContextRq[] = [];
  const rolesBySopClass = new Map<string, Roles>();
  proposals.forEach((proposal, index) => {
    checkUid('abstract syntax', proposal.abstractSyntax);
    if (proposal.transferSyntaxes.length === 0) {
      throw new NegotiationError('NO_TRANSFER_SYNTAX', `No transfer syntax proposed for ${describeUid(proposal.abstractSyntax)}`);
    }
    for (const ts of proposal.transferSyntaxes) checkUid('transfer syntax', ts);
    presentationContexts.push({
      id: index * 2 + 1,
      abstractSyntax: proposal.abstractSyntax,
      transferSyntaxes: [...new Set(proposal.transferSyntaxes)],
    });
    if (proposal.roles) {
      const { scu, scp } = proposal.roles;
      if (!scu && !scp) {
        throw new NegotiationError('BAD_ROLES', `Proposal for ${describeUid(proposal.abstractSyntax)} asks for neither SCU nor SCP role`);
      }
      const previous = rolesBySopClass.get(proposal.abstractSyntax);
      if (previous && (previous.scu !== scu || previous.scp !== scp)) {
        throw new NegotiationError('CONFLICTING_ROLES',
          `Two proposals for ${describeUid(proposal.abstractSyntax)} ask for different roles; role selection is per SOP class (PS3.7 D.3.3.4)`);
      }
      rolesBySopClass.set(proposal.abstractSyntax, { scu, scp });
    }
  });

  const roleSelections: ScpScuRoleSelection[] = [];
  for (const [sopClassUid, roles] of rolesBySopClass) {
    if (roles.scu === DEFAULT_REQUESTOR_ROLES.scu && roles.scp === DEFAULT_REQUESTOR_ROLES.scp) continue;
    roleSelections.push({ sopClassUid, scuRole: roles.scu, scpRole: roles.scp });
  }

  const implementationClassUid = options.implementationClassUid ?? IMPLEMENTATION_CLASS_UID;
  checkUid('implementation class UID', implementationClassUid);
  const implementationVersionName = options.implementationVersionName ?? IMPLEMENTATION_VERSION_NAME;
  if (implementationVersionName.length < 1 || implementationVersionName.length > 16) {
    throw new NegotiationError('BAD_VERSION_NAME', `implementation version name '${implementationVersionName}' must be 1 to 16 characters (PS3.7 D.3.3.2.3)`);
  }

  const userInformation = emptyUserInformation();
  userInformation.maximumLength = options.maxPduLength;
  userInformation.implementationClassUid = implementationClassUid;
  userInformation.implementationVersionName = implementationVersionName;
  userInformation.roleSelections = roleSelections;
  if (options.asyncOpsWindow) userInformation.asynchronousOperationsWindow = { ...options.asyncOpsWindow };
  if (options.extendedNegotiation) userInformation.sopClassExtended = options.extendedNegotiation.map((e) => ({ ...e }));
  if (options.commonExtendedNegotiation) userInformation.sopClassCommonExtended = options.commonExtendedNegotiation.map((e) => ({ ...e }));
  if (options.userIdentity) userInformation.userIdentityRq = { ...options.userIdentity };

  return {
    type: 'A-ASSOCIATE-RQ',
    protocolVersion: 1,
    calledAeTitle: options.calledAeTitle.trim(),
    callingAeTitle: options.callingAeTitle.trim(),
    applicationContextName: DICOM_APPLICATION_CONTEXT,
    presentationContexts,
    userInformation,
  };
}

/**
 * Roles after role selection (PS3.7 D.3.3.4, Table D.3-11 outcomes), from the
 * REQUESTOR's point of view. The acceptor may only narrow what was proposed: it may
 * answer 0 for a proposed role, never 1 for a role not proposed. No item in the RQ or
 * no item in the AC means the default roles (requestor SCU, acceptor SCP).
 */
export function requestorRoles(proposed: Roles | undefined, answered: Roles | undefined): Roles {
  if (!proposed || !answered) return { ...DEFAULT_REQUESTOR_ROLES };
  return { scu: proposed.scu && answered.scu, scp: proposed.scp && answered.scp };
}

function resultIsKnown(result: number): boolean {
  return Object.values(PresentationContextResult).includes(result as 0 | 1 | 2 | 3 | 4);
}

/**
 * Interpret the peer's A-ASSOCIATE-AC against the RQ we sent (PS3.8 9.3.3, PS3.7 D.3.3).
 * Returns every proposed context (answered or not) with the roles WE may take on it.
 * See the header comment for how faults in the AC are handled.
 */
export function interpretAssociateAc(rq: AAssociateRq, ac: AAssociateAc): NegotiatedAssociation {
  const warnings: string[] = [];
  const proposedById = new Map<number, PresentationContextRq>();
  for (const pc of rq.presentationContexts) proposedById.set(pc.id, pc);

  const proposedRoles = new Map<string, Roles>();
  for (const r of rq.userInformation.roleSelections) proposedRoles.set(r.sopClassUid, { scu: r.scuRole, scp: r.scpRole });
  const answeredRoles = new Map<string, Roles>();
  for (const r of ac.userInformation.roleSelections) {
    if (answeredRoles.has(r.sopClassUid)) {
      warnings.push(`The peer answered role selection twice for ${describeUid(r.sopClassUid)}; the first answer is used`);
      continue;
    }
    const proposed = proposedRoles.get(r.sopClassUid);
    if (!proposed) {
      warnings.push(`The peer sent a role selection for ${describeUid(r.sopClassUid)} that we did not propose; ignored (PS3.7 D.3.3.4)`);
      continue;
    }
    if ((r.scuRole && !proposed.scu) || (r.scpRole && !proposed.scp)) {
      warnings.push(`The peer granted a role we did not propose for ${describeUid(r.sopClassUid)}; only the proposed roles are used (PS3.7 D.3.3.4)`);
    }
    answeredRoles.set(r.sopClassUid, { scu: r.scuRole, scp: r.scpRole });
  }

  const answers = new Map<number, AAssociateAc['presentationContexts'][number]>();
  for (const answer of ac.presentationContexts) {
    if (!proposedById.has(answer.id)) {
      warnings.push(`The peer answered presentation context ${answer.id}, which we did not propose; ignored (PS3.8 9.3.3.2)`);
      continue;
    }
    if (answers.has(answer.id)) {
      warnings.push(`The peer answered presentation context ${answer.id} twice; the first answer is used`);
      continue;
    }
    answers.set(answer.id, answer);
  }

  const contexts: NegotiatedContext[] = rq.presentationContexts.map((pc) => {
    const firstTs = pc.transferSyntaxes[0] ?? '';
    const answer = answers.get(pc.id);
    if (!answer) {
      warnings.push(`The peer did not answer presentation context ${pc.id} (${describeUid(pc.abstractSyntax)}); treated as rejected`);
      return {
        id: pc.id, abstractSyntax: pc.abstractSyntax, transferSyntax: firstTs,
        result: PresentationContextResult.NoReason, accepted: false, roles: { scu: false, scp: false },
        problem: 'not answered by the peer',
      };
    }
    if (!resultIsKnown(answer.result)) {
      warnings.push(`The peer answered presentation context ${pc.id} with undefined result ${answer.result}; treated as rejected`);
      return {
        id: pc.id, abstractSyntax: pc.abstractSyntax, transferSyntax: firstTs,
        result: answer.result, accepted: false, roles: { scu: false, scp: false },
        problem: `undefined result code ${answer.result}`,
      };
    }
    if (answer.result !== PresentationContextResult.Acceptance) {
      // The transfer syntax of a rejected context "shall not be tested" (PS3.8 9.3.3.2).
      return {
        id: pc.id, abstractSyntax: pc.abstractSyntax, transferSyntax: firstTs,
        result: answer.result, accepted: false, roles: { scu: false, scp: false },
      };
    }
    if (!pc.transferSyntaxes.includes(answer.transferSyntax)) {
      warnings.push(`The peer accepted presentation context ${pc.id} (${describeUid(pc.abstractSyntax)}) with transfer syntax ${describeUid(answer.transferSyntax)}, which we did not propose; the context is not used`);
      return {
        id: pc.id, abstractSyntax: pc.abstractSyntax, transferSyntax: answer.transferSyntax,
        result: answer.result, accepted: false, roles: { scu: false, scp: false },
        problem: 'accepted with a transfer syntax we did not propose',
      };
    }
    const roles = requestorRoles(proposedRoles.get(pc.abstractSyntax), answeredRoles.get(pc.abstractSyntax));
    const usable = roles.scu || roles.scp;
    const ctx: NegotiatedContext = {
      id: pc.id, abstractSyntax: pc.abstractSyntax, transferSyntax: answer.transferSyntax,
      result: answer.result, accepted: usable, roles,
    };
    if (!usable) {
      ctx.problem = 'the peer accepted none of the roles we proposed';
      warnings.push(`Presentation context ${pc.id} (${describeUid(pc.abstractSyntax)}) was accepted but the peer granted none of our proposed roles; not used`);
    }
    return ctx;
  });

  const peerMax = ac.userInformation.maximumLength;
  if (peerMax === undefined) {
    warnings.push('The peer sent no Maximum Length sub-item (PS3.8 D.1); its limit is unknown');
  }
  if (rq.userInformation.userIdentityRq?.positiveResponseRequested && !ac.userInformation.userIdentityAc) {
    warnings.push('We asked for a positive User Identity response and the peer sent none (PS3.7 D.3.3.7)');
  }

  const negotiated: NegotiatedAssociation = { contexts, peerMaxPduLength: peerMax ?? 0 };
  if (ac.userInformation.implementationClassUid !== undefined) negotiated.peerImplementationClassUid = ac.userInformation.implementationClassUid;
  if (ac.userInformation.implementationVersionName !== undefined) negotiated.peerImplementationVersionName = ac.userInformation.implementationVersionName;
  if (ac.userInformation.userIdentityAc) negotiated.userIdentityServerResponse = ac.userInformation.userIdentityAc.serverResponse;
  if (rq.userInformation.asynchronousOperationsWindow) {
    // Absent in the AC = the acceptor does not support it: synchronous (PS3.7 D.3.3.3.2).
    negotiated.asyncOpsWindow = ac.userInformation.asynchronousOperationsWindow
      ? { ...ac.userInformation.asynchronousOperationsWindow }
      : { maxOperationsInvoked: 1, maxOperationsPerformed: 1 };
  }
  negotiated.warnings = warnings;
  return negotiated;
}

export interface FindContextOptions {
  /** Only a context that accepted exactly this transfer syntax. */
  transferSyntax?: string;
  /** Only a context on which the local AE may take this role. */
  role?: 'scu' | 'scp';
}

/**
 * First accepted context for an abstract syntax (and optionally a transfer syntax and a
 * role for the local AE), in context-ID order; undefined when there is none.
 */
export function findContext(negotiated: Pick<NegotiatedAssociation, 'contexts'>, abstractSyntax: string,
  opts: FindContextOptions = {}): NegotiatedContext | undefined {
  return negotiated.contexts.find((c) => c.accepted
    && c.abstractSyntax === abstractSyntax
    && (opts.transferSyntax === undefined || c.transferSyntax === opts.transferSyntax)
    && (opts.role === undefined || c.roles[opts.role]));
}

/** Number of contexts that can carry messages. */
export function acceptedCount(negotiated: Pick<NegotiatedAssociation, 'contexts'>): number {
  return negotiated.contexts.filter((c) => c.accepted).length;
}
