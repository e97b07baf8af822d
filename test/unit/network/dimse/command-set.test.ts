import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DimseProtocolError } from '../../../../core/network/errors.js';
import {
  CommandField, DataSetType, Priority, decodeCommandSet, encodeCommandSet, hasDataSet, type CommandSet,
} from '../../../../core/network/dimse/command-set.js';
import { COMMAND_ELEMENTS, commandElement, formatTag } from '../../../../core/network/dimse/command-dictionary.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/dimse/echoscu-c-echo-rq.bin', import.meta.url));
const MAX = 65_536;

/** Hand-build one Implicit VR LE element. */
function el(tag: number, value: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(tag >>> 16, 0);
  h.writeUInt16LE(tag & 0xffff, 2);
  h.writeUInt32LE(value.length, 4);
  return Buffer.concat([h, value]);
}
function us(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v, 0);
  return b;
}

/** Walk the encoded elements: [tag, length, valueOffset]. */
function walk(bytes: Buffer): Array<{ tag: number; length: number; value: Buffer }> {
  const out: Array<{ tag: number; length: number; value: Buffer }> = [];
  let o = 0;
  while (o < bytes.length) {
    const tag = ((bytes.readUInt16LE(o) << 16) | bytes.readUInt16LE(o + 2)) >>> 0;
    const length = bytes.readUInt32LE(o + 4);
    out.push({ tag, length, value: bytes.subarray(o + 8, o + 8 + length) });
    o += 8 + length;
  }
  return out;
}

function expectDimseError(fn: () => unknown, code: string, pattern?: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DimseProtocolError);
    expect((err as DimseProtocolError).code).toBe(code);
    if (pattern) expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error(`expected DimseProtocolError ${code}`);
}

describe('command dictionary', () => {
  it('lists the PS3.7 E.1-1 elements in ascending tag order, group 0000 only', () => {
    const tags = COMMAND_ELEMENTS.map((e) => e.tag);
    expect([...tags].sort((a, b) => a - b)).toEqual(tags);
    expect(tags.every((t) => t >>> 16 === 0)).toBe(true);
    expect(commandElement(0x00000900)?.vr).toBe('US');
    expect(commandElement(0x00000901)?.vr).toBe('AT');
    expect(commandElement(0x00000600)?.vr).toBe('AE');
    expect(commandElement(0x00000902)?.vr).toBe('LO');
    expect(commandElement(0x00001030)?.keyword).toBe('MoveOriginatorApplicationEntityTitle');
    expect(commandElement(0x00000001)).toBeUndefined();
    expect(formatTag(0x00001005)).toBe('(0000,1005)');
  });
});

describe('echoscu C-ECHO-RQ fixture (captured from DCMTK)', () => {
  const bytes = readFileSync(FIXTURE);

  it('decodes to the fields echoscu sends', () => {
    const cmd = decodeCommandSet(bytes, MAX);
    expect(cmd.commandField).toBe(CommandField.C_ECHO_RQ);
    expect(cmd.affectedSopClassUid).toBe('1.2.840.10008.1.1');
    expect(cmd.messageId).toBe(1);
    expect(cmd.commandDataSetType).toBe(DataSetType.None);
    expect(hasDataSet(cmd)).toBe(false);
    expect(cmd.unknownElements).toBeUndefined();
    expect(cmd.priority).toBeUndefined();
  });

  it('re-encodes byte-identical', () => {
    const cmd = decodeCommandSet(bytes, MAX);
    expect(Buffer.compare(encodeCommandSet(cmd), bytes)).toBe(0);
  });

  it('matches what our encoder produces from scratch', () => {
    const ours = encodeCommandSet({
      commandField: CommandField.C_ECHO_RQ, messageId: 1, affectedSopClassUid: '1.2.840.10008.1.1',
      commandDataSetType: DataSetType.None,
    });
    expect(ours.equals(bytes)).toBe(true);
  });
});

