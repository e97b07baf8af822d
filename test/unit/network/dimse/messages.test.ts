import { describe, expect, it } from 'vitest';
import { DimseProtocolError } from '../../../../core/network/errors.js';
import { CommandField, DataSetType, Priority, decodeCommandSet, encodeCommandSet } from '../../../../core/network/dimse/command-set.js';
import {
  cCancelRq, cEchoRq, cEchoRsp, cFindRq, cFindRsp, cGetRq, cGetRsp, cMoveRq, cMoveRsp, cStoreRq, cStoreRsp,
  describeCommand, isValidAeTitle, nActionRq, nActionRsp, nCreateRq, nCreateRsp, nDeleteRq, nDeleteRsp,
  nEventReportRq, nEventReportRsp, nGetRq, nGetRsp, nSetRq, nSetRsp, responseTo, serviceClassOf, validateMessage,
  type DimseMessage,
} from '../../../../core/network/dimse/messages.js';
import { isValidUid } from '../../../../core/dicom/uids.js';

const DS = new Uint8Array([0x08, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00]);
const CT = '1.2.840.10008.5.1.4.1.1.2';
const FILM_BOX = '1.2.840.10008.5.1.1.2';
const FILM_SESSION = '1.2.840.10008.5.1.1.1';
const IMAGE_BOX = '1.2.840.10008.5.1.1.4';
const PRINTER = '1.2.840.10008.5.1.1.16';
const STUDY_FIND = '1.2.840.10008.5.1.4.1.2.2.1';

