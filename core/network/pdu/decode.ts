/**
 * Decoder of the DICOM Upper Layer PDUs (PS3.8 section 9.3) and of the items of the
 * A-ASSOCIATE user information (PS3.7 Annex D.3.3).
 *
 * Nothing read from the wire is trusted: every read checks the bytes that remain in
 * its parent (PDU, item or sub-item) first, and every failure is a PduDecodeError naming
 * the field and the byte offset from the start of the PDU. Byte fields (PDV data,
 * extended negotiation info, user identity fields, unknown items) are views into the
 * input, never copies: the P-DATA-TF path is the hot path of storage.
 */
import { PduDecodeError, PduLimitError } from '../errors.js';
import {
  emptyUserInformation,
  ItemType,
  PduType,
  type AAbort,
  type AAssociateAc,
  type AAssociateRj,
  type AAssociateRq,
  type PDataTf,
  type Pdu,
  type PduLimits,
  type Pdv,
  type PresentationContextAc,
  type PresentationContextRq,
  type UserInformation,
} from './types.js';

/** Size of the PDU header: type, reserved, 4-byte length (PS3.8 section 9.3.1). */
export const PDU_HEADER_LENGTH = 6;

/** Fixed part of A-ASSOCIATE-RQ/AC after the header: version, reserved, AE titles, 32 reserved (PS3.8 Tables 9-11, 9-17). */
const ASSOCIATE_FIXED_LENGTH = 68;

/** Parse the 6-byte PDU header; undefined while fewer than 6 bytes are available. No validation. */
export function decodePduHeader(bytes: Uint8Array): { type: number; length: number } | undefined {
  if (bytes.length < PDU_HEADER_LENGTH) return undefined;
  // Big endian, PS3.8 section 9.3.1. Computed by hand: bytes may be a plain Uint8Array.
  const length = ((bytes[2]! << 24) >>> 0) + (bytes[3]! << 16) + (bytes[4]! << 8) + bytes[5]!;
  return { type: bytes[0]!, length };
}

/**
 * Check a PDU header against the protocol and the limits, before any body is buffered.
 * Throws PduDecodeError for an unknown type or a wrong fixed length, PduLimitError when the
 * declared length is over the limit. Used by both decodePdu and PduFramer.
 */
export function checkPduHeader(type: number, length: number, limits: PduLimits): void {
  switch (type) {
    case PduType.AAssociateRq:
    case PduType.AAssociateAc:
    case PduType.AAssociateRj:
      if (length > limits.maxAssociatePduLength) throw new PduLimitError(type, length, limits.maxAssociatePduLength);
      // A-ASSOCIATE-RJ has a fixed 4-byte body (PS3.8 Table 9-21).
      if (type === PduType.AAssociateRj && length !== 4) {
        throw new PduDecodeError('pdu-length', 2, `A-ASSOCIATE-RJ must declare length 4, not ${length}`);
      }
      return;
    case PduType.PDataTf:
      // Our advertised Maximum Length counts the whole P-DATA-TF variable field (PS3.8 Annex D.1).
      if (length > limits.maxPDataPduLength) throw new PduLimitError(type, length, limits.maxPDataPduLength);
      return;
    case PduType.AReleaseRq:
    case PduType.AReleaseRp:
    case PduType.AAbort:
      // Fixed 4-byte body (PS3.8 Tables 9-24, 9-25, 9-26).
      if (length !== 4) throw new PduDecodeError('pdu-length', 2, `PDU type ${type} must declare length 4, not ${length}`);
      return;
    default:
      throw new PduDecodeError('pdu-type', 0, `unknown PDU type 0x${type.toString(16).padStart(2, '0')}`);
  }
}