describe('encodeCommandSet', () => {
  const full: CommandSet = {
    commandField: CommandField.C_MOVE_RSP,
    messageId: 7,
    messageIdBeingRespondedTo: 65535,
    affectedSopClassUid: '1.2.840.10008.5.1.4.1.2.2.2',
    requestedSopClassUid: '1.2.840.10008.5.1.1.2',
    affectedSopInstanceUid: '1.2.3.4.5',
    requestedSopInstanceUid: '1.2.3.4.56',
    commandDataSetType: DataSetType.Present,
    status: 0xff00,
    priority: Priority.High,
    moveDestination: 'STORESCP',
    moveOriginatorAeTitle: 'PACS',
    moveOriginatorMessageId: 3,
    numberOfRemainingSuboperations: 10,
    numberOfCompletedSuboperations: 2,
    numberOfFailedSuboperations: 1,
    numberOfWarningSuboperations: 0,
    eventTypeId: 2,
    actionTypeId: 1,
    attributeIdentifierList: [0x21100010, 0x21100020],
    offendingElement: [0x20100010],
    errorComment: 'Bad film size',
    errorId: 42,
  };

  it('round-trips every field', () => {
    const decoded = decodeCommandSet(encodeCommandSet(full), MAX);
    expect(decoded).toEqual(full);
  });

  it('writes group length first, then ascending tags, with a correct group length', () => {
    const bytes = encodeCommandSet(full);
    const els = walk(bytes);
    expect(els[0]?.tag).toBe(0);
    expect(els[0]?.value.readUInt32LE(0)).toBe(bytes.length - 12);
    const tags = els.map((e) => e.tag);
    expect([...tags].sort((a, b) => a - b)).toEqual(tags);
    expect(els.every((e) => e.length % 2 === 0)).toBe(true);
    expect(els).toHaveLength(COMMAND_ELEMENTS.length);
  });

  it('pads UI with NUL, AE and LO with space (PS3.5 6.2)', () => {
    const bytes = encodeCommandSet({
      commandField: CommandField.C_MOVE_RQ, commandDataSetType: DataSetType.Present,
      affectedSopClassUid: '1.2.3', moveDestination: 'ABC', errorComment: 'odd',
    });
    const byTag = new Map(walk(bytes).map((e) => [e.tag, e.value]));
    expect(byTag.get(0x00000002)?.toString('latin1')).toBe('1.2.3\0');
    expect(byTag.get(0x00000600)?.toString('latin1')).toBe('ABC ');
    expect(byTag.get(0x00000902)?.toString('latin1')).toBe('odd ');
  });

  it('encodes AT as group then element, each little endian', () => {
    const bytes = encodeCommandSet({
      commandField: CommandField.N_GET_RQ, commandDataSetType: DataSetType.None, attributeIdentifierList: [0x21100010],
    });
    const at = walk(bytes).find((e) => e.tag === 0x00001005);
    expect(at?.value).toEqual(Buffer.from([0x10, 0x21, 0x10, 0x00]));
  });

  it('refuses values that cannot be encoded', () => {
    const base = { commandField: CommandField.C_ECHO_RQ, commandDataSetType: DataSetType.None };
    expectDimseError(() => encodeCommandSet({ ...base, messageId: 70000 }), 'COMMAND_ENCODE', /MessageID/);
    expectDimseError(() => encodeCommandSet({ ...base, messageId: 1.5 }), 'COMMAND_ENCODE');
    expectDimseError(() => encodeCommandSet({ ...base, moveDestination: 'SEVENTEEN_CHARS_X' }), 'COMMAND_ENCODE', /16/);
    expectDimseError(() => encodeCommandSet({ ...base, affectedSopClassUid: '1.2.abc' }), 'COMMAND_ENCODE', /not a UID/);
    expectDimseError(() => encodeCommandSet({ ...base, errorComment: 'caf\u00e9' }), 'COMMAND_ENCODE', /repertoire/);
    expectDimseError(() => encodeCommandSet({ ...base, affectedSopClassUid: '1.'.repeat(40) + '1' }), 'COMMAND_ENCODE', /64/);
  });
});

