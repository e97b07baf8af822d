import { describe, expect, it } from 'vitest';
import {
  buildAssociateRq, interpretAssociateAc, findContext, acceptedCount, requestorRoles, NegotiationError, type Proposal,
} from '../../../../core/network/negotiation/requestor.js';
import { DicomError } from '../../../../core/network/errors.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, SopClass, STORAGE_SOP_CLASSES } from '../../../../core/dicom/uids.js';
import { CT, ECHO, ELE, ILE, JPEG, MR, makeAc } from './helpers.js';

const base = { callingAeTitle: 'FILMSTATION', calledAeTitle: 'DRYSTAR', maxPduLength: 16384 };

describe('buildAssociateRq', () => {
  it('numbers contexts 1, 3, 5 ... and fills the user information', () => {
    const rq = buildAssociateRq({ ...base, proposals: [
      { abstractSyntax: ECHO, transferSyntaxes: [ELE, ILE] },
      { abstractSyntax: CT, transferSyntaxes: [JPEG] },
      { abstractSyntax: MR, transferSyntaxes: [ILE, ILE] },
    ] });
    expect(rq.presentationContexts.map((c) => c.id)).toEqual([1, 3, 5]);
    expect(rq.presentationContexts[2]?.transferSyntaxes).toEqual([ILE]);
    expect(rq.applicationContextName).toBe('1.2.840.10008.3.1.1.1');
    expect(rq.protocolVersion).toBe(1);
    expect(rq.userInformation.maximumLength).toBe(16384);
    expect(rq.userInformation.implementationClassUid).toBe(IMPLEMENTATION_CLASS_UID);
    expect(rq.userInformation.implementationVersionName).toBe(IMPLEMENTATION_VERSION_NAME);
    expect(rq.userInformation.roleSelections).toEqual([]);
    expect(rq.userInformation.asynchronousOperationsWindow).toBeUndefined();
  });

  it('accepts 128 contexts and refuses 129 with a typed error', () => {
    const proposals = (n: number): Proposal[] => STORAGE_SOP_CLASSES.slice(0, n).map((abstractSyntax) => ({ abstractSyntax, transferSyntaxes: [ILE] }));
    expect(STORAGE_SOP_CLASSES.length).toBeGreaterThan(129);
    expect(buildAssociateRq({ ...base, proposals: proposals(128) }).presentationContexts.at(-1)?.id).toBe(255);
    const attempt = (): unknown => buildAssociateRq({ ...base, proposals: proposals(129) });
    expect(attempt).toThrow(NegotiationError);
    try { attempt(); } catch (err) {
      expect(err).toBeInstanceOf(DicomError);
      expect((err as DicomError).code).toBe('TOO_MANY_CONTEXTS');
    }
  });

  it('adds role selection items only for non-default roles, one per SOP class', () => {
    const rq = buildAssociateRq({ ...base, proposals: [
      { abstractSyntax: SopClass.StudyRootQueryRetrieveInformationModelGet, transferSyntaxes: [ILE], roles: { scu: true, scp: false } },
      { abstractSyntax: CT, transferSyntaxes: [JPEG], roles: { scu: false, scp: true } },
      { abstractSyntax: CT, transferSyntaxes: [ILE], roles: { scu: false, scp: true } },
      { abstractSyntax: MR, transferSyntaxes: [ILE], roles: { scu: true, scp: true } },
    ] });
    expect(rq.userInformation.roleSelections).toEqual([
      { sopClassUid: CT, scuRole: false, scpRole: true },
      { sopClassUid: MR, scuRole: true, scpRole: true },
    ]);
  });

  it('refuses conflicting roles for one SOP class and a proposal with no role', () => {
    expect(() => buildAssociateRq({ ...base, proposals: [
      { abstractSyntax: CT, transferSyntaxes: [JPEG], roles: { scu: false, scp: true } },
      { abstractSyntax: CT, transferSyntaxes: [ILE], roles: { scu: true, scp: false } },
    ] })).toThrow(/different roles/);
    expect(() => buildAssociateRq({ ...base, proposals: [{ abstractSyntax: CT, transferSyntaxes: [ILE], roles: { scu: false, scp: false } }] }))
      .toThrow(/neither/);
  });

  it('validates AE titles, UIDs, transfer syntax lists and the maximum length', () => {
    const ok = [{ abstractSyntax: ECHO, transferSyntaxes: [ILE] }];
    expect(() => buildAssociateRq({ ...base, calledAeTitle: '   ', proposals: ok })).toThrow(NegotiationError);
    expect(() => buildAssociateRq({ ...base, calledAeTitle: 'A_VERY_LONG_AE_TITLE', proposals: ok })).toThrow(/16/);
    expect(() => buildAssociateRq({ ...base, calledAeTitle: 'BAD\\AE', proposals: ok })).toThrow(/characters/);
    expect(() => buildAssociateRq({ ...base, proposals: [{ abstractSyntax: '1.2.abc', transferSyntaxes: [ILE] }] })).toThrow(/not a valid UID/);
    expect(() => buildAssociateRq({ ...base, proposals: [{ abstractSyntax: ECHO, transferSyntaxes: [] }] })).toThrow(/No transfer syntax/);
    expect(() => buildAssociateRq({ ...base, proposals: [] })).toThrow(NegotiationError);
    expect(() => buildAssociateRq({ ...base, maxPduLength: -1, proposals: ok })).toThrow(/maximum PDU length/);
    expect(buildAssociateRq({ ...base, maxPduLength: 0, proposals: ok }).userInformation.maximumLength).toBe(0);
  });

  it('carries user identity, extended negotiation and the asynchronous operations window', () => {
    const rq = buildAssociateRq({ ...base, proposals: [{ abstractSyntax: ECHO, transferSyntaxes: [ILE] }],
      userIdentity: { type: 1, positiveResponseRequested: true, primaryField: new Uint8Array([65]), secondaryField: new Uint8Array(0) },
      extendedNegotiation: [{ sopClassUid: SopClass.StudyRootQueryRetrieveInformationModelFind, info: new Uint8Array([1]) }],
      asyncOpsWindow: { maxOperationsInvoked: 2, maxOperationsPerformed: 1 },
    });
    expect(rq.userInformation.userIdentityRq?.type).toBe(1);
    expect(rq.userInformation.sopClassExtended).toHaveLength(1);
    expect(rq.userInformation.asynchronousOperationsWindow).toEqual({ maxOperationsInvoked: 2, maxOperationsPerformed: 1 });
  });
});

