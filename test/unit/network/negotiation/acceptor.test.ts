import { describe, expect, it } from 'vitest';
import { negotiateAsAcceptor, acceptorRoles, acceptedWindow, type AcceptDecision, type AcceptorDecision, type RejectDecision } from '../../../../core/network/negotiation/acceptor.js';
import { buildAssociateRq, interpretAssociateAc, findContext } from '../../../../core/network/negotiation/requestor.js';
import { encodePdu } from '../../../../core/network/pdu/encode.js';
import { decodePdu } from '../../../../core/network/pdu/decode.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, SopClass, StorageSopClass, STORAGE_SOP_CLASSES } from '../../../../core/dicom/uids.js';
import { CT, ECHO, EBE, ELE, ILE, JPEG, MR, makePolicy, makeRq } from './helpers.js';

function accepted(d: AcceptorDecision): AcceptDecision {
  if (d.kind !== 'accept') throw new Error(`expected accept, got reject: ${d.text}`);
  return d;
}
function rejected(d: AcceptorDecision): RejectDecision {
  if (d.kind !== 'reject') throw new Error('expected reject, got accept');
  return d;
}

describe('negotiateAsAcceptor: association level (PS3.8 Table 9-21)', () => {
  it('accepts a Verification association and echoes our identity and limits', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }]);
    const d = accepted(negotiateAsAcceptor(rq, makePolicy(), { activeAssociations: 0, maxAssociations: 4 }));
    expect(d.ac.presentationContexts).toEqual([{ id: 1, result: 0, transferSyntax: ILE }]);
    expect(d.ac.userInformation.maximumLength).toBe(65536);
    expect(d.ac.userInformation.implementationClassUid).toBe(IMPLEMENTATION_CLASS_UID);
    expect(d.ac.userInformation.implementationVersionName).toBe(IMPLEMENTATION_VERSION_NAME);
    expect(d.ac.calledAeTitle).toBe('FILMSTATION');
    expect(d.ac.callingAeTitle).toBe('MODALITY1');
    expect(d.ac.protocolVersion).toBe(1);
    expect(d.contexts).toEqual([{ id: 1, abstractSyntax: ECHO, transferSyntax: ILE, result: 0, accepted: true, roles: { scu: false, scp: true } }]);
    expect(d.peerMaxPduLength).toBe(16384);
    expect(d.peerImplementationVersionName).toBe('OFFIS_DCMTK_367');
    expect(d.warnings).toEqual([]);
  });

  it('rejects a wrong called AE title: permanent, service-user, reason 7', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { calledAeTitle: 'PACS' });
    const d = rejected(negotiateAsAcceptor(rq, makePolicy()));
    expect(d.rj).toEqual({ type: 'A-ASSOCIATE-RJ', result: 1, source: 1, reason: 7 });
    expect(d.text).toMatch(/called AE title 'PACS'/);
  });

  it('does not check the called AE title when the policy says so', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { calledAeTitle: 'ANYTHING' });
    expect(negotiateAsAcceptor(rq, makePolicy({ checkCalledAeTitle: false })).kind).toBe('accept');
  });

  it('compares AE titles without leading/trailing spaces (PS3.5 AE VR)', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { calledAeTitle: 'FILMSTATION     ', callingAeTitle: ' MODALITY1 ' });
    expect(negotiateAsAcceptor(rq, makePolicy({ allowedCallingAeTitles: ['MODALITY1'] })).kind).toBe('accept');
  });

  it('rejects a calling AE title outside the allow list: permanent, service-user, reason 3', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { callingAeTitle: 'STRANGER' });
    const d = rejected(negotiateAsAcceptor(rq, makePolicy({ allowedCallingAeTitles: ['MODALITY1', 'CT2'] })));
    expect(d.rj).toMatchObject({ result: 1, source: 1, reason: 3 });
    expect(d.text).toMatch(/STRANGER/);
  });

  it('rejects an unknown application context name: permanent, service-user, reason 2', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { applicationContextName: '1.2.3.4' });
    expect(rejected(negotiateAsAcceptor(rq, makePolicy())).rj).toMatchObject({ result: 1, source: 1, reason: 2 });
  });

  it('accepts an application context name padded with a NUL', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { applicationContextName: '1.2.840.10008.3.1.1.1\0' });
    expect(negotiateAsAcceptor(rq, makePolicy()).kind).toBe('accept');
  });

  it('rejects a protocol version without bit 0: permanent, ACSE provider, reason 2', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { protocolVersion: 2 });
    expect(rejected(negotiateAsAcceptor(rq, makePolicy())).rj).toMatchObject({ result: 1, source: 2, reason: 2 });
  });

  it('accepts a protocol version with bit 0 and other bits set', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { protocolVersion: 3 });
    expect(negotiateAsAcceptor(rq, makePolicy()).kind).toBe('accept');
  });

  it('rejects transiently when too many associations are open: source 3, reason 2 (local-limit-exceeded)', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }]);
    const d = rejected(negotiateAsAcceptor(rq, makePolicy(), { activeAssociations: 4, maxAssociations: 4 }));
    expect(d.rj).toMatchObject({ result: 2, source: 3, reason: 2 });
    expect(d.text).toMatch(/limit is 4/);
    expect(negotiateAsAcceptor(rq, makePolicy(), { activeAssociations: 3, maxAssociations: 4 }).kind).toBe('accept');
  });

  it('reports a configuration fault before the load limit', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { calledAeTitle: 'PACS' });
    expect(rejected(negotiateAsAcceptor(rq, makePolicy(), { activeAssociations: 9, maxAssociations: 1 })).rj.reason).toBe(7);
  });
});

