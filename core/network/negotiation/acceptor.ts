/**
 * Association negotiation as the acceptor, as a pure function: decide, from an
 * A-ASSOCIATE-RQ and our policy, between an A-ASSOCIATE-AC (with the result of every
 * presentation context) and an A-ASSOCIATE-RJ (PS3.8 9.3.3, 9.3.4, Table 9-21).
 *
 * Order of the association-level checks (the first failing one decides):
 *   1. protocol version without bit 0       -> permanent, source 2, reason 2 (protocol-version-not-supported)
 *   2. application context name not DICOM   -> permanent, source 1, reason 2 (application-context-name-not-supported)
 *   3. called AE title not ours (if checked)-> permanent, source 1, reason 7 (called-AE-title-not-recognized)
 *   4. calling AE title not in allow list   -> permanent, source 1, reason 3 (calling-AE-title-not-recognized)
 *   5. too many associations                -> transient, source 3, reason 2 (local-limit-exceeded), as DCMTK does
 *   6. user identity refused by the policy  -> permanent, source 1, reason 1 (no-reason-given), PS3.7 D.3.3.7.2
 * Configuration faults (1-4) come before the load check so that a misconfigured peer
 * learns the permanent reason rather than "try again later".
 *
 * No acceptable presentation context at all: by default we still ACCEPT, answering
 * every context with its own result (3 abstract syntax / 4 transfer syntaxes not
 * supported). This is what DCMTK's storescp does, and it tells the
 * requestor exactly what failed, which an A-ASSOCIATE-RJ cannot (Table 9-21 has no
 * such reason); the requestor then releases or aborts (DCMTK and pynetdicom both do).
 * `rejectWhenNoContextAccepted` switches to pynetdicom's acceptor behaviour instead:
 * reject permanent, source 1, reason 1.
 *
 * Per context (PS3.8 Table 9-18):
 *   - abstract syntax not in `supported`              -> result 3
 *   - no proposed transfer syntax in our list         -> result 4
 *   - otherwise accept the transfer syntax that comes first in OUR preference order
 *   - roles (PS3.7 D.3.3.4): see `acceptorRoles`; a context on which we can take no
 *     role at all is answered 1 (user-rejection), as pynetdicom does.
 */
import {
  type AAssociateAc,
  type AAssociateRj,
  type AAssociateRq,
  type AsynchronousOperationsWindow,
  DICOM_APPLICATION_CONTEXT,
  emptyUserInformation,
  PresentationContextResult,
  type PresentationContextAc,
  type ScpScuRoleSelection,
  type UserIdentityRq,
} from '../pdu/types.js';
import { describeUid } from '../../dicom/uids.js';
import { type NegotiatedAssociation, type NegotiatedContext, type Roles } from './requestor.js';
import { RejectReason, RejectResult, RejectSource } from './reject-reasons.js';

export interface AcceptorSupport {
  abstractSyntax: string;
  /** Transfer syntaxes we accept for this SOP class, in OUR preference order. */
  transferSyntaxes: string[];
  /**
   * Roles WE can take for this SOP class as acceptor. Default `{ scu: false, scp: true }`.
   * Example: a Storage SCP that also serves C-GET sub-operations as SCU for storage
   * classes uses `{ scu: true, scp: true }`.
   */
  roles?: Roles;
}

export interface UserIdentityDecision {
  accept: boolean;
  /** Sent back when the requestor asked for a positive response (PS3.7 D.3.3.7.2). */
  serverResponse?: Uint8Array;
}

export interface AcceptorPolicy {
  aeTitle: string;
  /** When false, any called AE title is accepted (some modalities send the host name). */
  checkCalledAeTitle: boolean;
  /** Calling AE titles allowed to associate; undefined = any. Compared trimmed, case-sensitive (PS3.5 AE VR). */
  allowedCallingAeTitles?: string[] | undefined;
  supported: AcceptorSupport[];
  /** Our Maximum Length (PS3.8 D.1) sent in the AC; 0 = unlimited. */
  maxPduLength: number;
  implementationClassUid: string;
  implementationVersionName: string;
  /**
   * Called when the RQ carries a User Identity sub-item (PS3.7 D.3.3.7). Without it the
   * identity is ignored (the standard allows an acceptor not to support it).
   */
  acceptUserIdentity?: ((identity: UserIdentityRq, rq: AAssociateRq) => UserIdentityDecision) | undefined;
  /** Reject (permanent, service-user, no-reason-given) instead of accepting when no context is acceptable. */
  rejectWhenNoContextAccepted?: boolean | undefined;
  /**
   * Asynchronous Operations Window (PS3.7 D.3.3.3): how many operations the requestor may
   * have outstanding on us at once, when it proposes a window. Default 1 (synchronous).
   * We never invoke operations asynchronously ourselves (performed is answered 1).
   */
  maxOperationsInvoked?: number | undefined;
}

