import {
  type AAssociateAc,
  type AAssociateRq,
  DICOM_APPLICATION_CONTEXT,
  emptyUserInformation,
  type PresentationContextAc,
  type ScpScuRoleSelection,
} from '../../../../core/network/pdu/types.js';
import { type AcceptorPolicy } from '../../../../core/network/negotiation/acceptor.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, SopClass, StorageSopClass, TransferSyntax } from '../../../../core/dicom/uids.js';

export const ILE = TransferSyntax.ImplicitVRLittleEndian;
export const ELE = TransferSyntax.ExplicitVRLittleEndian;
export const EBE = TransferSyntax.ExplicitVRBigEndian;
export const JPEG = TransferSyntax.JPEGBaseline8Bit;
export const CT = StorageSopClass.CTImageStorage;
export const MR = StorageSopClass.MRImageStorage;
export const ECHO = SopClass.Verification;

/** A hand-made A-ASSOCIATE-RQ, as a peer would send it. */
export function makeRq(contexts: Array<{ id: number; abstractSyntax: string; transferSyntaxes: string[] }>,
  extra: Partial<Omit<AAssociateRq, 'userInformation'>> & { roles?: ScpScuRoleSelection[]; maxLength?: number } = {}): AAssociateRq {
  const { roles, maxLength, ...rest } = extra;
  const userInformation = emptyUserInformation();
  userInformation.maximumLength = maxLength ?? 16384;
  userInformation.implementationClassUid = '1.2.276.0.7230010.3.0.3.6.7';
  userInformation.implementationVersionName = 'OFFIS_DCMTK_367';
  userInformation.roleSelections = roles ?? [];
  return {
    type: 'A-ASSOCIATE-RQ',
    protocolVersion: 1,
    calledAeTitle: 'FILMSTATION',
    callingAeTitle: 'MODALITY1',
    applicationContextName: DICOM_APPLICATION_CONTEXT,
    presentationContexts: contexts,
    userInformation,
    ...rest,
  };
}

/** A hand-made A-ASSOCIATE-AC, as a peer would send it. */
export function makeAc(rq: AAssociateRq, answers: PresentationContextAc[],
  extra: { roles?: ScpScuRoleSelection[]; maxLength?: number | undefined } = {}): AAssociateAc {
  const userInformation = emptyUserInformation();
  if (!('maxLength' in extra) || extra.maxLength !== undefined) userInformation.maximumLength = extra.maxLength ?? 32768;
  userInformation.implementationClassUid = '1.2.3.4.5';
  userInformation.implementationVersionName = 'PEER_1';
  userInformation.roleSelections = extra.roles ?? [];
  return {
    type: 'A-ASSOCIATE-AC',
    protocolVersion: 1,
    calledAeTitle: rq.calledAeTitle,
    callingAeTitle: rq.callingAeTitle,
    applicationContextName: DICOM_APPLICATION_CONTEXT,
    presentationContexts: answers,
    userInformation,
  };
}

export function makePolicy(overrides: Partial<AcceptorPolicy> = {}): AcceptorPolicy {
  return {
    aeTitle: 'FILMSTATION',
    checkCalledAeTitle: true,
    supported: [
      { abstractSyntax: ECHO, transferSyntaxes: [ELE, ILE] },
      { abstractSyntax: CT, transferSyntaxes: [ELE, ILE] },
    ],
    maxPduLength: 65536,
    implementationClassUid: IMPLEMENTATION_CLASS_UID,
    implementationVersionName: IMPLEMENTATION_VERSION_NAME,
    ...overrides,
  };
}