describe('negotiateAsAcceptor: presentation contexts (PS3.8 Table 9-18)', () => {
  it('answers abstract syntax not supported with result 3', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }, { id: 3, abstractSyntax: MR, transferSyntaxes: [ILE] }]);
    const d = accepted(negotiateAsAcceptor(rq, makePolicy()));
    expect(d.ac.presentationContexts[1]).toMatchObject({ id: 3, result: 3 });
    expect(d.contexts[1]).toMatchObject({ id: 3, accepted: false, result: 3 });
  });

  it('answers transfer syntaxes not supported with result 4', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: CT, transferSyntaxes: [JPEG, EBE] }]);
    const d = accepted(negotiateAsAcceptor(rq, makePolicy()));
    expect(d.ac.presentationContexts).toEqual([{ id: 1, result: 4, transferSyntax: JPEG }]);
    expect(d.warnings.join(' ')).toMatch(/None of the 1 presentation contexts/);
  });

  it('chooses OUR preferred transfer syntax among several proposed ones', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: CT, transferSyntaxes: [ILE, JPEG, ELE] }]);
    const d = accepted(negotiateAsAcceptor(rq, makePolicy()));
    expect(d.ac.presentationContexts[0]).toEqual({ id: 1, result: 0, transferSyntax: ELE });
    const reversed = makePolicy({ supported: [{ abstractSyntax: CT, transferSyntaxes: [JPEG, ILE, ELE] }] });
    expect(accepted(negotiateAsAcceptor(rq, reversed)).ac.presentationContexts[0]?.transferSyntax).toBe(JPEG);
  });

  it('answers each context of one abstract syntax on its own (storescu style: one context per transfer syntax)', () => {
    const rq = makeRq([
      { id: 1, abstractSyntax: CT, transferSyntaxes: [JPEG] },
      { id: 3, abstractSyntax: CT, transferSyntaxes: [ILE] },
    ]);
    const d = accepted(negotiateAsAcceptor(rq, makePolicy()));
    expect(d.ac.presentationContexts.map((c) => c.result)).toEqual([4, 0]);
  });

  it('accepts with every context rejected by default, but can reject instead (documented choice)', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: MR, transferSyntaxes: [ILE] }]);
    const d = accepted(negotiateAsAcceptor(rq, makePolicy()));
    expect(d.contexts.every((c) => !c.accepted)).toBe(true);
    const r = rejected(negotiateAsAcceptor(rq, makePolicy({ rejectWhenNoContextAccepted: true })));
    expect(r.rj).toMatchObject({ result: 1, source: 1, reason: 1 });
  });

  it('answers an even or duplicated context ID defensively', () => {
    const rq = makeRq([
      { id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] },
      { id: 1, abstractSyntax: CT, transferSyntaxes: [ILE] },
      { id: 4, abstractSyntax: CT, transferSyntaxes: [ILE] },
    ]);
    const d = accepted(negotiateAsAcceptor(rq, makePolicy()));
    expect(d.ac.presentationContexts).toEqual([
      { id: 1, result: 0, transferSyntax: ILE },
      { id: 4, result: 2, transferSyntax: ILE },
    ]);
    expect(d.warnings.join('\n')).toMatch(/twice/);
    expect(d.warnings.join('\n')).toMatch(/not an odd number/);
  });

  it('print: accepts the grayscale meta SOP class and answers the optional contexts separately', () => {
    const policy = makePolicy({
      supported: [
        { abstractSyntax: SopClass.BasicGrayscalePrintManagementMeta, transferSyntaxes: [ELE, ILE] },
        { abstractSyntax: SopClass.PresentationLUT, transferSyntaxes: [ILE] },
        { abstractSyntax: SopClass.PrintJob, transferSyntaxes: [ELE, ILE] },
      ],
    });
    const rq = buildAssociateRq({
      callingAeTitle: 'FILMSTATION', calledAeTitle: 'FILMSTATION', maxPduLength: 16384,
      proposals: [
        { abstractSyntax: SopClass.BasicGrayscalePrintManagementMeta, transferSyntaxes: [ELE, ILE] },
        { abstractSyntax: SopClass.PresentationLUT, transferSyntaxes: [ELE, ILE] },
        { abstractSyntax: SopClass.BasicAnnotationBox, transferSyntaxes: [ELE, ILE] },
        { abstractSyntax: SopClass.PrintJob, transferSyntaxes: [ELE, ILE] },
      ],
    });
    const d = accepted(negotiateAsAcceptor(rq, policy));
    expect(d.ac.presentationContexts).toEqual([
      { id: 1, result: 0, transferSyntax: ELE },
      { id: 3, result: 0, transferSyntax: ILE },
      { id: 5, result: 3, transferSyntax: ELE },
      { id: 7, result: 0, transferSyntax: ELE },
    ]);
    // And the requestor's view of the same answer.
    const negotiated = interpretAssociateAc(rq, d.ac);
    expect(findContext(negotiated, SopClass.BasicGrayscalePrintManagementMeta)?.id).toBe(1);
    expect(findContext(negotiated, SopClass.BasicAnnotationBox)).toBeUndefined();
    expect(findContext(negotiated, SopClass.PresentationLUT)?.transferSyntax).toBe(ILE);
    expect(negotiated.warnings).toEqual([]);
  });
});

