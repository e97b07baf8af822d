/**
 * Encoder of the DICOM Upper Layer PDUs (PS3.8 section 9.3) and of the user information
 * sub-items (PS3.7 Annex D.3.3). All multi-byte fields are big endian (PS3.8 section 9.3.1).
 * Reserved fields are sent as zero. Values that cannot be represented (an AE title too
 * long, a UID with a letter, an item over 65535 bytes) raise PduEncodeError: we never
 * send something a strict peer would refuse.
 */
import { PduEncodeError } from '../errors.js';
import {
  ItemType,
  PduType,
  type AAbort,
  type AAssociateAc,
  type AAssociateRj,
  type AAssociateRq,
  type PDataTf,
  type Pdu,
  type PresentationContextAc,
  type PresentationContextRq,
  type UserInformation,
} from './types.js';

/** Encode one PDU, header included. */
export function encodePdu(pdu: Pdu): Buffer {
  switch (pdu.type) {
    case 'A-ASSOCIATE-RQ':
      return encodeAssociate(PduType.AAssociateRq, pdu);
    case 'A-ASSOCIATE-AC':
      return encodeAssociate(PduType.AAssociateAc, pdu);
    case 'A-ASSOCIATE-RJ':
      return encodeAssociateRj(pdu);
    case 'P-DATA-TF':
      return encodePDataTf(pdu);
    case 'A-RELEASE-RQ':
      return fixedPdu(PduType.AReleaseRq, 0, 0, 0, 0);
    case 'A-RELEASE-RP':
      return fixedPdu(PduType.AReleaseRp, 0, 0, 0, 0);
    case 'A-ABORT':
      return encodeAbort(pdu);
    default: {
      const unknown: { type?: unknown } = pdu;
      throw new PduEncodeError('type', `unknown PDU type ${String(unknown.type)}`);
    }
  }
}

function checkByte(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new PduEncodeError(field, `${value} is not an integer 0..255`);
  return value;
}

function checkUint16(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new PduEncodeError(field, `${value} is not an integer 0..65535`);
  return value;
}

function checkUint32(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new PduEncodeError(field, `${value} is not an integer 0..4294967295`);
  return value;
}

/** A PDU with a 4-byte body (A-ASSOCIATE-RJ, A-RELEASE-RQ/RP, A-ABORT). */
function fixedPdu(type: number, b0: number, b1: number, b2: number, b3: number): Buffer {
  return Buffer.from([type, 0, 0, 0, 0, 4, b0, b1, b2, b3]);
}

/** A-ASSOCIATE-RJ (PS3.8 Table 9-21). */
function encodeAssociateRj(pdu: AAssociateRj): Buffer {
  return fixedPdu(PduType.AAssociateRj, 0,
    checkByte('result', pdu.result), checkByte('source', pdu.source), checkByte('reason', pdu.reason));
}

/** A-ABORT (PS3.8 Table 9-26). */
function encodeAbort(pdu: AAbort): Buffer {
  return fixedPdu(PduType.AAbort, 0, 0, checkByte('source', pdu.source), checkByte('reason', pdu.reason));
}

/**
 * AE title field: 16 bytes, padded with trailing spaces (PS3.8 section 9.3.2). The value is
 * an AE (PS3.5 section 6.2): default repertoire without backslash and control characters,
 * and not only spaces.
 */
function aeTitleField(field: string, title: string): Buffer {
  if (title.length > 16) throw new PduEncodeError(field, `"${title}" is longer than 16 characters`);
  if (!/^[\x20-\x5b\x5d-\x7e]*$/.test(title)) {
    throw new PduEncodeError(field, `"${title}" has characters outside the default repertoire (or a backslash)`);
  }
  if (title.trim() === '') throw new PduEncodeError(field, 'an AE title cannot be empty or only spaces');
  return Buffer.from(title.padEnd(16, ' '), 'latin1');
}

