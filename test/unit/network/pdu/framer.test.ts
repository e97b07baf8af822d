/** PduFramer: split and merged chunks, limits checked on the header, bounded memory. */
import { describe, expect, it } from 'vitest';
import { PduDecodeError, PduLimitError } from '../../../../core/network/errors.js';
import { decodePdu, PduFramer, type FramedPdu } from '../../../../core/network/pdu/index.js';
import { FIXTURE_NAMES, fixture, LIMITS, prng } from './pdu-test-helpers.js';

const ALL = FIXTURE_NAMES.map((n) => fixture(n));
const STREAM = Buffer.concat(ALL);

function feed(framer: PduFramer, chunks: Uint8Array[]): FramedPdu[] {
  const out: FramedPdu[] = [];
  for (const c of chunks) out.push(...framer.push(c));
  return out;
}

function expectAllFixtures(out: FramedPdu[]): void {
  expect(out.length).toBe(ALL.length);
  out.forEach((pdu, i) => {
    expect(pdu.type).toBe(ALL[i]![0]);
    expect(pdu.bytes.equals(ALL[i]!)).toBe(true);
  });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('PduFramer', () => {
  it('returns every PDU of a stream pushed at once', () => {
    const framer = new PduFramer(LIMITS);
    expectAllFixtures(framer.push(STREAM));
    expect(framer.bufferedBytes).toBe(0);
  });

  for (const size of [1, 2, 3, 5, 6, 7, 11, 64, 1000, 4096]) {
    it(`reassembles the stream from ${size}-byte chunks`, () => {
      const chunks: Buffer[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.subarray(i, i + size));
      expectAllFixtures(feed(new PduFramer(LIMITS), chunks));
    });
  }

  it('reassembles the stream from random chunk boundaries (plain Uint8Array views with offsets)', () => {
    const rand = prng(42);
    for (let round = 0; round < 50; round++) {
      const framer = new PduFramer(LIMITS);
      const chunks: Uint8Array[] = [];
      let pos = 0;
      while (pos < STREAM.length) {
        const n = 1 + Math.floor(rand() * (rand() < 0.5 ? 10 : 3000));
        // Copy into a larger ArrayBuffer at an odd offset: the framer must honour byteOffset.
        const backing = new Uint8Array(n + 7);
        backing.set(STREAM.subarray(pos, pos + n), 3);
        chunks.push(backing.subarray(3, 3 + Math.min(n, STREAM.length - pos)));
        pos += n;
      }
      expectAllFixtures(feed(framer, chunks));
    }
  });

  it('splits the header at every byte and still decodes', () => {
    const rq = fixture('echoscu-associate-rq.bin');
    for (let cut = 1; cut < rq.length; cut++) {
      const out = feed(new PduFramer(LIMITS), [rq.subarray(0, cut), rq.subarray(cut)]);
      expect(out).toHaveLength(1);
      expect(decodePdu(out[0]!.bytes, LIMITS).type).toBe('A-ASSOCIATE-RQ');
    }
  });

  it('a PDU whole in one chunk is a view of the chunk (no copy)', () => {
    const chunk = Buffer.from(STREAM);
    const out = new PduFramer(LIMITS).push(chunk);
    expect(out[0]!.bytes.buffer).toBe(chunk.buffer);
  });

  it('refuses a declared length of 0xFFFFFFFF at once, for every PDU type', () => {
    for (const type of [1, 2, 3, 4]) {
      const framer = new PduFramer(LIMITS);
      const err = thrown(() => framer.push(Buffer.from([type, 0, 0xff, 0xff, 0xff, 0xff])));
      expect(err).toBeInstanceOf(PduLimitError);
      expect((err as PduLimitError).length).toBe(0xffffffff);
      expect(framer.bufferedBytes).toBe(0);
    }
    for (const type of [5, 6, 7]) {
      const err = thrown(() => new PduFramer(LIMITS).push(Buffer.from([type, 0, 0xff, 0xff, 0xff, 0xff])));
      expect(err).toBeInstanceOf(PduDecodeError);
    }
  });

  it('checks the length from a header split across chunks before buffering the body', () => {
    const framer = new PduFramer(LIMITS);
    expect(framer.push(Buffer.from([4, 0, 0xff]))).toEqual([]);
    expect(() => framer.push(Buffer.from([0xff, 0xff, 0xff, 0, 0, 0]))).toThrow(PduLimitError);
  });

  it('P-DATA-TF: the limit is the PDU length itself, no allowance', () => {
    const limits = { ...LIMITS, maxPDataPduLength: 100 };
    const pdu = (len: number): Buffer => {
      const b = Buffer.alloc(6 + len);
      b[0] = 4;
      b.writeUInt32BE(len, 2);
      b.writeUInt32BE(len - 4, 6);
      b[10] = 1;
      b[11] = 3;
      return b;
    };
    expect(new PduFramer(limits).push(pdu(100))).toHaveLength(1);
    const err = thrown(() => new PduFramer(limits).push(pdu(101).subarray(0, 6)));
    expect(err).toBeInstanceOf(PduLimitError);
    expect((err as PduLimitError).limit).toBe(100);
  });

  it('associate PDUs use maxAssociatePduLength', () => {
    const rq = fixture('getscu-associate-rq-role-selection.bin');
    const limits = { ...LIMITS, maxAssociatePduLength: rq.length - 7 };
    expect(() => new PduFramer(limits).push(rq.subarray(0, 6))).toThrow(PduLimitError);
    expect(new PduFramer({ ...LIMITS, maxAssociatePduLength: rq.length - 6 }).push(rq)).toHaveLength(1);
  });

  it('a release PDU declaring length 5 is a PduDecodeError', () => {
    const err = thrown(() => new PduFramer(LIMITS).push(Buffer.from([5, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0])));
    expect(err).toBeInstanceOf(PduDecodeError);
    expect((err as PduDecodeError).field).toBe('pdu-length');
  });

  it('an unknown PDU type is a PduDecodeError on pdu-type', () => {
    const err = thrown(() => new PduFramer(LIMITS).push(Buffer.from([0x47, 0x45, 0x54, 0x20, 0x2f, 0x20]))); // "GET / "
    expect(err).toBeInstanceOf(PduDecodeError);
    expect((err as PduDecodeError).field).toBe('pdu-type');
  });

  it('stays failed after an error until reset()', () => {
    const framer = new PduFramer(LIMITS);
    expect(() => framer.push(Buffer.from([9, 0, 0, 0, 0, 4]))).toThrow(PduDecodeError);
    expect(() => framer.push(fixture('echoscu-release-rq.bin'))).toThrow(PduDecodeError);
    framer.reset();
    expect(framer.push(fixture('echoscu-release-rq.bin'))).toHaveLength(1);
  });

  it('reset() drops a partial PDU', () => {
    const framer = new PduFramer(LIMITS);
    framer.push(fixture('echoscu-associate-rq.bin').subarray(0, 50));
    expect(framer.bufferedBytes).toBe(50);
    framer.reset();
    expect(framer.bufferedBytes).toBe(0);
    expectAllFixtures(framer.push(STREAM));
  });

  it('holds only what arrived of a large declared PDU', () => {
    const framer = new PduFramer(LIMITS);
    framer.push(Buffer.from([1, 0, 0, 0x10, 0, 0])); // declares exactly 1 MiB
    framer.push(Buffer.alloc(100));
    expect(framer.bufferedBytes).toBe(106);
  });

  it('a trickle of 1-byte chunks of a large PDU completes it', () => {
    const len = 70_000;
    const pdu = Buffer.alloc(6 + len, 0x5a);
    pdu[0] = 4;
    pdu[1] = 0;
    pdu.writeUInt32BE(len, 2);
    const framer = new PduFramer(LIMITS);
    const out: FramedPdu[] = [];
    for (let i = 0; i < pdu.length; i++) out.push(...framer.push(pdu.subarray(i, i + 1)));
    expect(out).toHaveLength(1);
    expect(out[0]!.bytes.equals(pdu)).toBe(true);
  });

  it('a PDU larger than the first buffer grows correctly across many chunks', () => {
    const len = 1_500_000;
    const pdu = Buffer.alloc(6 + len);
    for (let i = 0; i < pdu.length; i++) pdu[i] = (i * 7) & 0xff;
    pdu[0] = 4;
    pdu.writeUInt32BE(len, 2);
    for (const size of [999, 65536, 300_000]) {
      const framer = new PduFramer({ ...LIMITS, maxPDataPduLength: 2_000_000 });
      const out: FramedPdu[] = [];
      for (let i = 0; i < pdu.length; i += size) out.push(...framer.push(pdu.subarray(i, i + size)));
      expect(out).toHaveLength(1);
      expect(out[0]!.bytes.equals(pdu)).toBe(true);
    }
  });

  it('an empty P-DATA-TF (length 0) is framed, then refused by the decoder', () => {
    const out = new PduFramer(LIMITS).push(Buffer.from([4, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
    expect(out.map((p) => p.bytes.length)).toEqual([6, 10]);
    expect(() => decodePdu(out[0]!.bytes, LIMITS)).toThrow(PduDecodeError);
    // Same with the header split across chunks.
    const framer = new PduFramer(LIMITS);
    expect(framer.push(Buffer.from([4, 0, 0]))).toEqual([]);
    expect(framer.push(Buffer.from([0, 0, 0])).map((p) => [...p.bytes])).toEqual([[4, 0, 0, 0, 0, 0]]);
    expect(framer.bufferedBytes).toBe(0);
  });
});

describe('PduFramer with reuseDataBuffer (the association\'s framer)', () => {
  /** A P-DATA-TF of `len` body bytes with a recognisable pattern. */
  const pData = (len: number, seed: number): Buffer => {
    const b = Buffer.alloc(6 + len);
    for (let i = 6; i < b.length; i++) b[i] = (i * 31 + seed) & 0xff;
    b[0] = 4;
    b.writeUInt32BE(len, 2);
    return b;
  };

  it('hands each split P-DATA-TF to the callback intact, assembled in one reused buffer', () => {
    const pdus = [pData(200_000, 1), pData(150_000, 2), pData(200_000, 3), fixture('echoscu-release-rq.bin'), pData(262_144, 4), pData(100, 5)];
    const stream = Buffer.concat(pdus);
    for (const size of [7, 4096, 65_536, 100_000]) {
      const framer = new PduFramer(LIMITS, { reuseDataBuffer: true });
      const seen: Buffer[] = [];
      const buffers = new Set<ArrayBufferLike>();
      for (let i = 0; i < stream.length; i += size) {
        framer.each(stream.subarray(i, i + size), (pdu) => {
          // Compared while the callback runs: that is as long as the bytes are promised.
          seen.push(Buffer.from(pdu.bytes));
          if (pdu.type === 4 && pdu.bytes.buffer !== stream.buffer) buffers.add(pdu.bytes.buffer);
        });
      }
      expect(seen.map((b, i) => b.equals(pdus[i]!))).toEqual(pdus.map(() => true));
      // The largest PDU so far is kept: 200 000, then 262 144 bytes (never one per PDU).
      expect(buffers.size).toBeLessThanOrEqual(2);
    }
  });

  it('a PDU split across chunks is overwritten by the next one: consumers must copy (the reason for the callback form)', () => {
    const framer = new PduFramer(LIMITS, { reuseDataBuffer: true });
    const views: Buffer[] = [];
    const a = pData(1000, 1);
    const b = pData(1000, 2);
    for (const p of [a, b]) {
      framer.each(p.subarray(0, 500), (pdu) => { views.push(pdu.bytes); });
      framer.each(p.subarray(500), (pdu) => { views.push(pdu.bytes); });
    }
    expect(views[0]!.buffer).toBe(views[1]!.buffer);
    expect(views[0]!.equals(b)).toBe(true);
  });

  it('push() is refused (its PDUs would outlive the buffer)', () => {
    expect(() => new PduFramer(LIMITS, { reuseDataBuffer: true }).push(pData(10, 0))).toThrow(/each\(\)/);
  });

  it('returning false stops reading the chunk; an error thrown by the callback passes through and leaves the framer usable', () => {
    const stream = Buffer.concat([pData(10, 1), pData(10, 2), pData(10, 3)]);
    const framer = new PduFramer(LIMITS, { reuseDataBuffer: true });
    let n = 0;
    framer.each(stream, () => { n++; return n < 2; });
    expect(n).toBe(2);
    const boom = new Error('handler failed');
    const other = new PduFramer(LIMITS, { reuseDataBuffer: true });
    expect(() => other.each(pData(10, 1), () => { throw boom; })).toThrow(boom);
    let delivered = 0;
    other.each(pData(10, 2), () => { delivered++; });
    expect(delivered).toBe(1);
  });

  it('framing errors still throw, after the PDUs before them were delivered', () => {
    const framer = new PduFramer(LIMITS, { reuseDataBuffer: true });
    const got: number[] = [];
    const bad = Buffer.from([4, 0, 0xff, 0xff, 0xff, 0xff]);
    expect(() => framer.each(Buffer.concat([pData(10, 1), bad]), (p) => { got.push(p.bytes.length); })).toThrow(PduLimitError);
    expect(got).toEqual([16]);
    expect(() => framer.each(pData(10, 1), () => undefined)).toThrow(PduLimitError);
  });
});