describe('negotiateAsAcceptor: SCP/SCU role selection (PS3.7 D.3.3.4)', () => {
  const storagePolicy = (roles?: { scu: boolean; scp: boolean }) => makePolicy({
    supported: [
      { abstractSyntax: SopClass.PatientRootQueryRetrieveInformationModelGet, transferSyntaxes: [ILE] },
      { abstractSyntax: CT, transferSyntaxes: [ELE, ILE], ...(roles ? { roles } : {}) },
    ],
  });

  it('getscu style: requestor proposes SCP only for CT; we can be SCU -> we are SCU, reply scu=0 scp=1', () => {
    const rq = makeRq([
      { id: 1, abstractSyntax: SopClass.PatientRootQueryRetrieveInformationModelGet, transferSyntaxes: [ILE] },
      { id: 3, abstractSyntax: CT, transferSyntaxes: [ILE] },
    ], { roles: [{ sopClassUid: CT, scuRole: false, scpRole: true }] });
    const d = accepted(negotiateAsAcceptor(rq, storagePolicy({ scu: true, scp: true })));
    expect(d.ac.userInformation.roleSelections).toEqual([{ sopClassUid: CT, scuRole: false, scpRole: true }]);
    expect(d.contexts[1]).toMatchObject({ id: 3, accepted: true, roles: { scu: true, scp: false } });
    expect(d.contexts[0]).toMatchObject({ id: 1, roles: { scu: false, scp: true } });
  });

  it('requestor asks to be SCP for a class where we can only be SCP -> context rejected (1), no role reply', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: CT, transferSyntaxes: [ILE] }], { roles: [{ sopClassUid: CT, scuRole: false, scpRole: true }] });
    const d = accepted(negotiateAsAcceptor(rq, storagePolicy()));
    expect(d.ac.presentationContexts[0]).toMatchObject({ id: 1, result: 1 });
    expect(d.ac.userInformation.roleSelections).toEqual([]);
    expect(d.warnings.join(' ')).toMatch(/cannot take any role/);
  });

  it('requestor asks for both roles, we can only be SCP -> we narrow to default (reply scu=1 scp=0)', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: CT, transferSyntaxes: [ILE] }], { roles: [{ sopClassUid: CT, scuRole: true, scpRole: true }] });
    const d = accepted(negotiateAsAcceptor(rq, storagePolicy()));
    expect(d.ac.userInformation.roleSelections).toEqual([{ sopClassUid: CT, scuRole: true, scpRole: false }]);
    expect(d.contexts[0]?.roles).toEqual({ scu: false, scp: true });
  });

  it('requestor asks for both roles and we can take both -> both, reply 1/1', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: CT, transferSyntaxes: [ILE] }], { roles: [{ sopClassUid: CT, scuRole: true, scpRole: true }] });
    const d = accepted(negotiateAsAcceptor(rq, storagePolicy({ scu: true, scp: true })));
    expect(d.ac.userInformation.roleSelections).toEqual([{ sopClassUid: CT, scuRole: true, scpRole: true }]);
    expect(d.contexts[0]?.roles).toEqual({ scu: true, scp: true });
  });

  it('no role item: default roles even if our policy allows more; a class we can only be SCU for is rejected (1)', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: CT, transferSyntaxes: [ILE] }]);
    expect(accepted(negotiateAsAcceptor(rq, storagePolicy({ scu: true, scp: true }))).contexts[0]?.roles).toEqual({ scu: false, scp: true });
    expect(accepted(negotiateAsAcceptor(rq, storagePolicy({ scu: true, scp: false }))).ac.presentationContexts[0]?.result).toBe(1);
  });

  it('acceptorRoles never answers 1 for a role that was not proposed', () => {
    for (const pscu of [false, true]) {
      for (const pscp of [false, true]) {
        for (const oscu of [false, true]) {
          for (const oscp of [false, true]) {
            const { reply } = acceptorRoles(CT, { scu: pscu, scp: pscp }, { scu: oscu, scp: oscp });
            expect(reply).toBeDefined();
            if (!pscu) expect(reply?.scuRole).toBe(false);
            if (!pscp) expect(reply?.scpRole).toBe(false);
          }
        }
      }
    }
  });
});

