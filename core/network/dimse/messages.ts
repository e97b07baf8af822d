/**
 * Typed factories for every DIMSE-C and DIMSE-N request and response (PS3.7 sections 9.3 and
 * 10.3), a validator of the command fields each message requires before it is sent, and a
 * one-line description for logs.
 *
 * Data sets are opaque bytes, already encoded in the negotiated transfer syntax by core/dicom.
 */
import { DimseProtocolError } from '../errors.js';
import { CommandField, DataSetType, Priority, hasDataSet, type CommandSet } from './command-set.js';
import { describeStatus, isPending, type ServiceClass } from './status.js';
import { isValidUid, uidName } from '../../dicom/uids.js';

export interface DimseMessage {
  command: CommandSet;
  /** The data set (identifier, attribute list, event information...), encoded; absent when none. */
  dataset?: Uint8Array;
}

export const VERIFICATION_SOP_CLASS = '1.2.840.10008.1.1';

function message(command: CommandSet, dataset: Uint8Array | undefined): DimseMessage {
  command.commandDataSetType = dataset === undefined ? DataSetType.None : DataSetType.Present;
  return dataset === undefined ? { command } : { command, dataset };
}

/** Copy only the defined properties, so that `undefined` never reaches the encoder or the log. */
function defined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** C-ECHO-RQ (PS3.7 9.3.5.1). */
export function cEchoRq(p: { messageId: number; affectedSopClassUid?: string }): DimseMessage {
  return message({
    commandField: CommandField.C_ECHO_RQ, messageId: p.messageId,
    affectedSopClassUid: p.affectedSopClassUid ?? VERIFICATION_SOP_CLASS, commandDataSetType: DataSetType.None,
  }, undefined);
}

/** C-STORE-RQ (PS3.7 9.3.1.1). The data set is the SOP Instance. */
export function cStoreRq(p: {
  messageId: number; affectedSopClassUid: string; affectedSopInstanceUid: string; priority?: number;
  moveOriginatorAeTitle?: string; moveOriginatorMessageId?: number; dataset: Uint8Array;
}): DimseMessage {
  return message(defined({
    commandField: CommandField.C_STORE_RQ, messageId: p.messageId, affectedSopClassUid: p.affectedSopClassUid,
    affectedSopInstanceUid: p.affectedSopInstanceUid, priority: p.priority ?? Priority.Medium,
    moveOriginatorAeTitle: p.moveOriginatorAeTitle, moveOriginatorMessageId: p.moveOriginatorMessageId,
    commandDataSetType: DataSetType.Present,
  }), p.dataset);
}

/** C-FIND-RQ (PS3.7 9.3.2.1). The data set is the Identifier. */
export function cFindRq(p: { messageId: number; affectedSopClassUid: string; priority?: number; dataset: Uint8Array }): DimseMessage {
  return message({
    commandField: CommandField.C_FIND_RQ, messageId: p.messageId, affectedSopClassUid: p.affectedSopClassUid,
    priority: p.priority ?? Priority.Medium, commandDataSetType: DataSetType.Present,
  }, p.dataset);
}

/** C-GET-RQ (PS3.7 9.3.3.1). The data set is the Identifier. */
export function cGetRq(p: { messageId: number; affectedSopClassUid: string; priority?: number; dataset: Uint8Array }): DimseMessage {
  return message({
    commandField: CommandField.C_GET_RQ, messageId: p.messageId, affectedSopClassUid: p.affectedSopClassUid,
    priority: p.priority ?? Priority.Medium, commandDataSetType: DataSetType.Present,
  }, p.dataset);
}

/** C-MOVE-RQ (PS3.7 9.3.4.1). The data set is the Identifier. */
export function cMoveRq(p: {
  messageId: number; affectedSopClassUid: string; moveDestination: string; priority?: number; dataset: Uint8Array;
}): DimseMessage {
  return message({
    commandField: CommandField.C_MOVE_RQ, messageId: p.messageId, affectedSopClassUid: p.affectedSopClassUid,
    moveDestination: p.moveDestination, priority: p.priority ?? Priority.Medium, commandDataSetType: DataSetType.Present,
  }, p.dataset);
}

