/**
 * DIMSE command set codec (PS3.7 section 6.3 and Annex E).
 *
 * A command set is always encoded in Implicit VR Little Endian, whatever transfer syntax
 * the presentation context negotiated for its data set (PS3.7 section 6.3.1). Elements are
 * written in ascending tag order with Command Group Length (0000,0000) first.
 */
import { DimseProtocolError } from '../errors.js';
import { COMMAND_ELEMENTS, commandElement, formatTag, type CommandElementDef, type CommandSetKey } from './command-dictionary.js';

/** Command Field values (PS3.7 Annex E, Table E.1-1; responses are the request | 0x8000). */
export const CommandField = {
  C_STORE_RQ: 0x0001,
  C_STORE_RSP: 0x8001,
  C_GET_RQ: 0x0010,
  C_GET_RSP: 0x8010,
  C_FIND_RQ: 0x0020,
  C_FIND_RSP: 0x8020,
  C_MOVE_RQ: 0x0021,
  C_MOVE_RSP: 0x8021,
  C_ECHO_RQ: 0x0030,
  C_ECHO_RSP: 0x8030,
  N_EVENT_REPORT_RQ: 0x0100,
  N_EVENT_REPORT_RSP: 0x8100,
  N_GET_RQ: 0x0110,
  N_GET_RSP: 0x8110,
  N_SET_RQ: 0x0120,
  N_SET_RSP: 0x8120,
  N_ACTION_RQ: 0x0130,
  N_ACTION_RSP: 0x8130,
  N_CREATE_RQ: 0x0140,
  N_CREATE_RSP: 0x8140,
  N_DELETE_RQ: 0x0150,
  N_DELETE_RSP: 0x8150,
  /** C-CANCEL has no response (PS3.7 section 9.3.2.3). */
  C_CANCEL_RQ: 0x0fff,
} as const;
export type CommandFieldCode = (typeof CommandField)[keyof typeof CommandField];

/** Command Data Set Type (0000,0800): 0x0101 means "no data set"; any other value means one follows (PS3.7 E.1-1). */
export const DataSetType = {
  None: 0x0101,
  /** What we send when a data set follows (DCMTK and pynetdicom send 0x0001 too). */
  Present: 0x0001,
} as const;

/** Priority (0000,0700) (PS3.7 E.1-1). */
export const Priority = {
  Medium: 0x0000,
  High: 0x0001,
  Low: 0x0002,
} as const;

/** A group-0000 element we do not know (retired or future): kept so it can be logged, never interpreted. */
export interface UnknownCommandElement {
  tag: number;
  value: Uint8Array;
}

export interface CommandSet {
  commandField: number;
  messageId?: number;
  messageIdBeingRespondedTo?: number;
  affectedSopClassUid?: string;
  requestedSopClassUid?: string;
  affectedSopInstanceUid?: string;
  requestedSopInstanceUid?: string;
  commandDataSetType: number;
  status?: number;
  priority?: number;
  moveDestination?: string;
  moveOriginatorAeTitle?: string;
  moveOriginatorMessageId?: number;
  numberOfRemainingSuboperations?: number;
  numberOfCompletedSuboperations?: number;
  numberOfFailedSuboperations?: number;
  numberOfWarningSuboperations?: number;
  eventTypeId?: number;
  actionTypeId?: number;
  /** Tags as 0xGGGGEEEE. */
  attributeIdentifierList?: number[];
  /** Tags as 0xGGGGEEEE. */
  offendingElement?: number[];
  errorComment?: string;
  errorId?: number;
  /** Set by the decoder only: ignorable group-0000 elements we do not know. Re-encoded as they came. */
  unknownElements?: UnknownCommandElement[];
}

/** True when CommandDataSetType announces a data set (PS3.7 E.1-1: anything but 0x0101). */
export function hasDataSet(cmd: Pick<CommandSet, 'commandDataSetType'>): boolean {
  return cmd.commandDataSetType !== DataSetType.None;
}

function encodeError(def: CommandElementDef, detail: string): DimseProtocolError {
  return new DimseProtocolError('COMMAND_ENCODE', `Cannot encode command element ${def.keyword} ${formatTag(def.tag)}: ${detail}`);
}