/**
 * UIDs in items are digits and dots, at most 64 characters, and NOT padded
 * (PS3.8 Annex F, PS3.5 section 9.1).
 */
function uidBytes(field: string, uid: string, allowEmpty = false): Buffer {
  if (uid.length > 64) throw new PduEncodeError(field, `UID "${uid}" is longer than 64 characters`);
  if (!/^[0-9.]*$/.test(uid)) throw new PduEncodeError(field, `"${uid}" is not a UID (digits and dots only)`);
  if (!allowEmpty && uid.length === 0) throw new PduEncodeError(field, 'empty UID');
  return Buffer.from(uid, 'latin1');
}

/** Item or sub-item: type, reserved (or sub-item version), 2-byte length, value (PS3.8 section 9.3.2). */
function item(field: string, type: number, parts: Buffer[], byte1 = 0): Buffer {
  let length = 0;
  for (const p of parts) length += p.length;
  if (length > 0xffff) throw new PduEncodeError(field, `item is ${length} bytes, more than 65535`);
  const header = Buffer.from([type, byte1, length >> 8, length & 0xff]);
  return Buffer.concat([header, ...parts], 4 + length);
}

/** 2-byte length followed by the bytes (role selection, extended negotiation, user identity fields). */
function lengthPrefixed(field: string, bytes: Uint8Array): Buffer {
  if (bytes.length > 0xffff) throw new PduEncodeError(field, `${bytes.length} bytes, more than 65535`);
  const out = Buffer.allocUnsafe(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  out.set(bytes, 2);
  return out;
}

function uint16(value: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(value, 0);
  return b;
}

/** A-ASSOCIATE-RQ (PS3.8 Table 9-11) and A-ASSOCIATE-AC (PS3.8 Table 9-17). */
function encodeAssociate(type: number, pdu: AAssociateRq | AAssociateAc): Buffer {
  const fixed = Buffer.alloc(ASSOCIATE_FIXED_LENGTH); // reserved bytes stay zero
  fixed.writeUInt16BE(checkUint16('protocol-version', pdu.protocolVersion), 0);
  aeTitleField('called-ae-title', pdu.calledAeTitle).copy(fixed, 4);
  aeTitleField('calling-ae-title', pdu.callingAeTitle).copy(fixed, 20);

  const items: Buffer[] = [
    fixed,
    item('application-context', ItemType.ApplicationContext, [uidBytes('application-context', pdu.applicationContextName)]),
  ];
  if (pdu.type === 'A-ASSOCIATE-RQ') {
    for (const pc of pdu.presentationContexts) items.push(presentationContextRqItem(pc));
  } else {
    for (const pc of pdu.presentationContexts) items.push(presentationContextAcItem(pc));
  }
  items.push(userInformationItem(pdu.userInformation));

  let length = 0;
  for (const p of items) length += p.length;
  const header = Buffer.from([type, 0, 0, 0, 0, 0]);
  header.writeUInt32BE(checkUint32('pdu-length', length), 2);
  return Buffer.concat([header, ...items], 6 + length);
}

const ASSOCIATE_FIXED_LENGTH = 68;

/** Presentation Context Item RQ (PS3.8 Table 9-13, sub-items Tables 9-14 and 9-15). */
function presentationContextRqItem(pc: PresentationContextRq): Buffer {
  const field = `presentation-context ${pc.id}`;
  // PS3.8 section 9.3.2.2: one or more transfer syntax sub-items.
  if (pc.transferSyntaxes.length === 0) throw new PduEncodeError(field, 'no transfer syntax proposed');
  const parts: Buffer[] = [
    Buffer.from([checkByte('presentation-context-id', pc.id), 0, 0, 0]),
    item(`${field} abstract-syntax`, ItemType.AbstractSyntax, [uidBytes(`${field} abstract-syntax`, pc.abstractSyntax)]),
  ];
  for (const ts of pc.transferSyntaxes) {
    parts.push(item(`${field} transfer-syntax`, ItemType.TransferSyntax, [uidBytes(`${field} transfer-syntax`, ts)]));
  }
  return item(field, ItemType.PresentationContextRq, parts);
}

/** Presentation Context Item AC (PS3.8 Table 9-18): the transfer syntax sub-item is always written. */
function presentationContextAcItem(pc: PresentationContextAc): Buffer {
  const field = `presentation-context ${pc.id}`;
  const accepted = pc.result === 0;
  return item(field, ItemType.PresentationContextAc, [
    Buffer.from([checkByte('presentation-context-id', pc.id), 0, checkByte(`${field} result`, pc.result), 0]),
    // Not significant when not accepted (PS3.8 section 9.3.3.2), so an empty one is allowed then.
    item(`${field} transfer-syntax`, ItemType.TransferSyntax, [uidBytes(`${field} transfer-syntax`, pc.transferSyntax, !accepted)]),
  ]);
}

/** User Information Item (PS3.8 section 9.3.2.3) and its sub-items (PS3.8 Annex D.1, PS3.7 Annex D.3.3). */
function userInformationItem(info: UserInformation): Buffer {
  const subs: Buffer[] = [];
  if (info.maximumLength !== undefined) {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(checkUint32('maximum-length', info.maximumLength), 0);
    subs.push(item('maximum-length', ItemType.MaximumLength, [b]));
  }
  if (info.implementationClassUid !== undefined) {
    subs.push(item('implementation-class-uid', ItemType.ImplementationClassUid,
      [uidBytes('implementation-class-uid', info.implementationClassUid)]));
  }
  if (info.asynchronousOperationsWindow !== undefined) {
    const w = info.asynchronousOperationsWindow;
    subs.push(item('asynchronous-operations-window', ItemType.AsynchronousOperationsWindow, [
      uint16(checkUint16('max-operations-invoked', w.maxOperationsInvoked)),
      uint16(checkUint16('max-operations-performed', w.maxOperationsPerformed)),
    ]));
  }
  for (const r of info.roleSelections) {
    subs.push(item('role-selection', ItemType.ScpScuRoleSelection, [
      lengthPrefixed('role-selection sop-class-uid', uidBytes('role-selection sop-class-uid', r.sopClassUid)),
      Buffer.from([r.scuRole ? 1 : 0, r.scpRole ? 1 : 0]),
    ]));
  }
  if (info.implementationVersionName !== undefined) {
    // PS3.7 D.3.3.2.3: 1 to 16 characters of the default repertoire.
    const name = info.implementationVersionName;
    if (name.length < 1 || name.length > 16 || !/^[\x20-\x7e]*$/.test(name)) {
      throw new PduEncodeError('implementation-version-name', `"${name}" is not 1..16 default-repertoire characters`);
    }
    subs.push(item('implementation-version-name', ItemType.ImplementationVersionName, [Buffer.from(name, 'latin1')]));
  }
  for (const e of info.sopClassExtended) {
    subs.push(item('sop-class-extended-negotiation', ItemType.SopClassExtendedNegotiation, [
      lengthPrefixed('sop-class-extended sop-class-uid', uidBytes('sop-class-extended sop-class-uid', e.sopClassUid)),
      Buffer.from(e.info.buffer, e.info.byteOffset, e.info.byteLength),
    ]));
  }
  for (const c of info.sopClassCommonExtended) {
    const related = c.relatedGeneralSopClassUids.map((uid) =>
      lengthPrefixed('common-extended related-uid', uidBytes('common-extended related-uid', uid)));
    // Byte 1 is the sub-item version, 0 (PS3.7 Table D.3-12).
    subs.push(item('sop-class-common-extended-negotiation', ItemType.SopClassCommonExtendedNegotiation, [
      lengthPrefixed('common-extended sop-class-uid', uidBytes('common-extended sop-class-uid', c.sopClassUid)),
      lengthPrefixed('common-extended service-class-uid', uidBytes('common-extended service-class-uid', c.serviceClassUid)),
      lengthPrefixed('common-extended related-general-sop-classes', Buffer.concat(related)),
    ]));
  }
  if (info.userIdentityRq !== undefined) {
    const u = info.userIdentityRq;
    subs.push(item('user-identity-rq', ItemType.UserIdentityRq, [
      Buffer.from([checkByte('user-identity-type', u.type), u.positiveResponseRequested ? 1 : 0]),
      lengthPrefixed('user-identity primary-field', u.primaryField),
      lengthPrefixed('user-identity secondary-field', u.secondaryField),
    ]));
  }
  if (info.userIdentityAc !== undefined) {
    subs.push(item('user-identity-ac', ItemType.UserIdentityAc, [
      lengthPrefixed('user-identity server-response', info.userIdentityAc.serverResponse),
    ]));
  }
  // Unknown sub-items are re-emitted as received.
  for (const u of info.unknownItems) {
    subs.push(item(`user-information unknown item 0x${u.type.toString(16)}`, checkByte('unknown-item-type', u.type),
      [Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength)]));
  }
  return item('user-information', ItemType.UserInformation, subs);
}