/** C-CANCEL-RQ (PS3.7 9.3.2.3, 9.3.3.3, 9.3.4.3): names the request to cancel; has no response. */
export function cCancelRq(p: { messageIdBeingRespondedTo: number }): DimseMessage {
  return message({
    commandField: CommandField.C_CANCEL_RQ, messageIdBeingRespondedTo: p.messageIdBeingRespondedTo,
    commandDataSetType: DataSetType.None,
  }, undefined);
}

/** N-EVENT-REPORT-RQ (PS3.7 10.3.1.1). The data set is the Event Information (optional). */
export function nEventReportRq(p: {
  messageId: number; affectedSopClassUid: string; affectedSopInstanceUid: string; eventTypeId: number; dataset?: Uint8Array;
}): DimseMessage {
  return message({
    commandField: CommandField.N_EVENT_REPORT_RQ, messageId: p.messageId, affectedSopClassUid: p.affectedSopClassUid,
    affectedSopInstanceUid: p.affectedSopInstanceUid, eventTypeId: p.eventTypeId, commandDataSetType: DataSetType.None,
  }, p.dataset);
}

/** N-GET-RQ (PS3.7 10.3.2.1). No data set; an absent/empty Attribute Identifier List asks for all attributes. */
export function nGetRq(p: {
  messageId: number; requestedSopClassUid: string; requestedSopInstanceUid: string; attributeIdentifierList?: number[];
}): DimseMessage {
  return message(defined({
    commandField: CommandField.N_GET_RQ, messageId: p.messageId, requestedSopClassUid: p.requestedSopClassUid,
    requestedSopInstanceUid: p.requestedSopInstanceUid, attributeIdentifierList: p.attributeIdentifierList,
    commandDataSetType: DataSetType.None,
  }), undefined);
}

/** N-SET-RQ (PS3.7 10.3.3.1). The data set is the Modification List (mandatory). */
export function nSetRq(p: {
  messageId: number; requestedSopClassUid: string; requestedSopInstanceUid: string; dataset: Uint8Array;
}): DimseMessage {
  return message({
    commandField: CommandField.N_SET_RQ, messageId: p.messageId, requestedSopClassUid: p.requestedSopClassUid,
    requestedSopInstanceUid: p.requestedSopInstanceUid, commandDataSetType: DataSetType.Present,
  }, p.dataset);
}

/** N-ACTION-RQ (PS3.7 10.3.4.1). The data set is the Action Information (optional). */
export function nActionRq(p: {
  messageId: number; requestedSopClassUid: string; requestedSopInstanceUid: string; actionTypeId: number; dataset?: Uint8Array;
}): DimseMessage {
  return message({
    commandField: CommandField.N_ACTION_RQ, messageId: p.messageId, requestedSopClassUid: p.requestedSopClassUid,
    requestedSopInstanceUid: p.requestedSopInstanceUid, actionTypeId: p.actionTypeId, commandDataSetType: DataSetType.None,
  }, p.dataset);
}

/**
 * N-CREATE-RQ (PS3.7 10.3.5.1). Affected SOP Instance UID is optional: when absent the SCP
 * assigns one and returns it in the response (PS3.7 10.1.5.1.3). The data set is the
 * Attribute List (optional).
 */
export function nCreateRq(p: {
  messageId: number; affectedSopClassUid: string; affectedSopInstanceUid?: string; dataset?: Uint8Array;
}): DimseMessage {
  return message(defined({
    commandField: CommandField.N_CREATE_RQ, messageId: p.messageId, affectedSopClassUid: p.affectedSopClassUid,
    affectedSopInstanceUid: p.affectedSopInstanceUid, commandDataSetType: DataSetType.None,
  }), p.dataset);
}