describe('interpretAssociateAc', () => {
  const rq = buildAssociateRq({ ...base, proposals: [
    { abstractSyntax: SopClass.BasicGrayscalePrintManagementMeta, transferSyntaxes: [ELE, ILE] },
    { abstractSyntax: SopClass.PresentationLUT, transferSyntaxes: [ELE, ILE] },
    { abstractSyntax: SopClass.BasicAnnotationBox, transferSyntaxes: [ELE, ILE] },
    { abstractSyntax: SopClass.PrintJob, transferSyntaxes: [ELE, ILE] },
  ] });

  it('maps the answers to the proposals, with our (requestor) default roles', () => {
    const ac = makeAc(rq, [
      { id: 1, result: 0, transferSyntax: ILE },
      { id: 3, result: 0, transferSyntax: ELE },
      { id: 5, result: 3, transferSyntax: '' },
      { id: 7, result: 4, transferSyntax: ILE },
    ]);
    const n = interpretAssociateAc(rq, ac);
    expect(n.contexts).toEqual([
      { id: 1, abstractSyntax: SopClass.BasicGrayscalePrintManagementMeta, transferSyntax: ILE, result: 0, accepted: true, roles: { scu: true, scp: false } },
      { id: 3, abstractSyntax: SopClass.PresentationLUT, transferSyntax: ELE, result: 0, accepted: true, roles: { scu: true, scp: false } },
      { id: 5, abstractSyntax: SopClass.BasicAnnotationBox, transferSyntax: ELE, result: 3, accepted: false, roles: { scu: false, scp: false } },
      { id: 7, abstractSyntax: SopClass.PrintJob, transferSyntax: ELE, result: 4, accepted: false, roles: { scu: false, scp: false } },
    ]);
    expect(n.peerMaxPduLength).toBe(32768);
    expect(n.peerImplementationClassUid).toBe('1.2.3.4.5');
    expect(n.peerImplementationVersionName).toBe('PEER_1');
    expect(n.warnings).toEqual([]);
    expect(acceptedCount(n)).toBe(2);
  });

  it('ignores an answer for a context ID we never proposed, and warns', () => {
    const ac = makeAc(rq, [
      { id: 1, result: 0, transferSyntax: ELE },
      { id: 9, result: 0, transferSyntax: ELE },
      { id: 3, result: 0, transferSyntax: ELE },
      { id: 5, result: 0, transferSyntax: ELE },
      { id: 7, result: 0, transferSyntax: ELE },
    ]);
    const n = interpretAssociateAc(rq, ac);
    expect(n.contexts.map((c) => c.id)).toEqual([1, 3, 5, 7]);
    expect(n.warnings?.join('\n')).toMatch(/context 9, which we did not propose/);
  });

  it('does not use a context accepted with a transfer syntax we did not propose', () => {
    const ac = makeAc(rq, [
      { id: 1, result: 0, transferSyntax: JPEG },
      { id: 3, result: 0, transferSyntax: ELE },
      { id: 5, result: 0, transferSyntax: ELE },
      { id: 7, result: 0, transferSyntax: ELE },
    ]);
    const n = interpretAssociateAc(rq, ac);
    expect(n.contexts[0]).toMatchObject({ id: 1, accepted: false, problem: 'accepted with a transfer syntax we did not propose' });
    expect(findContext(n, SopClass.BasicGrayscalePrintManagementMeta)).toBeUndefined();
    expect(findContext(n, SopClass.PresentationLUT)?.id).toBe(3);
    expect(n.warnings?.join('\n')).toMatch(/did not propose; the context is not used/);
  });

  it('treats an unanswered context and an undefined result code as rejected', () => {
    const ac = makeAc(rq, [
      { id: 1, result: 0, transferSyntax: ELE },
      { id: 3, result: 9, transferSyntax: ELE },
    ]);
    const n = interpretAssociateAc(rq, ac);
    expect(n.contexts.map((c) => [c.id, c.result, c.accepted])).toEqual([[1, 0, true], [3, 9, false], [5, 2, false], [7, 2, false]]);
    expect(n.warnings).toHaveLength(3);
  });

  it('keeps the first answer when a context ID is answered twice', () => {
    const ac = makeAc(rq, [{ id: 1, result: 0, transferSyntax: ELE }, { id: 1, result: 3, transferSyntax: '' }]);
    expect(interpretAssociateAc(rq, ac).contexts[0]).toMatchObject({ id: 1, accepted: true, transferSyntax: ELE });
  });

  it('peer maximum length: 0 stays 0 (unlimited); a missing item reads as 0 with a warning', () => {
    const answers = [{ id: 1, result: 0, transferSyntax: ELE }, { id: 3, result: 0, transferSyntax: ELE }, { id: 5, result: 0, transferSyntax: ELE }, { id: 7, result: 0, transferSyntax: ELE }];
    expect(interpretAssociateAc(rq, makeAc(rq, answers, { maxLength: 0 })).peerMaxPduLength).toBe(0);
    const n = interpretAssociateAc(rq, makeAc(rq, answers, { maxLength: undefined }));
    expect(n.peerMaxPduLength).toBe(0);
    expect(n.warnings?.join(' ')).toMatch(/no Maximum Length/);
  });

  it('returns the user identity server response and the negotiated async window', () => {
    const withId = buildAssociateRq({ ...base, proposals: [{ abstractSyntax: ECHO, transferSyntaxes: [ILE] }],
      userIdentity: { type: 2, positiveResponseRequested: true, primaryField: new Uint8Array([1]), secondaryField: new Uint8Array([2]) },
      asyncOpsWindow: { maxOperationsInvoked: 4, maxOperationsPerformed: 4 } });
    const ac = makeAc(withId, [{ id: 1, result: 0, transferSyntax: ILE }]);
    const bare = interpretAssociateAc(withId, ac);
    expect(bare.userIdentityServerResponse).toBeUndefined();
    expect(bare.asyncOpsWindow).toEqual({ maxOperationsInvoked: 1, maxOperationsPerformed: 1 });
    expect(bare.warnings?.join(' ')).toMatch(/User Identity/);
    ac.userInformation.userIdentityAc = { serverResponse: new Uint8Array([9, 9]) };
    ac.userInformation.asynchronousOperationsWindow = { maxOperationsInvoked: 2, maxOperationsPerformed: 3 };
    const n = interpretAssociateAc(withId, ac);
    expect(n.userIdentityServerResponse).toEqual(new Uint8Array([9, 9]));
    expect(n.asyncOpsWindow).toEqual({ maxOperationsInvoked: 2, maxOperationsPerformed: 3 });
  });
});