function expectInvalid(msg: DimseMessage, pattern: RegExp): void {
  try {
    validateMessage(msg);
  } catch (err) {
    expect(err).toBeInstanceOf(DimseProtocolError);
    expect((err as DimseProtocolError).code).toBe('INVALID_MESSAGE');
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error(`expected validateMessage to fail with ${String(pattern)}`);
}

const requests: Array<[string, DimseMessage, number, boolean]> = [
  ['C-ECHO-RQ', cEchoRq({ messageId: 1 }), CommandField.C_ECHO_RQ, false],
  ['C-STORE-RQ', cStoreRq({ messageId: 2, affectedSopClassUid: CT, affectedSopInstanceUid: '1.2.3', dataset: DS }), CommandField.C_STORE_RQ, true],
  ['C-FIND-RQ', cFindRq({ messageId: 3, affectedSopClassUid: STUDY_FIND, dataset: DS }), CommandField.C_FIND_RQ, true],
  ['C-GET-RQ', cGetRq({ messageId: 4, affectedSopClassUid: '1.2.840.10008.5.1.4.1.2.2.3', dataset: DS }), CommandField.C_GET_RQ, true],
  ['C-MOVE-RQ', cMoveRq({ messageId: 5, affectedSopClassUid: '1.2.840.10008.5.1.4.1.2.2.2', moveDestination: 'FILMSTATION', dataset: DS }), CommandField.C_MOVE_RQ, true],
  ['C-CANCEL-RQ', cCancelRq({ messageIdBeingRespondedTo: 5 }), CommandField.C_CANCEL_RQ, false],
  ['N-EVENT-REPORT-RQ', nEventReportRq({ messageId: 6, affectedSopClassUid: PRINTER, affectedSopInstanceUid: '1.2.840.10008.5.1.1.17', eventTypeId: 2, dataset: DS }), CommandField.N_EVENT_REPORT_RQ, true],
  ['N-GET-RQ', nGetRq({ messageId: 7, requestedSopClassUid: PRINTER, requestedSopInstanceUid: '1.2.840.10008.5.1.1.17', attributeIdentifierList: [0x21100010] }), CommandField.N_GET_RQ, false],
  ['N-SET-RQ', nSetRq({ messageId: 8, requestedSopClassUid: IMAGE_BOX, requestedSopInstanceUid: '1.2.3.4', dataset: DS }), CommandField.N_SET_RQ, true],
  ['N-ACTION-RQ', nActionRq({ messageId: 9, requestedSopClassUid: FILM_BOX, requestedSopInstanceUid: '1.2.3.5', actionTypeId: 1 }), CommandField.N_ACTION_RQ, false],
  ['N-CREATE-RQ', nCreateRq({ messageId: 10, affectedSopClassUid: FILM_SESSION, dataset: DS }), CommandField.N_CREATE_RQ, true],
  ['N-DELETE-RQ', nDeleteRq({ messageId: 11, requestedSopClassUid: FILM_SESSION, requestedSopInstanceUid: '1.2.3.6' }), CommandField.N_DELETE_RQ, false],
];

describe('request factories', () => {
  it.each(requests)('%s has the right Command Field and Data Set Type, validates, and round-trips', (_name, msg, field, withDataset) => {
    expect(msg.command.commandField).toBe(field);
    expect(msg.command.commandDataSetType === DataSetType.None).toBe(!withDataset);
    expect(msg.dataset !== undefined).toBe(withDataset);
    expect(() => validateMessage(msg)).not.toThrow();
    expect(decodeCommandSet(encodeCommandSet(msg.command), 65536)).toEqual(msg.command);
    expect(Object.values(msg.command).includes(undefined)).toBe(false);
  });

  it('C-ECHO-RQ defaults to the Verification SOP Class; C-STORE-RQ to MEDIUM priority', () => {
    expect(cEchoRq({ messageId: 1 }).command.affectedSopClassUid).toBe('1.2.840.10008.1.1');
    expect(requests[1]?.[1].command.priority).toBe(Priority.Medium);
  });

  it('N-CREATE-RQ carries the Affected SOP Instance UID only when given (PS3.7 10.1.5)', () => {
    expect(nCreateRq({ messageId: 1, affectedSopClassUid: FILM_SESSION }).command).not.toHaveProperty('affectedSopInstanceUid');
    expect(nCreateRq({ messageId: 1, affectedSopClassUid: FILM_SESSION, affectedSopInstanceUid: '1.2.9' }).command.affectedSopInstanceUid).toBe('1.2.9');
  });

  it('C-STORE-RQ carries move originator fields when given', () => {
    const m = cStoreRq({ messageId: 2, affectedSopClassUid: CT, affectedSopInstanceUid: '1.2.3', dataset: DS,
      moveOriginatorAeTitle: 'PACS', moveOriginatorMessageId: 77, priority: Priority.High });
    expect(m.command).toMatchObject({ moveOriginatorAeTitle: 'PACS', moveOriginatorMessageId: 77, priority: Priority.High });
  });
});

describe('response factories', () => {
  const rq = (i: number): DimseMessage => (requests[i] as [string, DimseMessage, number, boolean])[1];

  it('derive the response fields from the request', () => {
    const store = cStoreRsp(rq(1).command, 0x0000).command;
    expect(store).toEqual({
      commandField: CommandField.C_STORE_RSP, messageIdBeingRespondedTo: 2, affectedSopClassUid: CT,
      affectedSopInstanceUid: '1.2.3', status: 0, commandDataSetType: DataSetType.None,
    });
    const set = nSetRsp(rq(8).command, 0xb604).command;
    expect(set).toMatchObject({ commandField: CommandField.N_SET_RSP, affectedSopClassUid: IMAGE_BOX, affectedSopInstanceUid: '1.2.3.4', status: 0xb604 });
    expect(set).not.toHaveProperty('requestedSopClassUid');
    const echo = cEchoRsp(rq(0).command).command;
    expect(echo).not.toHaveProperty('affectedSopInstanceUid');
    expect(nEventReportRsp(rq(6).command).command.eventTypeId).toBe(2);
    expect(nActionRsp(rq(9).command, 0).command.actionTypeId).toBe(1);
  });

  it('C-FIND-RSP pending carries the identifier; final carries none', () => {
    const pending = cFindRsp(rq(2).command, 0xff00, DS);
    expect(pending.command.commandDataSetType).not.toBe(DataSetType.None);
    expect(() => validateMessage(pending)).not.toThrow();
    const final = cFindRsp(rq(2).command, 0x0000);
    expect(final.command.commandDataSetType).toBe(DataSetType.None);
    expect(() => validateMessage(final)).not.toThrow();
    expectInvalid(cFindRsp(rq(2).command, 0xff00), /pending response must carry/);
  });

  it('C-GET-RSP / C-MOVE-RSP carry sub-operation counts', () => {
    const get = cGetRsp(rq(3).command, 0xff00, { remaining: 5, completed: 1, failed: 0, warning: 0 }).command;
    expect(get).toMatchObject({ numberOfRemainingSuboperations: 5, numberOfCompletedSuboperations: 1, numberOfFailedSuboperations: 0, numberOfWarningSuboperations: 0 });
    const move = cMoveRsp(rq(4).command, 0xb000, { completed: 3, failed: 1 }).command;
    expect(move).toMatchObject({ status: 0xb000, numberOfCompletedSuboperations: 3, numberOfFailedSuboperations: 1 });
    expect(move).not.toHaveProperty('numberOfRemainingSuboperations');
  });

  it('N-CREATE-RSP carries the request\'s or the SCP-assigned instance UID', () => {
    const noUid = nCreateRq({ messageId: 1, affectedSopClassUid: FILM_BOX, dataset: DS }).command;
    const assigned = nCreateRsp(noUid, 0, { affectedSopInstanceUid: '1.2.826.0.1.3', dataset: DS });
    expect(assigned.command.affectedSopInstanceUid).toBe('1.2.826.0.1.3');
    expect(assigned.dataset).toBe(DS);
    expect(assigned.command.commandDataSetType).toBe(DataSetType.Present);
    const withUid = nCreateRq({ messageId: 1, affectedSopClassUid: FILM_BOX, affectedSopInstanceUid: '1.2.5' }).command;
    expect(nCreateRsp(withUid, 0).command.affectedSopInstanceUid).toBe('1.2.5');
  });

  it('every response validates and round-trips', () => {
    const rsps: DimseMessage[] = [
      cEchoRsp(rq(0).command), cStoreRsp(rq(1).command, 0xb000), cFindRsp(rq(2).command, 0xff01, DS),
      cGetRsp(rq(3).command, 0), cMoveRsp(rq(4).command, 0xa801, {}, undefined, { errorComment: 'unknown AE' }),
      nEventReportRsp(rq(6).command), nGetRsp(rq(7).command, 0, DS), nSetRsp(rq(8).command, 0),
      nActionRsp(rq(9).command, 0xc602), nCreateRsp(rq(10).command, 0, { affectedSopInstanceUid: '1.2.7' }),
      nDeleteRsp(rq(11).command, 0),
    ];
    for (const r of rsps) {
      expect(() => validateMessage(r)).not.toThrow();
      expect(r.command.commandField & 0x8000).toBe(0x8000);
      expect(decodeCommandSet(encodeCommandSet(r.command), 65536)).toEqual(r.command);
    }
  });

  it('refuse to answer the wrong request or a C-CANCEL', () => {
    expect(() => cStoreRsp(rq(0).command, 0)).toThrow(DimseProtocolError);
    expect(() => responseTo(rq(5).command, 0)).toThrow(/no response/);
    expect(() => responseTo({ commandField: CommandField.C_ECHO_RQ, commandDataSetType: DataSetType.None }, 0)).toThrow(/Message ID/);
    // A malformed (untyped) request gives a typed error, not a TypeError.
    const junk = JSON.parse('{"messageIdBeingRespondedTo": 1}') as Parameters<typeof cEchoRsp>[0];
    expect(() => cEchoRsp(junk)).toThrow(DimseProtocolError);
  });
});

describe('validateMessage', () => {
  it('C-STORE-RQ needs Affected SOP Class/Instance UID and Priority', () => {
    const base = cStoreRq({ messageId: 2, affectedSopClassUid: CT, affectedSopInstanceUid: '1.2.3', dataset: DS });
    const { priority: _p, ...noPriority } = base.command;
    expectInvalid({ ...base, command: noPriority }, /C-STORE-RQ: priority is required/);
    const { affectedSopInstanceUid: _i, ...noInstance } = base.command;
    expectInvalid({ ...base, command: noInstance }, /affectedSopInstanceUid is required/);
    expectInvalid({ ...base, command: { ...base.command, affectedSopClassUid: '' } }, /affectedSopClassUid is required/);
  });

  it('N-SET-RQ needs a data set and Requested SOP Class/Instance UID', () => {
    const ok = nSetRq({ messageId: 8, requestedSopClassUid: IMAGE_BOX, requestedSopInstanceUid: '1.2.3.4', dataset: DS });
    expectInvalid({ command: { ...ok.command, commandDataSetType: DataSetType.None } }, /N-SET-RQ: a data set is required/);
    const { requestedSopInstanceUid: _r, ...noInstance } = ok.command;
    expectInvalid({ ...ok, command: noInstance }, /requestedSopInstanceUid is required/);
  });

  it('catches a data set that disagrees with Command Data Set Type', () => {
    const echo = cEchoRq({ messageId: 1 });
    expectInvalid({ ...echo, dataset: DS }, /CommandDataSetType is 0x0101/);
    const find = cFindRq({ messageId: 1, affectedSopClassUid: STUDY_FIND, dataset: DS });
    expectInvalid({ command: find.command }, /announces a data set but none/);
    expectInvalid({ command: { ...echo.command, commandDataSetType: 1 }, dataset: DS }, /C-ECHO-RQ: must not carry a data set/);
  });

  it('catches missing type IDs, bad UIDs, bad AE titles, bad priority, pending outside C-FIND/GET/MOVE', () => {
    const action = nActionRq({ messageId: 9, requestedSopClassUid: FILM_BOX, requestedSopInstanceUid: '1.2.3.5', actionTypeId: 1 });
    const { actionTypeId: _a, ...noAction } = action.command;
    expectInvalid({ command: noAction }, /actionTypeId is required/);
    expectInvalid({ command: { ...action.command, requestedSopInstanceUid: '1.02.3' } }, /not a valid UID/);
    const move = cMoveRq({ messageId: 5, affectedSopClassUid: '1.2.840.10008.5.1.4.1.2.2.2', moveDestination: 'X', dataset: DS });
    expectInvalid({ ...move, command: { ...move.command, moveDestination: '   ' } }, /not a valid AE title/);
    expectInvalid({ ...move, command: { ...move.command, priority: 3 } }, /Priority 3/);
    const set = nSetRsp(nSetRq({ messageId: 1, requestedSopClassUid: IMAGE_BOX, requestedSopInstanceUid: '1.2', dataset: DS }).command, 0xff00);
    expectInvalid(set, /pending/);
    expectInvalid({ command: { commandField: 0x0777, commandDataSetType: DataSetType.None } }, /unknown Command Field/);
    expectInvalid({ command: { ...cEchoRq({ messageId: 1 }).command, messageId: 70000 } }, /unsigned 16-bit/);
  });

  it('UID and AE title syntax', () => {
    expect(isValidUid('1.2.840.10008.1.1')).toBe(true);
    expect(isValidUid('1.2.0.3')).toBe(true);
    expect(isValidUid('1..2')).toBe(false);
    expect(isValidUid('1.2.')).toBe(false);
    expect(isValidUid('1.' + '1'.repeat(63))).toBe(false);
    expect(isValidAeTitle('FILMSTATION')).toBe(true);
    expect(isValidAeTitle('A\\B')).toBe(false);
    expect(isValidAeTitle('X'.repeat(17))).toBe(false);
  });
});

describe('describeCommand', () => {
  it('names the command, ID, SOP class and instance', () => {
    const rq = nCreateRq({ messageId: 3, affectedSopClassUid: FILM_BOX, dataset: DS }).command;
    expect(describeCommand(rq)).toBe('N-CREATE-RQ id=3 Basic Film Box SOP Class 1.2.840.10008.5.1.1.2 +dataset');
    const rsp = nSetRsp(nSetRq({ messageId: 5, requestedSopClassUid: IMAGE_BOX, requestedSopInstanceUid: '1.2.3', dataset: DS }).command, 0xb604).command;
    expect(describeCommand(rsp)).toBe('N-SET-RSP to=5 status=0xB604 warning Basic Grayscale Image Box SOP Class 1.2.840.10008.5.1.1.4 inst=1.2.3');
    expect(describeCommand({ commandField: 0x1234, commandDataSetType: DataSetType.None, affectedSopClassUid: '1.2.3.4' }))
      .toBe('COMMAND-0x1234 1.2.3.4');
    const move = cMoveRsp(cMoveRq({ messageId: 5, affectedSopClassUid: '1.2.840.10008.5.1.4.1.2.2.2', moveDestination: 'WS', dataset: DS }).command,
      0xff00, { remaining: 4, completed: 1, failed: 0, warning: 0 }).command;
    expect(describeCommand(move)).toBe('C-MOVE-RSP to=5 status=0xFF00 pending Study Root Query/Retrieve Information Model - MOVE 1.2.840.10008.5.1.4.1.2.2.2 subops=4/1/0/0');
  });

  it('picks the status table of the service', () => {
    expect(serviceClassOf({ commandField: CommandField.N_ACTION_RSP, affectedSopClassUid: FILM_BOX })).toBe('print');
    expect(serviceClassOf({ commandField: CommandField.C_STORE_RSP })).toBe('storage');
    expect(serviceClassOf({ commandField: CommandField.N_EVENT_REPORT_RQ, affectedSopClassUid: '1.2.840.10008.1.20.1' })).toBe('storage-commitment');
    expect(serviceClassOf({ commandField: CommandField.N_GET_RQ, requestedSopClassUid: '1.2.3' })).toBe('n-service-general');
  });
});
