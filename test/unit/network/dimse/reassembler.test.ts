import { describe, expect, it } from 'vitest';
import { DimseProtocolError } from '../../../../core/network/errors.js';
import type { Pdv } from '../../../../core/network/pdu/types.js';
import { CommandField, DataSetType, encodeCommandSet } from '../../../../core/network/dimse/command-set.js';
import { fragmentMessage } from '../../../../core/network/dimse/fragmenter.js';
import { cEchoRq, cStoreRq, nSetRq } from '../../../../core/network/dimse/messages.js';
import { DimseReassembler, type DatasetSink, type ReassembledMessage } from '../../../../core/network/dimse/reassembler.js';

const LIMITS = { maxCommandLength: 65_536, maxDatasetLength: 1_000_000 };

function dataset(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7) & 0xff;
  return b;
}

function pdvsOf(ctx: number, msg: { command: Parameters<typeof encodeCommandSet>[0]; dataset?: Uint8Array }, max: number): Pdv[] {
  return fragmentMessage(ctx, encodeCommandSet(msg.command), msg.dataset, max).flatMap((p) => p.pdvs);
}

function feed(r: DimseReassembler, pdvs: Pdv[]): ReassembledMessage[] {
  const out: ReassembledMessage[] = [];
  for (const p of pdvs) {
    const m = r.push(p);
    if (m) out.push(m);
  }
  return out;
}

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DimseProtocolError);
    expect((err as DimseProtocolError).code).toBe(code);
    return;
  }
  throw new Error(`expected DimseProtocolError ${code}`);
}

const STORE = cStoreRq({ messageId: 4, affectedSopClassUid: '1.2.840.10008.5.1.4.1.1.7', affectedSopInstanceUid: '1.2.3', dataset: dataset(5000) });

