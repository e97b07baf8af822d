/**
 * The command group (0000,xxxx) elements of PS3.7 Annex E, Table E.1-1, with their VR.
 * Retired command elements (Table E.2-1) are not listed: the decoder keeps them as
 * unknown, ignorable elements.
 */

/** VRs used by command elements. Commands are always Implicit VR Little Endian (PS3.7 section 6.3.1). */
export type CommandVr = 'UL' | 'US' | 'UI' | 'AE' | 'LO' | 'AT';

/** Keys of `CommandSet` that map to a command element. */
export type CommandSetKey =
  | 'affectedSopClassUid'
  | 'requestedSopClassUid'
  | 'commandField'
  | 'messageId'
  | 'messageIdBeingRespondedTo'
  | 'moveDestination'
  | 'priority'
  | 'commandDataSetType'
  | 'status'
  | 'offendingElement'
  | 'errorComment'
  | 'errorId'
  | 'affectedSopInstanceUid'
  | 'requestedSopInstanceUid'
  | 'eventTypeId'
  | 'attributeIdentifierList'
  | 'actionTypeId'
  | 'numberOfRemainingSuboperations'
  | 'numberOfCompletedSuboperations'
  | 'numberOfFailedSuboperations'
  | 'numberOfWarningSuboperations'
  | 'moveOriginatorAeTitle'
  | 'moveOriginatorMessageId';

export interface CommandElementDef {
  /** Full tag, 0x0000eeee. */
  tag: number;
  vr: CommandVr;
  /** Keyword from PS3.6 / PS3.7 Table E.1-1. */
  keyword: string;
  /** Property of `CommandSet` carrying the value; undefined for (0000,0000). */
  key?: CommandSetKey;
  /** Maximum value length in bytes for string VRs (PS3.5 Table 6.2-1). */
  maxLength?: number;
}

/** PS3.7 Table E.1-1, in tag order. */
export const COMMAND_ELEMENTS: readonly CommandElementDef[] = Object.freeze([
  { tag: 0x00000000, vr: 'UL', keyword: 'CommandGroupLength' },
  { tag: 0x00000002, vr: 'UI', keyword: 'AffectedSOPClassUID', key: 'affectedSopClassUid', maxLength: 64 },
  { tag: 0x00000003, vr: 'UI', keyword: 'RequestedSOPClassUID', key: 'requestedSopClassUid', maxLength: 64 },
  { tag: 0x00000100, vr: 'US', keyword: 'CommandField', key: 'commandField' },
  { tag: 0x00000110, vr: 'US', keyword: 'MessageID', key: 'messageId' },
  { tag: 0x00000120, vr: 'US', keyword: 'MessageIDBeingRespondedTo', key: 'messageIdBeingRespondedTo' },
  { tag: 0x00000600, vr: 'AE', keyword: 'MoveDestination', key: 'moveDestination', maxLength: 16 },
  { tag: 0x00000700, vr: 'US', keyword: 'Priority', key: 'priority' },
  { tag: 0x00000800, vr: 'US', keyword: 'CommandDataSetType', key: 'commandDataSetType' },
  { tag: 0x00000900, vr: 'US', keyword: 'Status', key: 'status' },
  { tag: 0x00000901, vr: 'AT', keyword: 'OffendingElement', key: 'offendingElement' },
  { tag: 0x00000902, vr: 'LO', keyword: 'ErrorComment', key: 'errorComment', maxLength: 64 },
  { tag: 0x00000903, vr: 'US', keyword: 'ErrorID', key: 'errorId' },
  { tag: 0x00001000, vr: 'UI', keyword: 'AffectedSOPInstanceUID', key: 'affectedSopInstanceUid', maxLength: 64 },
  { tag: 0x00001001, vr: 'UI', keyword: 'RequestedSOPInstanceUID', key: 'requestedSopInstanceUid', maxLength: 64 },
  { tag: 0x00001002, vr: 'US', keyword: 'EventTypeID', key: 'eventTypeId' },
  { tag: 0x00001005, vr: 'AT', keyword: 'AttributeIdentifierList', key: 'attributeIdentifierList' },
  { tag: 0x00001008, vr: 'US', keyword: 'ActionTypeID', key: 'actionTypeId' },
  { tag: 0x00001020, vr: 'US', keyword: 'NumberOfRemainingSuboperations', key: 'numberOfRemainingSuboperations' },
  { tag: 0x00001021, vr: 'US', keyword: 'NumberOfCompletedSuboperations', key: 'numberOfCompletedSuboperations' },
  { tag: 0x00001022, vr: 'US', keyword: 'NumberOfFailedSuboperations', key: 'numberOfFailedSuboperations' },
  { tag: 0x00001023, vr: 'US', keyword: 'NumberOfWarningSuboperations', key: 'numberOfWarningSuboperations' },
  { tag: 0x00001030, vr: 'AE', keyword: 'MoveOriginatorApplicationEntityTitle', key: 'moveOriginatorAeTitle', maxLength: 16 },
  { tag: 0x00001031, vr: 'US', keyword: 'MoveOriginatorMessageID', key: 'moveOriginatorMessageId' },
] satisfies CommandElementDef[]);

const byTag = new Map<number, CommandElementDef>(COMMAND_ELEMENTS.map((e) => [e.tag, e]));

/** The definition of a command element, or undefined for retired/unknown group-0000 tags. */
export function commandElement(tag: number): CommandElementDef | undefined {
  return byTag.get(tag);
}

/** "(0000,0900)" */
export function formatTag(tag: number): string {
  const g = (tag >>> 16).toString(16).toUpperCase().padStart(4, '0');
  const e = (tag & 0xffff).toString(16).toUpperCase().padStart(4, '0');
  return `(${g},${e})`;
}