describe('negotiateAsAcceptor: user identity and other items (PS3.7 D.3.3)', () => {
  const identity = { type: 2, positiveResponseRequested: true, primaryField: new TextEncoder().encode('tech'), secondaryField: new TextEncoder().encode('secret') };

  it('sends a User Identity AC when the policy accepts and a response was requested', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }]);
    rq.userInformation.userIdentityRq = identity;
    const seen: string[] = [];
    const d = accepted(negotiateAsAcceptor(rq, makePolicy({
      acceptUserIdentity: (id) => { seen.push(new TextDecoder().decode(id.primaryField)); return { accept: true, serverResponse: new Uint8Array([7]) }; },
    })));
    expect(seen).toEqual(['tech']);
    expect(d.ac.userInformation.userIdentityAc?.serverResponse).toEqual(new Uint8Array([7]));
    expect(d.userIdentity?.type).toBe(2);
  });

  it('rejects permanent, service-user, no-reason-given when the identity is refused', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }]);
    rq.userInformation.userIdentityRq = identity;
    const d = rejected(negotiateAsAcceptor(rq, makePolicy({ acceptUserIdentity: () => ({ accept: false }) })));
    expect(d.rj).toMatchObject({ result: 1, source: 1, reason: 1 });
  });

  it('ignores the identity when the policy has no callback', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }]);
    rq.userInformation.userIdentityRq = identity;
    const d = accepted(negotiateAsAcceptor(rq, makePolicy()));
    expect(d.ac.userInformation.userIdentityAc).toBeUndefined();
  });

  it('answers an asynchronous operations window with 1/1 and omits it otherwise', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }]);
    expect(accepted(negotiateAsAcceptor(rq, makePolicy())).ac.userInformation.asynchronousOperationsWindow).toBeUndefined();
    rq.userInformation.asynchronousOperationsWindow = { maxOperationsInvoked: 5, maxOperationsPerformed: 5 };
    expect(accepted(negotiateAsAcceptor(rq, makePolicy())).ac.userInformation.asynchronousOperationsWindow)
      .toEqual({ maxOperationsInvoked: 1, maxOperationsPerformed: 1 });
  });

  it('grants a window up to its own limit, never more than offered, and performs one at a time (PS3.7 D.3.3.3)', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }]);
    const answer = (invoked: number, limit: number) => {
      rq.userInformation.asynchronousOperationsWindow = { maxOperationsInvoked: invoked, maxOperationsPerformed: 3 };
      const d = accepted(negotiateAsAcceptor(rq, makePolicy({ maxOperationsInvoked: limit })));
      expect(d.asyncOpsWindow).toEqual(d.ac.userInformation.asynchronousOperationsWindow);
      return d.ac.userInformation.asynchronousOperationsWindow;
    };
    expect(answer(4, 8)).toEqual({ maxOperationsInvoked: 4, maxOperationsPerformed: 1 });
    expect(answer(16, 8)).toEqual({ maxOperationsInvoked: 8, maxOperationsPerformed: 1 });
    // 0 = unlimited offered: bounded to ours, not echoed.
    expect(answer(0, 8)).toEqual({ maxOperationsInvoked: 8, maxOperationsPerformed: 1 });
    expect(answer(4, 1)).toEqual({ maxOperationsInvoked: 1, maxOperationsPerformed: 1 });
    expect(acceptedWindow({ maxOperationsInvoked: 2, maxOperationsPerformed: 0 }, 0)).toEqual({ maxOperationsInvoked: 1, maxOperationsPerformed: 1 });
  });

  it('reports an unlimited (0) or missing peer maximum length as 0', () => {
    const rq = makeRq([{ id: 1, abstractSyntax: ECHO, transferSyntaxes: [ILE] }], { maxLength: 0 });
    expect(accepted(negotiateAsAcceptor(rq, makePolicy())).peerMaxPduLength).toBe(0);
    delete rq.userInformation.maximumLength;
    const d = accepted(negotiateAsAcceptor(rq, makePolicy()));
    expect(d.peerMaxPduLength).toBe(0);
    expect(d.warnings.join(' ')).toMatch(/Maximum Length/);
  });
});