describe('DimseReassembler', () => {
  it('reassembles fragmented messages back to back, with and without data sets', () => {
    const r = new DimseReassembler(LIMITS);
    const echo = cEchoRq({ messageId: 1 });
    const pdvs = [...pdvsOf(1, echo, 12), ...pdvsOf(3, STORE, 100), ...pdvsOf(1, echo, 16384)];
    const msgs = feed(r, pdvs);
    expect(msgs).toHaveLength(3);
    expect(msgs[0]).toEqual({ presentationContextId: 1, command: echo.command });
    expect(msgs[1]?.presentationContextId).toBe(3);
    expect(msgs[1]?.command).toEqual(STORE.command);
    expect(Buffer.from(msgs[1]?.dataset ?? [])).toEqual(Buffer.from(STORE.dataset ?? []));
    expect(msgs[1]?.streamed).toBeUndefined();
    expect(r.inProgress).toBe(false);
  });

  it('pushPdu returns every message a PDU completes', () => {
    const r = new DimseReassembler(LIMITS);
    const pdvs = [...pdvsOf(1, cEchoRq({ messageId: 1 }), 1000), ...pdvsOf(1, cEchoRq({ messageId: 2 }), 1000)];
    const msgs = r.pushPdu({ type: 'P-DATA-TF', pdvs });
    expect(msgs.map((m) => m.command.messageId)).toEqual([1, 2]);
  });

  it('a PDV for another presentation context in mid-message is an error', () => {
    const r = new DimseReassembler(LIMITS);
    const pdvs = pdvsOf(1, STORE, 1000);
    feed(r, pdvs.slice(0, 2)); // command + first data set fragment
    const other = pdvsOf(3, cEchoRq({ messageId: 2 }), 1000)[0] as Pdv;
    expectCode(() => r.push(other), 'CONTEXT_INTERLEAVED');
    expect(r.inProgress).toBe(false);
  });

  it('interleaving in the command phase is an error too', () => {
    const r = new DimseReassembler(LIMITS);
    const a = pdvsOf(1, cEchoRq({ messageId: 1 }), 12);
    r.push(a[0] as Pdv);
    expectCode(() => r.push({ ...(a[1] as Pdv), presentationContextId: 5 }), 'CONTEXT_INTERLEAVED');
  });

  it('a command longer than maxCommandLength is refused before it is complete', () => {
    const r = new DimseReassembler({ ...LIMITS, maxCommandLength: 40 });
    const pdvs = pdvsOf(1, STORE, 12);
    let error: unknown;
    let fed = 0;
    try {
      for (const p of pdvs) { fed++; r.push(p); }
    } catch (err) {
      error = err;
    }
    expect((error as DimseProtocolError).code).toBe('COMMAND_TOO_LONG');
    expect(fed).toBe(7); // the 7th 6-byte fragment makes 42 > 40
  });

  it('a data set longer than maxDatasetLength is refused', () => {
    const r = new DimseReassembler({ ...LIMITS, maxDatasetLength: 4999 });
    expectCode(() => feed(r, pdvsOf(1, STORE, 1000)), 'DATASET_TOO_LONG');
  });

  it('a new command where a data set was announced is an error (missing data set)', () => {
    const r = new DimseReassembler(LIMITS);
    const cmdOnly = pdvsOf(1, STORE, 100000).filter((p) => p.isCommand);
    feed(r, cmdOnly);
    expect(r.inProgress).toBe(true);
    expectCode(() => feed(r, pdvsOf(1, cEchoRq({ messageId: 9 }), 1000)), 'MISSING_DATASET');
  });

  it('a data set fragment without a command, or before the last command fragment, is an error', () => {
    const r = new DimseReassembler(LIMITS);
    expectCode(() => r.push({ presentationContextId: 1, isCommand: false, isLastFragment: true, data: dataset(4) }), 'DATASET_WITHOUT_COMMAND');
    const pdvs = pdvsOf(1, STORE, 12);
    r.push(pdvs[0] as Pdv);
    expectCode(() => r.push({ presentationContextId: 1, isCommand: false, isLastFragment: true, data: dataset(4) }), 'COMMAND_INCOMPLETE');
  });

  it('a data set after a command that announced none is an error', () => {
    const r = new DimseReassembler(LIMITS);
    feed(r, pdvsOf(1, cEchoRq({ messageId: 1 }), 1000));
    expectCode(() => r.push({ presentationContextId: 1, isCommand: false, isLastFragment: true, data: dataset(4) }), 'DATASET_WITHOUT_COMMAND');
  });

  it('a malformed command set surfaces as the codec error', () => {
    const r = new DimseReassembler(LIMITS);
    expectCode(() => r.push({ presentationContextId: 1, isCommand: true, isLastFragment: true, data: new Uint8Array([8, 0, 0x16, 0, 0, 0, 0, 0]) }), 'COMMAND_DECODE');
  });

  it('streams a data set to the sink returned by onCommand', () => {
    const written: Uint8Array[] = [];
    const events: string[] = [];
    const sink: DatasetSink = {
      write: (c) => { written.push(Buffer.from(c)); events.push('write'); },
      end: () => events.push('end'),
      abort: () => events.push('abort'),
    };
    const seen: Array<[number, number]> = [];
    const r = new DimseReassembler({
      ...LIMITS, maxDatasetLength: 10, // the in-memory limit does not apply to a streamed data set
      onCommand: (cmd, ctx) => { seen.push([cmd.commandField, ctx]); return cmd.commandField === CommandField.C_STORE_RQ ? sink : undefined; },
    });
    const msgs = feed(r, pdvsOf(3, STORE, 1024));
    expect(seen).toEqual([[CommandField.C_STORE_RQ, 3]]);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.streamed).toBe(true);
    expect(msgs[0]?.dataset).toBeUndefined();
    expect(Buffer.concat(written)).toEqual(Buffer.from(STORE.dataset ?? []));
    expect(events.at(-1)).toBe('end');
    expect(events.filter((e) => e === 'end')).toHaveLength(1);
    expect(events).not.toContain('abort');
  });

  it('onCommand returning undefined keeps the data set in memory; it is not called without a data set', () => {
    let calls = 0;
    const r = new DimseReassembler({ ...LIMITS, onCommand: () => { calls++; return undefined; } });
    const set = nSetRq({ messageId: 2, requestedSopClassUid: '1.2.840.10008.5.1.1.4', requestedSopInstanceUid: '1.2', dataset: dataset(10) });
    const msgs = feed(r, [...pdvsOf(1, cEchoRq({ messageId: 1 }), 1000), ...pdvsOf(1, set, 1000)]);
    expect(calls).toBe(1);
    expect(msgs[1]?.dataset?.length).toBe(10);
  });

  it('aborts the sink on a protocol error, on a streamed-length overflow, and on abort()', () => {
    const make = (): { sink: DatasetSink; log: string[] } => {
      const log: string[] = [];
      return { log, sink: { write: () => log.push('write'), end: () => log.push('end'), abort: (e) => log.push(`abort:${e.message}`) } };
    };
    const a = make();
    const r1 = new DimseReassembler({ ...LIMITS, onCommand: () => a.sink });
    const pdvs = pdvsOf(1, STORE, 1000);
    feed(r1, pdvs.slice(0, 2));
    expectCode(() => r1.push({ ...(pdvs[2] as Pdv), presentationContextId: 3 }), 'CONTEXT_INTERLEAVED');
    expect(a.log.at(-1)).toMatch(/^abort:.*context 3/);

    const b = make();
    const r2 = new DimseReassembler({ ...LIMITS, maxStreamedDatasetLength: 2000, onCommand: () => b.sink });
    expectCode(() => feed(r2, pdvs), 'DATASET_TOO_LONG');
    expect(b.log.at(-1)).toMatch(/^abort:/);

    const c = make();
    const r3 = new DimseReassembler({ ...LIMITS, onCommand: () => c.sink });
    feed(r3, pdvs.slice(0, 3));
    r3.abort(new Error('connection reset'));
    expect(c.log.at(-1)).toBe('abort:connection reset');
    expect(r3.inProgress).toBe(false);
    // After an abort the reassembler starts clean.
    expect(feed(r3, pdvsOf(1, cEchoRq({ messageId: 5 }), 1000))).toHaveLength(1);
  });

  it('a sink whose write throws is aborted and the error propagates', () => {
    const log: string[] = [];
    const r = new DimseReassembler({
      ...LIMITS,
      onCommand: () => ({ write: () => { throw new Error('disk full'); }, end: () => log.push('end'), abort: (e) => log.push(`abort:${e.message}`) }),
    });
    expect(() => feed(r, pdvsOf(1, STORE, 1000))).toThrow('disk full');
    expect(log).toEqual(['abort:disk full']);
    expect(r.inProgress).toBe(false);
  });

  it('the emitted data set is a copy, not a view of the PDU buffers', () => {
    const r = new DimseReassembler(LIMITS);
    const pdvs = pdvsOf(1, STORE, 100000);
    const msgs = feed(r, pdvs);
    const dsPdv = pdvs.find((p) => !p.isCommand) as Pdv;
    expect(msgs[0]?.dataset?.buffer).not.toBe(dsPdv.data.buffer);
  });

  it('accepts a data set announced with any value other than 0x0101', () => {
    const r = new DimseReassembler(LIMITS);
    const command = { ...STORE.command, commandDataSetType: 0xfefe };
    const msgs = feed(r, pdvsOf(1, { command, dataset: dataset(3) }, 1000));
    expect(msgs[0]?.dataset?.length).toBe(3);
    expect(DataSetType.None).toBe(0x0101);
  });

  it('keeps copies of fragments it holds past their PDU (the association reuses PDU buffers)', () => {
    const store = cStoreRq({ messageId: 9, affectedSopClassUid: '1.2.840.10008.5.1.4.1.1.7', affectedSopInstanceUid: '1.2.3.4', dataset: dataset(3000) });
    const r = new DimseReassembler(LIMITS);
    const msgs: ReassembledMessage[] = [];
    // Command in 20-byte fragments, data set in 500-byte ones; each PDV is fed from a buffer
    // that is scribbled over as soon as push() returns, as the framer's is by the next PDU.
    for (const pdv of pdvsOf(1, store, 20)) {
      const transient = Buffer.from(pdv.data);
      const m = r.push({ ...pdv, data: transient });
      transient.fill(0xee);
      if (m) msgs.push(m);
    }
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.command).toEqual(store.command);
    expect(Buffer.from(msgs[0]!.dataset!).equals(Buffer.from(dataset(3000)))).toBe(true);
  });
});