/** Decode exactly one complete PDU (6-byte header + body, nothing after it). */
export function decodePdu(bytes: Uint8Array, limits: PduLimits): Pdu {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 1) throw new PduDecodeError('pdu-type', 0, 'no bytes');
  const type = buf[0]!;
  if (type < PduType.AAssociateRq || type > PduType.AAbort) {
    throw new PduDecodeError('pdu-type', 0, `unknown PDU type 0x${type.toString(16).padStart(2, '0')}`);
  }
  if (buf.length < PDU_HEADER_LENGTH) {
    throw new PduDecodeError('pdu-length', 2, `PDU header needs 6 bytes, ${buf.length} present`);
  }
  const length = buf.readUInt32BE(2);
  checkPduHeader(type, length, limits);
  const available = buf.length - PDU_HEADER_LENGTH;
  if (available < length) throw new PduDecodeError('pdu-length', 2, `declares ${length} bytes, ${available} present`);
  if (available > length) throw new PduDecodeError('pdu-length', 2, `declares ${length} bytes, ${available - length} extra bytes follow`);
  const end = PDU_HEADER_LENGTH + length;

  switch (type) {
    case PduType.AAssociateRq:
      return decodeAssociate(buf, end, 'A-ASSOCIATE-RQ');
    case PduType.AAssociateAc:
      return decodeAssociate(buf, end, 'A-ASSOCIATE-AC');
    case PduType.AAssociateRj:
      return decodeAssociateRj(buf);
    case PduType.PDataTf:
      return decodePDataTf(buf, end);
    case PduType.AReleaseRq:
      return { type: 'A-RELEASE-RQ' };
    case PduType.AReleaseRp:
      return { type: 'A-RELEASE-RP' };
    default:
      return decodeAbort(buf);
  }
}

/** Throw unless n bytes are available at offset before end (the end of the enclosing PDU/item). */
function need(field: string, offset: number, n: number, end: number): void {
  if (offset + n > end) {
    throw new PduDecodeError(field, offset, `needs ${n} byte(s), ${Math.max(0, end - offset)} remain in the enclosing item`);
  }
}

/** Reserved bytes and padding are not tested on receipt (PS3.8 section 9.3.1): strip trailing NUL/space from UIDs. */
function readUid(buf: Buffer, start: number, end: number): string {
  let e = end;
  while (e > start && (buf[e - 1] === 0x00 || buf[e - 1] === 0x20)) e--;
  return buf.toString('latin1', start, e);
}

