/**
 * PDU and item types of the DICOM Upper Layer protocol (PS3.8 section 9.3).
 * Names follow the standard; numeric fields keep the standard's codes.
 */

export const PduType = {
  AAssociateRq: 0x01,
  AAssociateAc: 0x02,
  AAssociateRj: 0x03,
  PDataTf: 0x04,
  AReleaseRq: 0x05,
  AReleaseRp: 0x06,
  AAbort: 0x07,
} as const;
export type PduTypeCode = (typeof PduType)[keyof typeof PduType];

/** Item types inside A-ASSOCIATE-RQ/AC (PS3.8 sections 9.3.2.x, 9.3.3.x, PS3.7 Annex D.3.3). */
export const ItemType = {
  ApplicationContext: 0x10,
  PresentationContextRq: 0x20,
  PresentationContextAc: 0x21,
  AbstractSyntax: 0x30,
  TransferSyntax: 0x40,
  UserInformation: 0x50,
  MaximumLength: 0x51,
  ImplementationClassUid: 0x52,
  AsynchronousOperationsWindow: 0x53,
  ScpScuRoleSelection: 0x54,
  ImplementationVersionName: 0x55,
  SopClassExtendedNegotiation: 0x56,
  SopClassCommonExtendedNegotiation: 0x57,
  UserIdentityRq: 0x58,
  UserIdentityAc: 0x59,
} as const;

/** The only application context name defined (PS3.7 Annex A.2.1). */
export const DICOM_APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';

export interface PresentationContextRq {
  /** Odd integer 1..255 (PS3.8 section 9.3.2.2). */
  id: number;
  abstractSyntax: string;
  transferSyntaxes: string[];
}

/** Result/reason of a presentation context in A-ASSOCIATE-AC (PS3.8 Table 9-18). */
export const PresentationContextResult = {
  Acceptance: 0,
  UserRejection: 1,
  NoReason: 2,
  AbstractSyntaxNotSupported: 3,
  TransferSyntaxesNotSupported: 4,
} as const;

export interface PresentationContextAc {
  id: number;
  result: number;
  /** Present (and meaningful) only when result is Acceptance; encoders write it always (PS3.8 9.3.3.2). */
  transferSyntax: string;
}

export interface ScpScuRoleSelection {
  sopClassUid: string;
  scuRole: boolean;
  scpRole: boolean;
}

export interface SopClassExtendedNegotiation {
  sopClassUid: string;
  /** Service-class application information, opaque bytes (PS3.7 D.3.3.5). */
  info: Uint8Array;
}

export interface SopClassCommonExtendedNegotiation {
  sopClassUid: string;
  serviceClassUid: string;
  relatedGeneralSopClassUids: string[];
}

/** User Identity Negotiation RQ (PS3.7 D.3.3.7.1). Type 1 username, 2 username+passcode, 3 Kerberos, 4 SAML, 5 JWT. */
export interface UserIdentityRq {
  type: number;
  positiveResponseRequested: boolean;
  primaryField: Uint8Array;
  secondaryField: Uint8Array;
}

export interface UserIdentityAc {
  serverResponse: Uint8Array;
}

export interface AsynchronousOperationsWindow {
  maxOperationsInvoked: number;
  maxOperationsPerformed: number;
}

/** An item we do not know: kept, not dropped, so that it can be logged (PS3.7 D.3.3: ignore unknown sub-items). */
export interface UnknownItem {
  type: number;
  data: Uint8Array;
}

export interface UserInformation {
  /** 0 means unlimited (PS3.8 D.1). */
  maximumLength?: number;
  implementationClassUid?: string;
  implementationVersionName?: string;
  asynchronousOperationsWindow?: AsynchronousOperationsWindow;
  roleSelections: ScpScuRoleSelection[];
  sopClassExtended: SopClassExtendedNegotiation[];
  sopClassCommonExtended: SopClassCommonExtendedNegotiation[];
  userIdentityRq?: UserIdentityRq;
  userIdentityAc?: UserIdentityAc;
  unknownItems: UnknownItem[];
}

export interface AAssociateRq {
  type: 'A-ASSOCIATE-RQ';
  protocolVersion: number;
  calledAeTitle: string;
  callingAeTitle: string;
  applicationContextName: string;
  presentationContexts: PresentationContextRq[];
  userInformation: UserInformation;
}

export interface AAssociateAc {
  type: 'A-ASSOCIATE-AC';
  protocolVersion: number;
  /** Echoed from the RQ; the receiver must not test them (PS3.8 9.3.3). */
  calledAeTitle: string;
  callingAeTitle: string;
  applicationContextName: string;
  presentationContexts: PresentationContextAc[];
  userInformation: UserInformation;
}

/** A-ASSOCIATE-RJ (PS3.8 Table 9-21). */
export interface AAssociateRj {
  type: 'A-ASSOCIATE-RJ';
  /** 1 rejected-permanent, 2 rejected-transient. */
  result: number;
  /** 1 service-user, 2 service-provider (ACSE), 3 service-provider (presentation). */
  source: number;
  reason: number;
}

/** One Presentation Data Value item (PS3.8 9.3.5.1, Annex E.2 message control header). */
export interface Pdv {
  presentationContextId: number;
  isCommand: boolean;
  isLastFragment: boolean;
  data: Uint8Array;
}

export interface PDataTf {
  type: 'P-DATA-TF';
  pdvs: Pdv[];
}

export interface AReleaseRq {
  type: 'A-RELEASE-RQ';
}

export interface AReleaseRp {
  type: 'A-RELEASE-RP';
}

/** A-ABORT (PS3.8 Table 9-26). source 0 service-user, 2 service-provider; reason meaningful when source is 2. */
export interface AAbort {
  type: 'A-ABORT';
  source: number;
  reason: number;
}

export type Pdu = AAssociateRq | AAssociateAc | AAssociateRj | PDataTf | AReleaseRq | AReleaseRp | AAbort;

/** Limits applied while decoding (never trust a length field). */
export interface PduLimits {
  /** Largest A-ASSOCIATE-RQ/AC/RJ PDU accepted, in bytes of PDU body (default 1 MiB). */
  maxAssociatePduLength: number;
  /** Largest P-DATA-TF PDU body accepted: our advertised maximum length (0 = unlimited is NOT allowed here). */
  maxPDataPduLength: number;
}

export function emptyUserInformation(): UserInformation {
  return { roleSelections: [], sopClassExtended: [], sopClassCommonExtended: [], unknownItems: [] };
}