/** The PDU-length field of a P-DATA-TF (PS3.8 Table 9-22), checking its items can be encoded. */
export function pDataTfLength(pdu: PDataTf): number {
  if (pdu.pdvs.length === 0) throw new PduEncodeError('pdv-item', 'a P-DATA-TF needs at least one PDV (PS3.8 section 9.3.5)');
  let length = 0;
  for (const pdv of pdu.pdvs) {
    checkByte('presentation-context-id', pdv.presentationContextId);
    length += 6 + pdv.data.length;
  }
  checkUint32('pdu-length', length);
  return length;
}

/**
 * A P-DATA-TF as pieces to write in order (corked, one writev): each PDV item's header, then
 * its data as given (a view, not a copy). Large data sets then cost no allocation and no
 * copy per PDU on the sending side; the PDU bytes are the same as encodePdu's.
 */
export function encodePDataTfParts(pdu: PDataTf): Uint8Array[] {
  const length = pDataTfLength(pdu);
  const parts: Uint8Array[] = [];
  pdu.pdvs.forEach((pdv, i) => {
    // The PDU header travels with the first item's header.
    const at = i === 0 ? 6 : 0;
    const head = Buffer.allocUnsafe(at + 6);
    if (i === 0) {
      head[0] = PduType.PDataTf;
      head[1] = 0;
      head.writeUInt32BE(length, 2);
    }
    head.writeUInt32BE(pdv.data.length + 2, at);
    head[at + 4] = pdv.presentationContextId;
    head[at + 5] = (pdv.isCommand ? 0x01 : 0) | (pdv.isLastFragment ? 0x02 : 0);
    parts.push(head);
    if (pdv.data.length > 0) parts.push(pdv.data);
  });
  return parts;
}

/**
 * P-DATA-TF (PS3.8 Table 9-22): PDV items of 4-byte length + presentation context id +
 * message control header (PS3.8 Annex E.2: bit 0 command, bit 1 last fragment). One
 * allocation, one copy of each fragment: this is the sending hot path.
 */
function encodePDataTf(pdu: PDataTf): Buffer {
  const length = pDataTfLength(pdu);
  const out = Buffer.allocUnsafe(6 + length);
  out[0] = PduType.PDataTf;
  out[1] = 0;
  out.writeUInt32BE(length, 2);
  let pos = 6;
  for (const pdv of pdu.pdvs) {
    out.writeUInt32BE(pdv.data.length + 2, pos);
    out[pos + 4] = pdv.presentationContextId;
    out[pos + 5] = (pdv.isCommand ? 0x01 : 0) | (pdv.isLastFragment ? 0x02 : 0);
    out.set(pdv.data, pos + 6);
    pos += 6 + pdv.data.length;
  }
  return out;
}