describe('negotiation round trip through the PDU codec', () => {
  it('a storage SCP accepting all storage classes answers a 128-context RQ that survives encode/decode', () => {
    const limits = { maxAssociatePduLength: 1 << 20, maxPDataPduLength: 1 << 16 };
    const proposals = STORAGE_SOP_CLASSES.slice(0, 128).map((abstractSyntax) => ({ abstractSyntax, transferSyntaxes: [ELE, ILE] }));
    const rq = buildAssociateRq({ callingAeTitle: 'STORESCU', calledAeTitle: 'FILMSTATION', proposals, maxPduLength: 0 });
    const rqWire = decodePdu(encodePdu(rq), limits);
    if (rqWire.type !== 'A-ASSOCIATE-RQ') throw new Error('not an RQ');
    const policy = makePolicy({ supported: STORAGE_SOP_CLASSES.map((abstractSyntax) => ({ abstractSyntax, transferSyntaxes: [ILE, ELE] })) });
    const d = accepted(negotiateAsAcceptor(rqWire, policy));
    expect(d.peerMaxPduLength).toBe(0);
    const acWire = decodePdu(encodePdu(d.ac), limits);
    if (acWire.type !== 'A-ASSOCIATE-AC') throw new Error('not an AC');
    const negotiated = interpretAssociateAc(rq, acWire);
    expect(negotiated.contexts).toHaveLength(128);
    expect(negotiated.contexts.every((c) => c.accepted && c.transferSyntax === ILE)).toBe(true);
    expect(negotiated.contexts.at(-1)?.id).toBe(255);
    expect(negotiated.peerMaxPduLength).toBe(65536);
    expect(findContext(negotiated, StorageSopClass.CTImageStorage)?.id).toBe(15);
  });
});
