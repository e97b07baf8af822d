import { describe, expect, it } from 'vitest';
import { DimseProtocolError } from '../../../../core/network/errors.js';
import type { PDataTf } from '../../../../core/network/pdu/types.js';
import {
  PDV_ITEM_OVERHEAD, UNLIMITED_PDU_CHUNK, fragmentCommand, fragmentDatasetChunks, fragmentMessage, maxFragmentLength,
} from '../../../../core/network/dimse/fragmenter.js';

function bytes(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/** Variable-field length of a P-DATA-TF: sum of PDV items including their 6-byte headers (PS3.8 9.3.5). */
function variableFieldLength(p: PDataTf): number {
  return p.pdvs.reduce((n, pdv) => n + PDV_ITEM_OVERHEAD + pdv.data.length, 0);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

function checkInvariants(pdus: PDataTf[], command: Uint8Array, dataset: Uint8Array | undefined, max: number, ctx: number): void {
  const limit = max === 0 ? UNLIMITED_PDU_CHUNK + PDV_ITEM_OVERHEAD : max;
  const pdvs = pdus.flatMap((p) => p.pdvs);
  for (const p of pdus) {
    expect(p.type).toBe('P-DATA-TF');
    expect(p.pdvs).toHaveLength(1);
    expect(variableFieldLength(p)).toBeLessThanOrEqual(limit);
  }
  expect(pdvs.every((p) => p.presentationContextId === ctx)).toBe(true);
  expect(pdvs.length).toBe(pdus.length);
  const cmdPdvs = pdvs.filter((p) => p.isCommand);
  const dsPdvs = pdvs.filter((p) => !p.isCommand);
  // Command fragments come first, then data set fragments: never mixed (PS3.8 E.2).
  expect(pdvs.slice(0, cmdPdvs.length).every((p) => p.isCommand)).toBe(true);
  expect(cmdPdvs.map((p) => p.isLastFragment)).toEqual(cmdPdvs.map((_, i) => i === cmdPdvs.length - 1));
  expect(dsPdvs.map((p) => p.isLastFragment)).toEqual(dsPdvs.map((_, i) => i === dsPdvs.length - 1));
  expect(Buffer.from(concat(cmdPdvs.map((p) => p.data))).equals(command)).toBe(true);
  if (dataset === undefined) expect(dsPdvs).toHaveLength(0);
  else expect(Buffer.from(concat(dsPdvs.map((p) => p.data))).equals(dataset)).toBe(true);
}

describe('fragmentMessage', () => {
  it('maxPduLength 16384: every PDU variable field is exactly at or under the limit', () => {
    const command = bytes(100);
    const dataset = bytes(100_000, 7);
    const pdus = fragmentMessage(1, command, dataset, 16384);
    checkInvariants(pdus, command, dataset, 16384, 1);
    const dsPdus = pdus.filter((p) => p.pdvs[0]?.isCommand === false);
    // 16384 - 6 = 16378 data bytes per PDV: 100000 = 6 * 16378 + 1732.
    expect(dsPdus).toHaveLength(7);
    expect(dsPdus.slice(0, 6).every((p) => variableFieldLength(p) === 16384)).toBe(true);
    expect(dsPdus[6]?.pdvs[0]?.data.length).toBe(100_000 - 6 * 16378);
  });

  it('a data set of exactly one fragment and of one byte more', () => {
    const exact = fragmentMessage(3, bytes(10), bytes(16378), 16384);
    expect(exact.filter((p) => p.pdvs[0]?.isCommand === false)).toHaveLength(1);
    const plusOne = fragmentMessage(3, bytes(10), bytes(16379), 16384);
    const ds = plusOne.filter((p) => p.pdvs[0]?.isCommand === false);
    expect(ds.map((p) => p.pdvs[0]?.data.length)).toEqual([16378, 1]);
    checkInvariants(plusOne, bytes(10), bytes(16379), 16384, 3);
  });

  it('tiny maxPduLength 12 splits into 6-byte fragments, command too', () => {
    const command = bytes(20);
    const dataset = bytes(13, 3);
    const pdus = fragmentMessage(5, command, dataset, 12);
    checkInvariants(pdus, command, dataset, 12, 5);
    expect(pdus.map((p) => p.pdvs[0]?.data.length)).toEqual([6, 6, 6, 2, 6, 6, 1]);
  });

  it('maxPduLength 0 means unlimited: 1 MiB chunks', () => {
    const dataset = new Uint8Array(UNLIMITED_PDU_CHUNK * 2 + 5);
    const pdus = fragmentMessage(1, bytes(50), dataset, 0);
    checkInvariants(pdus, bytes(50), dataset, 0, 1);
    expect(pdus).toHaveLength(1 + 3);
  });

  it('uses views of the input, not copies', () => {
    const command = bytes(30);
    const dataset = bytes(40);
    const pdus = fragmentMessage(1, command, dataset, 16);
    for (const p of pdus) {
      const d = p.pdvs[0]?.data;
      expect(d?.buffer === command.buffer || d?.buffer === dataset.buffer).toBe(true);
    }
  });

  it('an empty data set still gets its last-fragment PDV; no data set gets none', () => {
    const withEmpty = fragmentMessage(1, bytes(10), new Uint8Array(0), 100);
    expect(withEmpty).toHaveLength(2);
    expect(withEmpty[1]?.pdvs[0]).toMatchObject({ isCommand: false, isLastFragment: true });
    expect(fragmentMessage(1, bytes(10), undefined, 100)).toHaveLength(1);
    expect(fragmentCommand(1, bytes(10), 100)).toHaveLength(1);
  });

  it('rejects impossible limits and context IDs', () => {
    expect(() => fragmentMessage(1, bytes(10), undefined, 6)).toThrow(DimseProtocolError);
    expect(() => fragmentMessage(1, bytes(10), undefined, -1)).toThrow(/32-bit/);
    expect(() => fragmentMessage(2, bytes(10), undefined, 100)).toThrow(/odd/);
    expect(() => fragmentMessage(257, bytes(10), undefined, 100)).toThrow(/odd/);
    expect(() => fragmentMessage(1, new Uint8Array(0), undefined, 100)).toThrow(/command set/);
    expect(maxFragmentLength(7)).toBe(1);
  });
});

describe('fragmentDatasetChunks', () => {
  async function collect(chunks: Uint8Array[], max: number): Promise<PDataTf[]> {
    async function* source(): AsyncGenerator<Uint8Array> {
      for (const c of chunks) yield c;
    }
    const out: PDataTf[] = [];
    for await (const p of fragmentDatasetChunks(7, source(), max)) out.push(p);
    return out;
  }

  it('streams chunks into fragments with the last bit only on the very last one', async () => {
    const chunks = [bytes(25, 1), new Uint8Array(0), bytes(3, 2), bytes(10, 3)];
    const pdus = await collect(chunks, 16);
    const pdvs = pdus.flatMap((p) => p.pdvs);
    expect(pdvs.every((p) => !p.isCommand && p.presentationContextId === 7)).toBe(true);
    expect(pdvs.map((p) => p.isLastFragment)).toEqual(pdvs.map((_, i) => i === pdvs.length - 1));
    expect(pdus.every((p) => variableFieldLength(p) <= 16)).toBe(true);
    expect(concat(pdvs.map((p) => p.data))).toEqual(Buffer.from(concat(chunks)));
    expect(pdvs.map((p) => p.data.length)).toEqual([10, 10, 5, 3, 10]);
  });

  it('an empty source yields one empty last fragment', async () => {
    const pdus = await collect([], 100);
    expect(pdus).toHaveLength(1);
    expect(pdus[0]?.pdvs[0]).toMatchObject({ isLastFragment: true, isCommand: false });
    expect(pdus[0]?.pdvs[0]?.data.length).toBe(0);
  });

  it('accepts a plain iterable', async () => {
    const out: PDataTf[] = [];
    for await (const p of fragmentDatasetChunks(1, [bytes(4)], 100)) out.push(p);
    expect(out).toHaveLength(1);
    expect(out[0]?.pdvs[0]?.isLastFragment).toBe(true);
  });
});