/** AE titles: leading and trailing spaces are not significant (PS3.8 section 9.3.2, PS3.5 AE VR). */
function readAeTitle(buf: Buffer, start: number): string {
  return buf.toString('latin1', start, start + 16).replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

interface ItemHeader {
  type: number;
  /** Offset of the first byte of the item value. */
  start: number;
  /** Offset just after the item. */
  end: number;
}

/** Read an item/sub-item header (type, reserved, 2-byte length: PS3.8 section 9.3.2) that must fit in its parent. */
function readItemHeader(buf: Buffer, pos: number, parentEnd: number, field: string): ItemHeader {
  need(`${field}-header`, pos, 4, parentEnd);
  const length = buf.readUInt16BE(pos + 2);
  const start = pos + 4;
  if (start + length > parentEnd) {
    throw new PduDecodeError(`${field}-length`, pos + 2,
      `item type 0x${buf[pos]!.toString(16).padStart(2, '0')} declares ${length} bytes, ${parentEnd - start} remain in its parent`);
  }
  return { type: buf[pos]!, start, end: start + length };
}

/** Decode A-ASSOCIATE-RQ (PS3.8 Table 9-11) or A-ASSOCIATE-AC (PS3.8 Table 9-17): same fixed part. */
function decodeAssociate(buf: Buffer, end: number, kind: 'A-ASSOCIATE-RQ' | 'A-ASSOCIATE-AC'): AAssociateRq | AAssociateAc {
  need('protocol-version', 6, 2, end);
  const protocolVersion = buf.readUInt16BE(6);
  need('called-ae-title', 10, 16, end);
  const calledAeTitle = readAeTitle(buf, 10);
  need('calling-ae-title', 26, 16, end);
  const callingAeTitle = readAeTitle(buf, 26);
  need('reserved', 42, 32, end);

  // A missing application context is reported as '' so that the association layer can
  // reject it with "application-context-name-not-supported" rather than abort.
  let applicationContextName: string | undefined;
  let userInformation: UserInformation | undefined;
  const contextsRq: PresentationContextRq[] = [];
  const contextsAc: PresentationContextAc[] = [];
  const isRq = kind === 'A-ASSOCIATE-RQ';

  let pos = PDU_HEADER_LENGTH + ASSOCIATE_FIXED_LENGTH;
  while (pos < end) {
    const item = readItemHeader(buf, pos, end, 'item');
    switch (item.type) {
      case ItemType.ApplicationContext:
        applicationContextName ??= readUid(buf, item.start, item.end);
        break;
      case ItemType.PresentationContextRq:
        if (isRq) contextsRq.push(decodePresentationContextRq(buf, item));
        break;
      case ItemType.PresentationContextAc:
        if (!isRq) contextsAc.push(decodePresentationContextAc(buf, item));
        break;
      case ItemType.UserInformation:
        userInformation ??= decodeUserInformation(buf, item);
        break;
      default:
        // Unknown or out-of-place items are ignored (PS3.8 section 9.3.1).
        break;
    }
    pos = item.end;
  }

  const common = {
    protocolVersion,
    calledAeTitle,
    callingAeTitle,
    applicationContextName: applicationContextName ?? '',
    userInformation: userInformation ?? emptyUserInformation(),
  };
  return isRq
    ? { type: 'A-ASSOCIATE-RQ', ...common, presentationContexts: contextsRq }
    : { type: 'A-ASSOCIATE-AC', ...common, presentationContexts: contextsAc };
}

/** Presentation Context Item RQ (PS3.8 Table 9-13): id, 3 reserved, abstract syntax + transfer syntax sub-items. */
function decodePresentationContextRq(buf: Buffer, item: ItemHeader): PresentationContextRq {
  need('presentation-context-id', item.start, 4, item.end);
  const id = buf[item.start]!;
  let abstractSyntax: string | undefined;
  const transferSyntaxes: string[] = [];
  let pos = item.start + 4;
  while (pos < item.end) {
    const sub = readItemHeader(buf, pos, item.end, 'presentation-context-sub-item');
    if (sub.type === ItemType.AbstractSyntax) abstractSyntax ??= readUid(buf, sub.start, sub.end);
    else if (sub.type === ItemType.TransferSyntax) transferSyntaxes.push(readUid(buf, sub.start, sub.end));
    pos = sub.end;
  }
  // A missing abstract syntax is left '' for negotiation to reject (PS3.8 section 9.3.2.2).
  return { id, abstractSyntax: abstractSyntax ?? '', transferSyntaxes };
}

/** Presentation Context Item AC (PS3.8 Table 9-18): id, reserved, result/reason, reserved, one transfer syntax. */
function decodePresentationContextAc(buf: Buffer, item: ItemHeader): PresentationContextAc {
  need('presentation-context-id', item.start, 4, item.end);
  const id = buf[item.start]!;
  const result = buf[item.start + 2]!;
  let transferSyntax: string | undefined;
  let pos = item.start + 4;
  while (pos < item.end) {
    const sub = readItemHeader(buf, pos, item.end, 'presentation-context-sub-item');
    if (sub.type === ItemType.TransferSyntax) transferSyntax ??= readUid(buf, sub.start, sub.end);
    pos = sub.end;
  }
  // Not significant unless accepted, and some peers omit it then (PS3.8 section 9.3.3.2).
  return { id, result, transferSyntax: transferSyntax ?? '' };
}

/** User Information Item (PS3.8 section 9.3.2.3, PS3.7 Annex D.3.3): a list of sub-items. */
function decodeUserInformation(buf: Buffer, item: ItemHeader): UserInformation {
  const info = emptyUserInformation();
  let pos = item.start;
  while (pos < item.end) {
    const sub = readItemHeader(buf, pos, item.end, 'user-information-sub-item');
    if (!decodeUserInformationSubItem(buf, sub, info)) {
      // Unknown sub-items (and repeats of single-valued ones) are kept, not dropped, so they can be logged.
      info.unknownItems.push({ type: sub.type, data: buf.subarray(sub.start, sub.end) });
    }
    pos = sub.end;
  }
  return info;
}

/** Decode one known sub-item into info; false when it is unknown or a repeat of a single-valued one. */
function decodeUserInformationSubItem(buf: Buffer, sub: ItemHeader, info: UserInformation): boolean {
  const { start, end } = sub;
  switch (sub.type) {
    case ItemType.MaximumLength: // PS3.8 Annex D.1, Table D.1-1
      if (info.maximumLength !== undefined) return false;
      exactLength('maximum-length', sub, 4);
      info.maximumLength = buf.readUInt32BE(start);
      return true;
    case ItemType.ImplementationClassUid: // PS3.7 D.3.3.2.1
      if (info.implementationClassUid !== undefined) return false;
      info.implementationClassUid = readUid(buf, start, end);
      return true;
    case ItemType.AsynchronousOperationsWindow: // PS3.7 D.3.3.3.1
      if (info.asynchronousOperationsWindow !== undefined) return false;
      exactLength('asynchronous-operations-window', sub, 4);
      info.asynchronousOperationsWindow = {
        maxOperationsInvoked: buf.readUInt16BE(start),
        maxOperationsPerformed: buf.readUInt16BE(start + 2),
      };
      return true;
    case ItemType.ScpScuRoleSelection: { // PS3.7 D.3.3.4.1
      const uid = readLengthPrefixed(buf, start, end, 'role-selection-sop-class-uid');
      need('role-selection-roles', uid.next, 2, end);
      noTrailing('role-selection', uid.next + 2, end);
      info.roleSelections.push({
        sopClassUid: readUid(buf, uid.start, uid.end),
        scuRole: buf[uid.next] !== 0,
        scpRole: buf[uid.next + 1] !== 0,
      });
      return true;
    }
    case ItemType.ImplementationVersionName: // PS3.7 D.3.3.2.3: kept raw, it is only logged
      if (info.implementationVersionName !== undefined) return false;
      info.implementationVersionName = buf.toString('latin1', start, end);
      return true;
    case ItemType.SopClassExtendedNegotiation: { // PS3.7 D.3.3.5.1
      const uid = readLengthPrefixed(buf, start, end, 'sop-class-extended-uid');
      info.sopClassExtended.push({ sopClassUid: readUid(buf, uid.start, uid.end), info: buf.subarray(uid.next, end) });
      return true;
    }
    case ItemType.SopClassCommonExtendedNegotiation: { // PS3.7 D.3.3.6.1 (byte 1 is the sub-item version, 0)
      const sop = readLengthPrefixed(buf, start, end, 'common-extended-sop-class-uid');
      const service = readLengthPrefixed(buf, sop.next, end, 'common-extended-service-class-uid');
      const related = readLengthPrefixed(buf, service.next, end, 'common-extended-related-sop-classes');
      const relatedGeneralSopClassUids: string[] = [];
      let pos = related.start;
      while (pos < related.end) {
        const uid = readLengthPrefixed(buf, pos, related.end, 'common-extended-related-sop-class-uid');
        relatedGeneralSopClassUids.push(readUid(buf, uid.start, uid.end));
        pos = uid.next;
      }
      noTrailing('common-extended', related.next, end);
      info.sopClassCommonExtended.push({
        sopClassUid: readUid(buf, sop.start, sop.end),
        serviceClassUid: readUid(buf, service.start, service.end),
        relatedGeneralSopClassUids,
      });
      return true;
    }
    case ItemType.UserIdentityRq: { // PS3.7 D.3.3.7.1
      if (info.userIdentityRq !== undefined) return false;
      need('user-identity-type', start, 2, end);
      const primary = readLengthPrefixed(buf, start + 2, end, 'user-identity-primary-field');
      // Lenient: a peer that omits the (zero) secondary-field length for type 1 is still understood.
      let secondaryField: Uint8Array = buf.subarray(end, end);
      if (primary.next < end) {
        const secondary = readLengthPrefixed(buf, primary.next, end, 'user-identity-secondary-field');
        noTrailing('user-identity', secondary.next, end);
        secondaryField = buf.subarray(secondary.start, secondary.end);
      }
      info.userIdentityRq = {
        type: buf[start]!,
        positiveResponseRequested: buf[start + 1] !== 0,
        primaryField: buf.subarray(primary.start, primary.end),
        secondaryField,
      };
      return true;
    }
    case ItemType.UserIdentityAc: { // PS3.7 D.3.3.7.2
      if (info.userIdentityAc !== undefined) return false;
      const response = readLengthPrefixed(buf, start, end, 'user-identity-server-response');
      noTrailing('user-identity-ac', response.next, end);
      info.userIdentityAc = { serverResponse: buf.subarray(response.start, response.end) };
      return true;
    }
    default:
      return false;
  }
}

function exactLength(field: string, sub: ItemHeader, n: number): void {
  const length = sub.end - sub.start;
  if (length !== n) throw new PduDecodeError(`${field}-length`, sub.start - 2, `must be ${n}, is ${length}`);
}

function noTrailing(field: string, pos: number, end: number): void {
  if (pos !== end) throw new PduDecodeError(field, pos, `${end - pos} unexpected byte(s) at the end of the sub-item`);
}

/** A 2-byte length followed by that many bytes, inside [pos, end). */
function readLengthPrefixed(buf: Buffer, pos: number, end: number, field: string): { start: number; end: number; next: number } {
  need(`${field}-length`, pos, 2, end);
  const length = buf.readUInt16BE(pos);
  const start = pos + 2;
  if (start + length > end) {
    throw new PduDecodeError(`${field}-length`, pos, `declares ${length} bytes, ${end - start} remain in the sub-item`);
  }
  return { start, end: start + length, next: start + length };
}

/** A-ASSOCIATE-RJ (PS3.8 Table 9-21): reserved, result, source, reason/diag. Length already checked to be 4. */
function decodeAssociateRj(buf: Buffer): AAssociateRj {
  return { type: 'A-ASSOCIATE-RJ', result: buf[7]!, source: buf[8]!, reason: buf[9]! };
}

/** A-ABORT (PS3.8 Table 9-26): reserved, reserved, source, reason/diag. Length already checked to be 4. */
function decodeAbort(buf: Buffer): AAbort {
  return { type: 'A-ABORT', source: buf[8]!, reason: buf[9]! };
}

/**
 * P-DATA-TF (PS3.8 Table 9-22): one or more PDV items, each a 4-byte length, the
 * presentation context id and the message control header (PS3.8 Annex E.2: bit 0
 * command, bit 1 last fragment), then the fragment. The fragment is a view, not a copy.
 */
function decodePDataTf(buf: Buffer, end: number): PDataTf {
  const pdvs: Pdv[] = [];
  let pos = PDU_HEADER_LENGTH;
  if (pos === end) throw new PduDecodeError('pdv-item', pos, 'P-DATA-TF holds no PDV item');
  while (pos < end) {
    need('pdv-length', pos, 4, end);
    const length = buf.readUInt32BE(pos);
    if (length < 2) throw new PduDecodeError('pdv-length', pos, `PDV item length ${length} is less than 2`);
    if (length > end - pos - 4) throw new PduDecodeError('pdv-length', pos, `PDV item declares ${length} bytes, ${end - pos - 4} remain in the PDU`);
    const header = buf[pos + 5]!;
    pdvs.push({
      presentationContextId: buf[pos + 4]!,
      isCommand: (header & 0x01) !== 0,
      isLastFragment: (header & 0x02) !== 0,
      data: buf.subarray(pos + 6, pos + 4 + length),
    });
    pos += 4 + length;
  }
  return { type: 'P-DATA-TF', pdvs };
}