describe('decodeCommandSet', () => {
  const minimal = [el(0x00000100, us(0x0030)), el(0x00000110, us(9)), el(0x00000800, us(0x0101))];

  it('tolerates a missing group length', () => {
    const cmd = decodeCommandSet(Buffer.concat(minimal), MAX);
    expect(cmd).toEqual({ commandField: 0x0030, messageId: 9, commandDataSetType: 0x0101 });
  });

  it('keeps unknown group-0000 elements as ignorable and re-encodes them', () => {
    const retired = el(0x00004000, Buffer.from('XY'));
    const bytes = Buffer.concat([minimal[0] as Buffer, minimal[1] as Buffer, minimal[2] as Buffer, retired]);
    const cmd = decodeCommandSet(bytes, MAX);
    expect(cmd.unknownElements).toHaveLength(1);
    expect(cmd.unknownElements?.[0]?.tag).toBe(0x00004000);
    expect(Buffer.from(cmd.unknownElements?.[0]?.value ?? []).toString()).toBe('XY');
    const again = decodeCommandSet(encodeCommandSet(cmd), MAX);
    expect(again.unknownElements?.[0]?.tag).toBe(0x00004000);
  });

  it('trims trailing space padding on UIDs from sloppy peers and leading/trailing spaces on AE', () => {
    const bytes = Buffer.concat([
      el(0x00000002, Buffer.from('1.2.3 ')), ...minimal, el(0x00000600, Buffer.from(' DEST ')),
    ]);
    const cmd = decodeCommandSet(bytes, MAX);
    expect(cmd.affectedSopClassUid).toBe('1.2.3');
    expect(cmd.moveDestination).toBe('DEST');
  });

  it('rejects an element outside group 0000, naming the offset', () => {
    const bytes = Buffer.concat([...minimal, el(0x00080016, Buffer.from('1.2\0'))]);
    expectDimseError(() => decodeCommandSet(bytes, MAX), 'COMMAND_DECODE', /offset 30.*\(0008,0016\)/);
  });

  it('rejects a length running past the end', () => {
    const bad = Buffer.concat(minimal);
    bad.writeUInt32LE(1000, 14); // MessageID length
    expectDimseError(() => decodeCommandSet(bad, MAX), 'COMMAND_DECODE', /offset 10.*declares 1000/);
  });

  it('rejects a truncated element header', () => {
    const bytes = Buffer.concat([...minimal, Buffer.from([0, 0, 0x00, 0x09])]);
    expectDimseError(() => decodeCommandSet(bytes, MAX), 'COMMAND_DECODE', /offset 30.*4 bytes left/);
  });

  it('rejects a US with the wrong length', () => {
    const bytes = Buffer.concat([...minimal, el(0x00000900, Buffer.from([0, 0, 0, 0]))]);
    expectDimseError(() => decodeCommandSet(bytes, MAX), 'COMMAND_DECODE', /Status.*expected 2/);
  });

  it('rejects an AT whose length is not a multiple of 4', () => {
    const bytes = Buffer.concat([...minimal, el(0x00001005, Buffer.from([1, 2]))]);
    expectDimseError(() => decodeCommandSet(bytes, MAX), 'COMMAND_DECODE', /multiple of 4/);
  });

  it('rejects a duplicate element', () => {
    const bytes = Buffer.concat([...minimal, el(0x00000900, us(0)), el(0x00000900, us(1))]);
    expectDimseError(() => decodeCommandSet(bytes, MAX), 'COMMAND_DECODE', /twice/);
  });

  it('rejects a command without Command Field or Command Data Set Type', () => {
    expectDimseError(() => decodeCommandSet(Buffer.concat([minimal[1] as Buffer, minimal[2] as Buffer]), MAX), 'COMMAND_DECODE', /CommandField/);
    expectDimseError(() => decodeCommandSet(Buffer.concat([minimal[0] as Buffer, minimal[1] as Buffer]), MAX), 'COMMAND_DECODE', /CommandDataSetType/);
  });

  it('rejects a command longer than maxLength before reading it', () => {
    expectDimseError(() => decodeCommandSet(Buffer.concat(minimal), 10), 'COMMAND_TOO_LONG');
  });

  it('rejects an undefined-length element', () => {
    const bytes = Buffer.concat([...minimal, Buffer.from([0, 0, 0x02, 0, 0xff, 0xff, 0xff, 0xff])]);
    expectDimseError(() => decodeCommandSet(bytes, MAX), 'COMMAND_DECODE', /undefined length/);
  });

  it('reads from a view with a non-zero byteOffset', () => {
    const big = Buffer.concat([Buffer.alloc(5, 0xee), Buffer.concat(minimal), Buffer.alloc(3, 0xee)]);
    const view = big.subarray(5, 5 + Buffer.concat(minimal).length);
    expect(decodeCommandSet(view, MAX).messageId).toBe(9);
  });

  it('never crashes on random bytes: either decodes or throws DimseProtocolError', () => {
    let seed = 12345;
    const rand = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
    for (let i = 0; i < 2000; i++) {
      const base = encodeCommandSet({ commandField: 1, messageId: 2, commandDataSetType: 1, affectedSopClassUid: '1.2.3', status: 0 });
      const b = Buffer.from(base);
      for (let k = 0; k < 3; k++) b[rand() % b.length] = rand() & 0xff;
      const cut = b.subarray(0, rand() % (b.length + 1));
      try {
        decodeCommandSet(cut, MAX);
      } catch (err) {
        expect(err).toBeInstanceOf(DimseProtocolError);
      }
    }
  });
});