export interface AcceptorState {
  /** Associations already established, not counting this request. */
  activeAssociations: number;
  maxAssociations: number;
}

export interface AcceptDecision extends NegotiatedAssociation {
  kind: 'accept';
  ac: AAssociateAc;
  /** The requestor's user identity when the policy accepted it. */
  userIdentity?: UserIdentityRq;
  warnings: string[];
}

export interface RejectDecision {
  kind: 'reject';
  rj: AAssociateRj;
  /** Why, in plain language, from our side (for our log and the UI). */
  text: string;
}

export type AcceptorDecision = AcceptDecision | RejectDecision;

const DEFAULT_ACCEPTOR_ROLES: Readonly<Roles> = Object.freeze({ scu: false, scp: true });

function reject(result: number, source: number, reason: number, text: string): RejectDecision {
  return { kind: 'reject', rj: { type: 'A-ASSOCIATE-RJ', result, source, reason }, text };
}

/** PS3.5 AE VR: leading and trailing spaces are not significant. */
function sameAeTitle(a: string, b: string): boolean {
  return a.trim() === b.trim();
}

/** Application context names may arrive padded (a trailing NUL or space from some stacks). */
function cleanUid(uid: string): string {
  return uid.replace(/[\0 ]+$/, '').trim();
}

export interface RoleOutcome {
  /** Our roles on contexts of this SOP class. */
  local: Roles;
  /** The role selection item to send back, or undefined when the requestor sent none. */
  reply?: ScpScuRoleSelection;
}

/**
 * SCP/SCU role selection as acceptor (PS3.7 D.3.3.4). The RQ item says which roles the
 * REQUESTOR wants; the reply says which of them we accept, and may only turn a
 * proposed 1 into 0. The requestor acting as SCU needs us as SCP, and vice versa.
 * Without an RQ item the default roles apply (requestor SCU, acceptor SCP) and no
 * reply is sent.
 */
export function acceptorRoles(sopClassUid: string, proposed: Roles | undefined, ours: Roles): RoleOutcome {
  if (!proposed) {
    return { local: { scu: false, scp: ours.scp } };
  }
  const requestorMayBeScu = proposed.scu && ours.scp;
  const requestorMayBeScp = proposed.scp && ours.scu;
  return {
    local: { scu: requestorMayBeScp, scp: requestorMayBeScu },
    reply: { sopClassUid, scuRole: requestorMayBeScu, scpRole: requestorMayBeScp },
  };
}

/**
 * Negotiate an incoming association. Pure: same inputs, same answer; the caller sends
 * `ac` or `rj` and logs `text`/`warnings`.
 */