/** Pad a string value to even length: UI with NUL, AE/LO with space (PS3.5 section 6.2). */
function encodeString(def: CommandElementDef, value: string): Buffer {
  // The default character repertoire (PS3.5 6.1.2): command strings are plain ASCII.
  if (!/^[\x20-\x7e]*$/.test(value)) throw encodeError(def, 'value has characters outside the default repertoire');
  if (def.vr === 'UI' && value.length > 0 && !/^[0-9.]+$/.test(value)) throw encodeError(def, `"${value}" is not a UID`);
  if (def.maxLength !== undefined && value.length > def.maxLength) {
    throw encodeError(def, `${value.length} characters, more than the ${def.maxLength} allowed for ${def.vr}`);
  }
  const padded = value.length % 2 === 0 ? value : value + (def.vr === 'UI' ? '\0' : ' ');
  return Buffer.from(padded, 'latin1');
}

function encodeValue(def: CommandElementDef, value: unknown): Buffer {
  switch (def.vr) {
    case 'US': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffff) {
        throw encodeError(def, `${String(value)} is not an unsigned 16-bit integer`);
      }
      const b = Buffer.alloc(2);
      b.writeUInt16LE(value, 0);
      return b;
    }
    case 'UL': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        throw encodeError(def, `${String(value)} is not an unsigned 32-bit integer`);
      }
      const b = Buffer.alloc(4);
      b.writeUInt32LE(value, 0);
      return b;
    }
    case 'AT': {
      if (!Array.isArray(value)) throw encodeError(def, 'expected a list of tags');
      const b = Buffer.alloc(value.length * 4);
      value.forEach((tag: unknown, i) => {
        if (typeof tag !== 'number' || !Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) {
          throw encodeError(def, `${String(tag)} is not a tag`);
        }
        // AT in little endian: group then element, each 16-bit LE (PS3.5 section 6.2).
        b.writeUInt16LE(tag >>> 16, i * 4);
        b.writeUInt16LE(tag & 0xffff, i * 4 + 2);
      });
      return b;
    }
    case 'UI':
    case 'AE':
    case 'LO':
      if (typeof value !== 'string') throw encodeError(def, 'expected a string');
      return encodeString(def, value);
  }
}

function elementHeader(tag: number, length: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(tag >>> 16, 0);
  h.writeUInt16LE(tag & 0xffff, 2);
  h.writeUInt32LE(length, 4);
  return h;
}

/**
 * Encode a command set (Implicit VR Little Endian, ascending tags, group length first).
 * Throws DimseProtocolError (code COMMAND_ENCODE) on a value that cannot be encoded.
 */
export function encodeCommandSet(cmd: CommandSet): Buffer {
  const elements: Array<{ tag: number; value: Buffer }> = [];
  for (const def of COMMAND_ELEMENTS) {
    if (def.key === undefined) continue;
    const value = cmd[def.key];
    if (value === undefined) continue;
    elements.push({ tag: def.tag, value: encodeValue(def, value) });
  }
  for (const u of cmd.unknownElements ?? []) {
    if (u.tag >>> 16 !== 0 || u.tag === 0 || commandElement(u.tag) !== undefined) {
      throw new DimseProtocolError('COMMAND_ENCODE', `Unknown command element ${formatTag(u.tag)} is not an unknown group-0000 element`);
    }
    elements.push({ tag: u.tag, value: Buffer.from(u.value.buffer, u.value.byteOffset, u.value.byteLength) });
  }
  elements.sort((a, b) => a.tag - b.tag);
  for (let i = 1; i < elements.length; i++) {
    const prev = elements[i - 1];
    const cur = elements[i];
    if (prev !== undefined && cur !== undefined && prev.tag === cur.tag) {
      throw new DimseProtocolError('COMMAND_ENCODE', `Command element ${formatTag(cur.tag)} given twice`);
    }
  }
  const parts: Buffer[] = [];
  let groupLength = 0;
  for (const e of elements) {
    parts.push(elementHeader(e.tag, e.value.length), e.value);
    groupLength += 8 + e.value.length;
  }
  const gl = Buffer.alloc(4);
  gl.writeUInt32LE(groupLength, 0);
  return Buffer.concat([elementHeader(0x00000000, 4), gl, ...parts], 12 + groupLength);
}

function decodeError(offset: number, detail: string): DimseProtocolError {
  return new DimseProtocolError('COMMAND_DECODE', `Malformed command set at offset ${offset}: ${detail}`);
}