describe('role selection as requestor (PS3.7 D.3.3.4)', () => {
  const getRq = buildAssociateRq({ ...base, proposals: [
    { abstractSyntax: SopClass.PatientRootQueryRetrieveInformationModelGet, transferSyntaxes: [ILE] },
    { abstractSyntax: CT, transferSyntaxes: [ILE], roles: { scu: false, scp: true } },
    { abstractSyntax: MR, transferSyntaxes: [ILE], roles: { scu: true, scp: true } },
  ] });
  const allAccepted = [{ id: 1, result: 0, transferSyntax: ILE }, { id: 3, result: 0, transferSyntax: ILE }, { id: 5, result: 0, transferSyntax: ILE }];

  it('getscu: the acceptor grants SCP for CT -> we may store (SCP) on context 3', () => {
    const n = interpretAssociateAc(getRq, makeAc(getRq, allAccepted, { roles: [
      { sopClassUid: CT, scuRole: false, scpRole: true },
      { sopClassUid: MR, scuRole: true, scpRole: false },
    ] }));
    expect(n.contexts[1]?.roles).toEqual({ scu: false, scp: true });
    expect(n.contexts[2]?.roles).toEqual({ scu: true, scp: false });
    expect(findContext(n, CT, { role: 'scp' })?.id).toBe(3);
    expect(findContext(n, CT, { role: 'scu' })).toBeUndefined();
    expect(findContext(n, MR, { role: 'scp' })).toBeUndefined();
    expect(n.warnings).toEqual([]);
  });

  it('the acceptor ignores role selection -> default roles (we are SCU only)', () => {
    const n = interpretAssociateAc(getRq, makeAc(getRq, allAccepted));
    expect(n.contexts[1]?.roles).toEqual({ scu: true, scp: false });
    expect(findContext(n, CT, { role: 'scp' })).toBeUndefined();
  });

  it('the acceptor may only narrow: a granted role we did not propose is not used', () => {
    const n = interpretAssociateAc(getRq, makeAc(getRq, allAccepted, { roles: [{ sopClassUid: CT, scuRole: true, scpRole: true }] }));
    expect(n.contexts[1]?.roles).toEqual({ scu: false, scp: true });
    expect(n.warnings?.join(' ')).toMatch(/granted a role we did not propose/);
  });

  it('the acceptor refuses every role -> accepted result but unusable context', () => {
    const n = interpretAssociateAc(getRq, makeAc(getRq, allAccepted, { roles: [{ sopClassUid: CT, scuRole: false, scpRole: false }] }));
    expect(n.contexts[1]).toMatchObject({ result: 0, accepted: false, roles: { scu: false, scp: false } });
    expect(findContext(n, CT)).toBeUndefined();
  });

  it('requestorRoles matches the outcomes of PS3.7 Table D.3-11', () => {
    const T = true; const F = false;
    expect(requestorRoles(undefined, { scu: F, scp: T })).toEqual({ scu: T, scp: F });
    expect(requestorRoles({ scu: T, scp: T }, undefined)).toEqual({ scu: T, scp: F });
    expect(requestorRoles({ scu: T, scp: T }, { scu: T, scp: T })).toEqual({ scu: T, scp: T });
    expect(requestorRoles({ scu: T, scp: T }, { scu: F, scp: T })).toEqual({ scu: F, scp: T });
    expect(requestorRoles({ scu: T, scp: T }, { scu: T, scp: F })).toEqual({ scu: T, scp: F });
    expect(requestorRoles({ scu: T, scp: T }, { scu: F, scp: F })).toEqual({ scu: F, scp: F });
    expect(requestorRoles({ scu: F, scp: T }, { scu: F, scp: T })).toEqual({ scu: F, scp: T });
    expect(requestorRoles({ scu: F, scp: T }, { scu: F, scp: F })).toEqual({ scu: F, scp: F });
    expect(requestorRoles({ scu: T, scp: F }, { scu: T, scp: F })).toEqual({ scu: T, scp: F });
  });
});

describe('findContext', () => {
  it('prefers context-ID order and filters by transfer syntax', () => {
    const rq = buildAssociateRq({ ...base, proposals: [
      { abstractSyntax: CT, transferSyntaxes: [JPEG] },
      { abstractSyntax: CT, transferSyntaxes: [ELE, ILE] },
    ] });
    const n = interpretAssociateAc(rq, makeAc(rq, [{ id: 1, result: 0, transferSyntax: JPEG }, { id: 3, result: 0, transferSyntax: ILE }]));
    expect(findContext(n, CT)?.id).toBe(1);
    expect(findContext(n, CT, { transferSyntax: ILE })?.id).toBe(3);
    expect(findContext(n, CT, { transferSyntax: ELE })).toBeUndefined();
    expect(findContext(n, MR)).toBeUndefined();
  });
});