/** N-DELETE-RQ (PS3.7 10.3.6.1). No data set. */
export function nDeleteRq(p: { messageId: number; requestedSopClassUid: string; requestedSopInstanceUid: string }): DimseMessage {
  return message({
    commandField: CommandField.N_DELETE_RQ, messageId: p.messageId, requestedSopClassUid: p.requestedSopClassUid,
    requestedSopInstanceUid: p.requestedSopInstanceUid, commandDataSetType: DataSetType.None,
  }, undefined);
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** Extra command fields a response may carry; the rest is derived from the request. */
export type ResponseExtra = Partial<Omit<CommandSet, 'commandField' | 'commandDataSetType' | 'messageIdBeingRespondedTo'>>;

/** Requests whose response echoes the SOP Instance UID (the C-FIND/GET/MOVE/ECHO responses have none). */
const ECHOES_INSTANCE = new Set<number>([
  CommandField.C_STORE_RQ, CommandField.N_EVENT_REPORT_RQ, CommandField.N_GET_RQ, CommandField.N_SET_RQ,
  CommandField.N_ACTION_RQ, CommandField.N_CREATE_RQ, CommandField.N_DELETE_RQ,
]);

/**
 * Build the response to `request`: Command Field = request | 0x8000, Message ID Being Responded
 * To = request Message ID, Affected SOP Class/Instance UID from the request's Affected or
 * Requested UIDs (PS3.7 9.3 and 10.3 response tables, "U(=)"), Event/Action Type ID echoed.
 * `extra` overrides or adds fields (error comment, sub-operation counts, an SCP-assigned instance UID).
 */
export function responseTo(request: CommandSet, status: number, extra: ResponseExtra = {}, dataset?: Uint8Array): DimseMessage {
  if (request.commandField === CommandField.C_CANCEL_RQ || (request.commandField & 0x8000) !== 0) {
    throw new DimseProtocolError('NO_RESPONSE', `${commandName(request.commandField)} has no response`);
  }
  if (request.messageId === undefined) {
    throw new DimseProtocolError('MISSING_MESSAGE_ID', `${commandName(request.commandField)} without Message ID cannot be answered`);
  }
  const command: CommandSet = defined({
    commandField: (request.commandField | 0x8000) >>> 0,
    messageIdBeingRespondedTo: request.messageId,
    affectedSopClassUid: request.affectedSopClassUid ?? request.requestedSopClassUid,
    affectedSopInstanceUid: ECHOES_INSTANCE.has(request.commandField)
      ? request.affectedSopInstanceUid ?? request.requestedSopInstanceUid : undefined,
    eventTypeId: request.commandField === CommandField.N_EVENT_REPORT_RQ ? request.eventTypeId : undefined,
    actionTypeId: request.commandField === CommandField.N_ACTION_RQ ? request.actionTypeId : undefined,
    status,
    commandDataSetType: DataSetType.None,
    ...defined(extra),
  });
  return message(command, dataset);
}

function expectRequest(request: CommandSet, field: number): void {
  if (request.commandField !== field) {
    throw new DimseProtocolError('WRONG_REQUEST',
      `Cannot build a ${commandName(field | 0x8000)} for a ${commandName(request.commandField)}`);
  }
}

/** C-ECHO-RSP (PS3.7 9.3.5.2). */
export function cEchoRsp(request: CommandSet, status = 0x0000, extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.C_ECHO_RQ);
  return responseTo(request, status, extra);
}

/** C-STORE-RSP (PS3.7 9.3.1.2). */
export function cStoreRsp(request: CommandSet, status: number, extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.C_STORE_RQ);
  return responseTo(request, status, extra);
}

/** C-FIND-RSP (PS3.7 9.3.2.2): the Identifier (a match) comes with pending statuses only. */
export function cFindRsp(request: CommandSet, status: number, dataset?: Uint8Array, extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.C_FIND_RQ);
  return responseTo(request, status, extra, dataset);
}