export function negotiateAsAcceptor(rq: AAssociateRq, policy: AcceptorPolicy, state?: AcceptorState): AcceptorDecision {
  const calling = rq.callingAeTitle.trim();
  const called = rq.calledAeTitle.trim();

  // PS3.8 9.3.2: protocol version, bit 0 = version 1; we support only that.
  if ((rq.protocolVersion & 0x0001) === 0) {
    return reject(RejectResult.Permanent, RejectSource.ServiceProviderAcse, RejectReason.Acse.ProtocolVersionNotSupported,
      `'${calling}' proposed protocol version 0x${rq.protocolVersion.toString(16).padStart(4, '0')}, without version 1 (bit 0)`);
  }
  // PS3.7 A.2.1: the only application context name.
  if (cleanUid(rq.applicationContextName) !== DICOM_APPLICATION_CONTEXT) {
    return reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.User.ApplicationContextNameNotSupported,
      `'${calling}' proposed application context '${rq.applicationContextName}', not the DICOM application context ${DICOM_APPLICATION_CONTEXT}`);
  }
  if (policy.checkCalledAeTitle && !sameAeTitle(rq.calledAeTitle, policy.aeTitle)) {
    return reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.User.CalledAeTitleNotRecognized,
      `'${calling}' called AE title '${called}', which is not ours ('${policy.aeTitle.trim()}')`);
  }
  if (policy.allowedCallingAeTitles !== undefined
    && !policy.allowedCallingAeTitles.some((allowed) => sameAeTitle(allowed, rq.callingAeTitle))) {
    return reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.User.CallingAeTitleNotRecognized,
      `calling AE title '${calling}' is not in the list of allowed peers`);
  }
  if (state && state.activeAssociations >= state.maxAssociations) {
    return reject(RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReason.Presentation.LocalLimitExceeded,
      `'${calling}' refused for now: ${state.activeAssociations} associations are open, the limit is ${state.maxAssociations}`);
  }

  const identityRq = rq.userInformation.userIdentityRq;
  let identityDecision: UserIdentityDecision | undefined;
  if (identityRq && policy.acceptUserIdentity) {
    identityDecision = policy.acceptUserIdentity(identityRq, rq);
    if (!identityDecision.accept) {
      // PS3.7 D.3.3.7.2: a refused identity is an A-ASSOCIATE-RJ, permanent, service-user, no-reason-given.
      return reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.User.NoReasonGiven,
        `'${calling}' presented a user identity (type ${identityRq.type}) that was not accepted`);
    }
  }

  const warnings: string[] = [];
  const supportBySopClass = new Map<string, AcceptorSupport>();
  for (const s of policy.supported) if (!supportBySopClass.has(s.abstractSyntax)) supportBySopClass.set(s.abstractSyntax, s);

  const proposedRoles = new Map<string, Roles>();
  for (const r of rq.userInformation.roleSelections) {
    if (proposedRoles.has(r.sopClassUid)) {
      warnings.push(`'${calling}' sent two role selection items for ${describeUid(r.sopClassUid)}; the first is used`);
      continue;
    }
    proposedRoles.set(r.sopClassUid, { scu: r.scuRole, scp: r.scpRole });
  }

  const answers: PresentationContextAc[] = [];
  const contexts: NegotiatedContext[] = [];
  const replies = new Map<string, ScpScuRoleSelection>();
  const seenIds = new Set<number>();

  for (const pc of rq.presentationContexts) {
    if (seenIds.has(pc.id)) {
      // PS3.8 9.3.2.2: context IDs are unique; a second one cannot be answered unambiguously.
      warnings.push(`'${calling}' proposed presentation context ID ${pc.id} twice; only the first is answered`);
      continue;
    }
    seenIds.add(pc.id);
    const firstTs = pc.transferSyntaxes[0] ?? '';
    const answer = (result: number, transferSyntax: string, roles: Roles): void => {
      answers.push({ id: pc.id, result, transferSyntax });
      contexts.push({
        id: pc.id, abstractSyntax: pc.abstractSyntax, transferSyntax, result,
        accepted: result === PresentationContextResult.Acceptance, roles,
      });
    };
    const none: Roles = { scu: false, scp: false };

    if (pc.id % 2 === 0 || pc.id < 1 || pc.id > 255) {
      warnings.push(`'${calling}' proposed presentation context ID ${pc.id}, which is not an odd number 1..255 (PS3.8 9.3.2.2)`);
      answer(PresentationContextResult.NoReason, firstTs, none);
      continue;
    }
    const support = supportBySopClass.get(pc.abstractSyntax);
    if (!support) {
      answer(PresentationContextResult.AbstractSyntaxNotSupported, firstTs, none);
      continue;
    }
    const chosen = support.transferSyntaxes.find((ts) => pc.transferSyntaxes.includes(ts));
    if (chosen === undefined) {
      answer(PresentationContextResult.TransferSyntaxesNotSupported, firstTs, none);
      continue;
    }
    const outcome = acceptorRoles(pc.abstractSyntax, proposedRoles.get(pc.abstractSyntax), support.roles ?? DEFAULT_ACCEPTOR_ROLES);
    if (!outcome.local.scu && !outcome.local.scp) {
      warnings.push(`Presentation context ${pc.id} (${describeUid(pc.abstractSyntax)}): we cannot take any role '${calling}' asked for; rejected`);
      answer(PresentationContextResult.UserRejection, firstTs, none);
      continue;
    }
    if (outcome.reply) replies.set(pc.abstractSyntax, outcome.reply);
    answer(PresentationContextResult.Acceptance, chosen, outcome.local);
  }

  const accepted = contexts.filter((c) => c.accepted).length;
  if (accepted === 0 && policy.rejectWhenNoContextAccepted) {
    return reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.User.NoReasonGiven,
      `none of the ${rq.presentationContexts.length} presentation contexts proposed by '${calling}' is acceptable`);
  }
  if (accepted === 0) {
    warnings.push(`None of the ${rq.presentationContexts.length} presentation contexts proposed by '${calling}' is acceptable; accepting the association with all contexts rejected`);
  }

  const userInformation = emptyUserInformation();
  userInformation.maximumLength = policy.maxPduLength;
  userInformation.implementationClassUid = policy.implementationClassUid;
  userInformation.implementationVersionName = policy.implementationVersionName;
  userInformation.roleSelections = [...replies.values()];
  const asyncOpsWindow = rq.userInformation.asynchronousOperationsWindow
    ? acceptedWindow(rq.userInformation.asynchronousOperationsWindow, policy.maxOperationsInvoked ?? 1)
    : undefined;
  // Answered only when proposed (PS3.7 D.3.3.3: "shall be omitted" otherwise).
  if (asyncOpsWindow) userInformation.asynchronousOperationsWindow = asyncOpsWindow;
  if (identityRq && identityDecision?.accept && identityRq.positiveResponseRequested) {
    userInformation.userIdentityAc = { serverResponse: identityDecision.serverResponse ?? new Uint8Array(0) };
  }
  // SOP Class (Common) Extended Negotiation: we support none, so we send no reply items,
  // which means "not supported" (PS3.7 D.3.3.5, D.3.3.6).

  const ac: AAssociateAc = {
    type: 'A-ASSOCIATE-AC',
    protocolVersion: 1,
    // Echoed from the RQ (PS3.8 9.3.3): the requestor must not test them.
    calledAeTitle: rq.calledAeTitle,
    callingAeTitle: rq.callingAeTitle,
    applicationContextName: DICOM_APPLICATION_CONTEXT,
    presentationContexts: answers,
    userInformation,
  };

  const decision: AcceptDecision = {
    kind: 'accept',
    ac,
    contexts,
    peerMaxPduLength: rq.userInformation.maximumLength ?? 0,
    warnings,
  };
  if (rq.userInformation.maximumLength === undefined) {
    warnings.push(`'${calling}' sent no Maximum Length sub-item (PS3.8 D.1)`);
  }
  if (rq.userInformation.implementationClassUid !== undefined) decision.peerImplementationClassUid = rq.userInformation.implementationClassUid;
  if (rq.userInformation.implementationVersionName !== undefined) decision.peerImplementationVersionName = rq.userInformation.implementationVersionName;
  if (asyncOpsWindow) decision.asyncOpsWindow = asyncOpsWindow;
  if (identityRq && identityDecision?.accept) decision.userIdentity = identityRq;
  return decision;
}

/**
 * Our answer to a proposed Asynchronous Operations Window (PS3.7 D.3.3.3). Invoked: how
 * many operations the requestor may have outstanding on us, at most what it offered (0 =
 * unlimited, which we bound to our own limit). Performed: 1, as we invoke nothing
 * asynchronously on the requestor (C-GET sub-operations and notifications stay synchronous).
 */
export function acceptedWindow(proposed: AsynchronousOperationsWindow, ourLimit: number): AsynchronousOperationsWindow {
  const limit = Math.max(1, Math.floor(ourLimit));
  const offered = proposed.maxOperationsInvoked === 0 ? limit : proposed.maxOperationsInvoked;
  return { maxOperationsInvoked: Math.min(offered, limit), maxOperationsPerformed: 1 };
}