function decodeString(def: CommandElementDef, v: Uint8Array): string {
  let s = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
  // Trailing NUL/space padding is not significant (PS3.5 6.2); some peers pad UIs with a space.
  s = s.replace(/[\0 ]+$/, '');
  // Leading spaces are not significant in AE and LO either.
  if (def.vr !== 'UI') s = s.replace(/^ +/, '');
  return s;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Decode a command set. Every read is bounded by the buffer and by `maxLength`.
 * Missing Command Group Length and unknown group-0000 elements are tolerated (the latter kept
 * in `unknownElements`); an element outside group 0000, a length running past the end, a
 * wrong value length, or a missing Command Field / Command Data Set Type is a DimseProtocolError
 * naming the byte offset.
 */
export function decodeCommandSet(bytes: Uint8Array, maxLength: number): CommandSet {
  if (bytes.length > maxLength) {
    throw new DimseProtocolError('COMMAND_TOO_LONG', `Command set of ${bytes.length} bytes exceeds the limit of ${maxLength}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Partial<Writable<CommandSet>> & { unknownElements?: UnknownCommandElement[] } = {};
  const seen = new Set<number>();
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < 8) throw decodeError(offset, `${bytes.length - offset} bytes left, an element header needs 8`);
    const group = view.getUint16(offset, true);
    const element = view.getUint16(offset + 2, true);
    const length = view.getUint32(offset + 4, true);
    const tag = ((group << 16) | element) >>> 0;
    if (group !== 0x0000) throw decodeError(offset, `element ${formatTag(tag)} is outside the command group 0000`);
    if (length === 0xffffffff) throw decodeError(offset, `element ${formatTag(tag)} has undefined length`);
    const valueStart = offset + 8;
    if (length > bytes.length - valueStart) {
      throw decodeError(offset, `element ${formatTag(tag)} declares ${length} bytes but only ${bytes.length - valueStart} remain`);
    }
    if (seen.has(tag)) throw decodeError(offset, `element ${formatTag(tag)} appears twice`);
    seen.add(tag);
    const value = bytes.subarray(valueStart, valueStart + length);
    const def = commandElement(tag);
    if (def === undefined) {
      // Retired or unknown command element: ignorable, keep it for the log (PS3.7 E.2).
      // A copy: `bytes` may be a view of a PDU buffer that is reused once this returns.
      (out.unknownElements ??= []).push({ tag, value: Uint8Array.prototype.slice.call(value) });
    } else if (def.key !== undefined) {
      switch (def.vr) {
        case 'US':
          if (length !== 2) throw decodeError(offset, `${def.keyword} ${formatTag(tag)} (US) has length ${length}, expected 2`);
          (out as Record<CommandSetKey, unknown>)[def.key] = view.getUint16(valueStart, true);
          break;
        case 'UL':
          if (length !== 4) throw decodeError(offset, `${def.keyword} ${formatTag(tag)} (UL) has length ${length}, expected 4`);
          (out as Record<CommandSetKey, unknown>)[def.key] = view.getUint32(valueStart, true);
          break;
        case 'AT': {
          if (length % 4 !== 0) throw decodeError(offset, `${def.keyword} ${formatTag(tag)} (AT) has length ${length}, not a multiple of 4`);
          const tags: number[] = [];
          for (let p = valueStart; p < valueStart + length; p += 4) {
            tags.push(((view.getUint16(p, true) << 16) | view.getUint16(p + 2, true)) >>> 0);
          }
          (out as Record<CommandSetKey, unknown>)[def.key] = tags;
          break;
        }
        case 'UI':
        case 'AE':
        case 'LO':
          (out as Record<CommandSetKey, unknown>)[def.key] = decodeString(def, value);
          break;
      }
    } else if (length !== 4) {
      // (0000,0000) Command Group Length: only its own length is checked. The PDV boundaries,
      // not this value, delimit the command (PS3.8 Annex E), so a wrong value is tolerated.
      throw decodeError(offset, `CommandGroupLength (0000,0000) has length ${length}, expected 4`);
    }
    offset = valueStart + length;
  }
  if (out.commandField === undefined) throw decodeError(offset, 'CommandField (0000,0100) is missing');
  if (out.commandDataSetType === undefined) throw decodeError(offset, 'CommandDataSetType (0000,0800) is missing');
  return out as CommandSet;
}