/** Sub-operation counters of C-GET/C-MOVE responses (PS3.7 9.3.3.2, 9.3.4.2). */
export interface SuboperationCounts {
  remaining?: number;
  completed?: number;
  failed?: number;
  warning?: number;
}

function counts(c: SuboperationCounts): ResponseExtra {
  return defined({
    numberOfRemainingSuboperations: c.remaining, numberOfCompletedSuboperations: c.completed,
    numberOfFailedSuboperations: c.failed, numberOfWarningSuboperations: c.warning,
  });
}

/** C-GET-RSP (PS3.7 9.3.3.2). The data set, if any, lists Failed SOP Instance UIDs. */
export function cGetRsp(request: CommandSet, status: number, subops: SuboperationCounts = {}, dataset?: Uint8Array,
  extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.C_GET_RQ);
  return responseTo(request, status, { ...counts(subops), ...extra }, dataset);
}

/** C-MOVE-RSP (PS3.7 9.3.4.2). The data set, if any, lists Failed SOP Instance UIDs. */
export function cMoveRsp(request: CommandSet, status: number, subops: SuboperationCounts = {}, dataset?: Uint8Array,
  extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.C_MOVE_RQ);
  return responseTo(request, status, { ...counts(subops), ...extra }, dataset);
}

/** N-EVENT-REPORT-RSP (PS3.7 10.3.1.2). The data set is the Event Reply (optional). */
export function nEventReportRsp(request: CommandSet, status = 0x0000, dataset?: Uint8Array, extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.N_EVENT_REPORT_RQ);
  return responseTo(request, status, extra, dataset);
}

/** N-GET-RSP (PS3.7 10.3.2.2). The data set is the Attribute List. */
export function nGetRsp(request: CommandSet, status: number, dataset?: Uint8Array, extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.N_GET_RQ);
  return responseTo(request, status, extra, dataset);
}

/** N-SET-RSP (PS3.7 10.3.3.2). The data set is the Attribute List (optional). */
export function nSetRsp(request: CommandSet, status: number, dataset?: Uint8Array, extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.N_SET_RQ);
  return responseTo(request, status, extra, dataset);
}

/** N-ACTION-RSP (PS3.7 10.3.4.2). The data set is the Action Reply (optional). */
export function nActionRsp(request: CommandSet, status: number, dataset?: Uint8Array, extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.N_ACTION_RQ);
  return responseTo(request, status, extra, dataset);
}

/**
 * N-CREATE-RSP (PS3.7 10.3.5.2). Carries the Affected SOP Instance UID: the request's, or the
 * one the SCP assigned (pass `affectedSopInstanceUid`) when the request had none.
 */
export function nCreateRsp(request: CommandSet, status: number,
  p: { affectedSopInstanceUid?: string; dataset?: Uint8Array } & ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.N_CREATE_RQ);
  const { dataset, ...extra } = p;
  return responseTo(request, status, defined(extra), dataset);
}

/** N-DELETE-RSP (PS3.7 10.3.6.2). No data set. */
export function nDeleteRsp(request: CommandSet, status: number, extra: ResponseExtra = {}): DimseMessage {
  expectRequest(request, CommandField.N_DELETE_RQ);
  return responseTo(request, status, extra);
}

// ---------------------------------------------------------------------------------------------
// Validation before sending
// ---------------------------------------------------------------------------------------------

type Field = keyof Omit<CommandSet, 'unknownElements'>;
type DatasetRule = 'required' | 'forbidden' | 'optional' | 'pending-only-required';

interface Rule {
  name: string;
  required: Field[];
  dataset: DatasetRule;
}

/** Mandatory (M) command fields per message, from the PS3.7 tables 9.3-1..9.3-10 and 10.3-1..10.3-12. */
const RULES = new Map<number, Rule>([
  [CommandField.C_STORE_RQ, { name: 'C-STORE-RQ', required: ['messageId', 'affectedSopClassUid', 'affectedSopInstanceUid', 'priority'], dataset: 'required' }],
  [CommandField.C_STORE_RSP, { name: 'C-STORE-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'forbidden' }],
  [CommandField.C_FIND_RQ, { name: 'C-FIND-RQ', required: ['messageId', 'affectedSopClassUid', 'priority'], dataset: 'required' }],
  [CommandField.C_FIND_RSP, { name: 'C-FIND-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'pending-only-required' }],
  [CommandField.C_GET_RQ, { name: 'C-GET-RQ', required: ['messageId', 'affectedSopClassUid', 'priority'], dataset: 'required' }],
  [CommandField.C_GET_RSP, { name: 'C-GET-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'optional' }],
  [CommandField.C_MOVE_RQ, { name: 'C-MOVE-RQ', required: ['messageId', 'affectedSopClassUid', 'priority', 'moveDestination'], dataset: 'required' }],
  [CommandField.C_MOVE_RSP, { name: 'C-MOVE-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'optional' }],
  [CommandField.C_ECHO_RQ, { name: 'C-ECHO-RQ', required: ['messageId', 'affectedSopClassUid'], dataset: 'forbidden' }],
  [CommandField.C_ECHO_RSP, { name: 'C-ECHO-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'forbidden' }],
  [CommandField.C_CANCEL_RQ, { name: 'C-CANCEL-RQ', required: ['messageIdBeingRespondedTo'], dataset: 'forbidden' }],
  [CommandField.N_EVENT_REPORT_RQ, { name: 'N-EVENT-REPORT-RQ', required: ['messageId', 'affectedSopClassUid', 'affectedSopInstanceUid', 'eventTypeId'], dataset: 'optional' }],
  [CommandField.N_EVENT_REPORT_RSP, { name: 'N-EVENT-REPORT-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'optional' }],
  [CommandField.N_GET_RQ, { name: 'N-GET-RQ', required: ['messageId', 'requestedSopClassUid', 'requestedSopInstanceUid'], dataset: 'forbidden' }],
  [CommandField.N_GET_RSP, { name: 'N-GET-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'optional' }],
  [CommandField.N_SET_RQ, { name: 'N-SET-RQ', required: ['messageId', 'requestedSopClassUid', 'requestedSopInstanceUid'], dataset: 'required' }],
  [CommandField.N_SET_RSP, { name: 'N-SET-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'optional' }],
  [CommandField.N_ACTION_RQ, { name: 'N-ACTION-RQ', required: ['messageId', 'requestedSopClassUid', 'requestedSopInstanceUid', 'actionTypeId'], dataset: 'optional' }],
  [CommandField.N_ACTION_RSP, { name: 'N-ACTION-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'optional' }],
  [CommandField.N_CREATE_RQ, { name: 'N-CREATE-RQ', required: ['messageId', 'affectedSopClassUid'], dataset: 'optional' }],
  [CommandField.N_CREATE_RSP, { name: 'N-CREATE-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'optional' }],
  [CommandField.N_DELETE_RQ, { name: 'N-DELETE-RQ', required: ['messageId', 'requestedSopClassUid', 'requestedSopInstanceUid'], dataset: 'forbidden' }],
  [CommandField.N_DELETE_RSP, { name: 'N-DELETE-RSP', required: ['messageIdBeingRespondedTo', 'status'], dataset: 'forbidden' }],
]);

const UID_FIELDS: Field[] = ['affectedSopClassUid', 'requestedSopClassUid', 'affectedSopInstanceUid', 'requestedSopInstanceUid'];
const US_FIELDS: Field[] = [
  'messageId', 'messageIdBeingRespondedTo', 'status', 'priority', 'moveOriginatorMessageId', 'eventTypeId', 'actionTypeId',
  'errorId', 'numberOfRemainingSuboperations', 'numberOfCompletedSuboperations', 'numberOfFailedSuboperations',
  'numberOfWarningSuboperations', 'commandDataSetType',
];

/** An AE title per PS3.5 Table 6.2-1: 1..16 characters of the default repertoire, not all spaces, no backslash. */
export function isValidAeTitle(ae: string): boolean {
  return ae.trim().length > 0 && ae.length <= 16 && /^[\x20-\x7e]*$/.test(ae) && !ae.includes('\\');
}

/**
 * Check the command fields a message requires (PS3.7 9.3.x and 10.3.x tables) and that the data
 * set agrees with Command Data Set Type, before the message is encoded and sent. Throws
 * DimseProtocolError (code INVALID_MESSAGE) naming the message and the field.
 */
export function validateMessage(msg: DimseMessage): void {
  const cmd = msg.command;
  const rule = RULES.get(cmd.commandField);
  const fail = (detail: string): never => {
    throw new DimseProtocolError('INVALID_MESSAGE', `${rule?.name ?? commandName(cmd.commandField)}: ${detail}`);
  };
  if (rule === undefined) fail(`unknown Command Field 0x${cmd.commandField.toString(16).padStart(4, '0')}`);
  const r = rule as Rule;
  for (const f of r.required) {
    const v = cmd[f];
    if (v === undefined || v === '') fail(`${f} is required`);
  }
  for (const f of US_FIELDS) {
    const v = cmd[f];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff)) {
      fail(`${f} = ${String(v)} is not an unsigned 16-bit value`);
    }
  }
  for (const f of UID_FIELDS) {
    const v = cmd[f];
    if (typeof v === 'string' && !isValidUid(v)) fail(`${f} "${v}" is not a valid UID`);
  }
  if (cmd.priority !== undefined && cmd.priority !== Priority.Low && cmd.priority !== Priority.Medium && cmd.priority !== Priority.High) {
    fail(`Priority ${cmd.priority} is not LOW (2), MEDIUM (0) or HIGH (1)`);
  }
  for (const f of ['moveDestination', 'moveOriginatorAeTitle'] as const) {
    const v = cmd[f];
    if (v !== undefined && !isValidAeTitle(v)) fail(`${f} "${v}" is not a valid AE title`);
  }
  if (cmd.errorComment !== undefined && cmd.errorComment.length > 64) fail('errorComment is longer than 64 characters');
  const announced = hasDataSet(cmd);
  const present = msg.dataset !== undefined;
  if (announced !== present) {
    fail(present ? 'a data set is given but CommandDataSetType is 0x0101 (none)'
      : `CommandDataSetType 0x${cmd.commandDataSetType.toString(16).padStart(4, '0')} announces a data set but none is given`);
  }
  switch (r.dataset) {
    case 'required':
      if (!present) fail('a data set is required');
      break;
    case 'forbidden':
      if (present) fail('must not carry a data set');
      break;
    case 'pending-only-required':
      // C-FIND-RSP: the Identifier is present with pending statuses (PS3.7 9.1.2.1.5).
      if (cmd.status !== undefined && isPending(cmd.status) && !present) fail('a pending response must carry the matching Identifier');
      break;
    case 'optional':
      break;
  }
  // Only C-FIND/C-GET/C-MOVE have pending responses (PS3.7 9.1.2-9.1.4).
  if (cmd.status !== undefined && isPending(cmd.status)
    && cmd.commandField !== CommandField.C_FIND_RSP && cmd.commandField !== CommandField.C_GET_RSP && cmd.commandField !== CommandField.C_MOVE_RSP) {
    fail(`status 0x${cmd.status.toString(16)} (pending) is only valid in C-FIND/C-GET/C-MOVE responses`);
  }
}

// ---------------------------------------------------------------------------------------------
// Descriptions for logs
// ---------------------------------------------------------------------------------------------

const COMMAND_NAMES = new Map<number, string>([...RULES].map(([field, rule]) => [field, rule.name]));

/** "N-CREATE-RQ"; unknown fields as "COMMAND-0x1234". */
export function commandName(commandField: number): string {
  // Used in error messages and logs: must not throw even on a malformed (untyped) input.
  if (typeof commandField !== 'number' || !Number.isFinite(commandField)) return `COMMAND-${String(commandField)}`;
  return COMMAND_NAMES.get(commandField) ?? `COMMAND-0x${commandField.toString(16).padStart(4, '0')}`;
}

/** The service class whose status table applies to a command and SOP class (for describeStatus). */
export function serviceClassOf(cmd: Pick<CommandSet, 'commandField' | 'affectedSopClassUid' | 'requestedSopClassUid'>): ServiceClass {
  const field = cmd.commandField & 0x7fff;
  const uid = cmd.affectedSopClassUid ?? cmd.requestedSopClassUid ?? '';
  switch (field) {
    case CommandField.C_ECHO_RQ: return 'verification';
    case CommandField.C_STORE_RQ: return 'storage';
    case CommandField.C_FIND_RQ: return 'query-retrieve-find';
    case CommandField.C_MOVE_RQ: return 'query-retrieve-move';
    case CommandField.C_GET_RQ: return 'query-retrieve-get';
    default:
      if (uid.startsWith('1.2.840.10008.5.1.1.')) return 'print';
      if (uid === '1.2.840.10008.1.20.1') return 'storage-commitment';
      if (uid === '1.2.840.10008.3.1.2.3.3') return 'mpps';
      return 'n-service-general';
  }
}

/**
 * One line for logs: "N-CREATE-RQ id=3 Basic Film Box SOP Class 1.2.840.10008.5.1.1.2",
 * "N-SET-RSP to=5 status=0xB604 warning Basic Grayscale Image Box 1.2.840.10008.5.1.1.4 inst=1.2.3".
 */
export function describeCommand(cmd: CommandSet): string {
  const parts: string[] = [commandName(cmd.commandField)];
  if (cmd.messageId !== undefined) parts.push(`id=${cmd.messageId}`);
  if (cmd.messageIdBeingRespondedTo !== undefined) parts.push(`to=${cmd.messageIdBeingRespondedTo}`);
  if (cmd.status !== undefined) {
    const info = describeStatus(cmd.status, serviceClassOf(cmd));
    parts.push(`status=0x${cmd.status.toString(16).toUpperCase().padStart(4, '0')} ${info.category}`);
  }
  const sopClass = cmd.affectedSopClassUid ?? cmd.requestedSopClassUid;
  if (sopClass !== undefined) {
    const name = uidName(sopClass);
    parts.push(name === undefined ? sopClass : `${name} ${sopClass}`);
  }
  const instance = cmd.affectedSopInstanceUid ?? cmd.requestedSopInstanceUid;
  if (instance !== undefined) parts.push(`inst=${instance}`);
  if (cmd.eventTypeId !== undefined) parts.push(`event=${cmd.eventTypeId}`);
  if (cmd.actionTypeId !== undefined) parts.push(`action=${cmd.actionTypeId}`);
  if (cmd.moveDestination !== undefined) parts.push(`dest=${cmd.moveDestination}`);
  if (cmd.numberOfRemainingSuboperations !== undefined || cmd.numberOfCompletedSuboperations !== undefined
    || cmd.numberOfFailedSuboperations !== undefined || cmd.numberOfWarningSuboperations !== undefined) {
    parts.push(`subops=${cmd.numberOfRemainingSuboperations ?? '-'}/${cmd.numberOfCompletedSuboperations ?? '-'}`
      + `/${cmd.numberOfFailedSuboperations ?? '-'}/${cmd.numberOfWarningSuboperations ?? '-'}`);
  }
  if (cmd.errorComment !== undefined && cmd.errorComment !== '') parts.push(`error="${cmd.errorComment}"`);
  if (hasDataSet(cmd)) parts.push('+dataset');
  return parts.join(' ');
}
