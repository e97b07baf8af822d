import { describe, expect, it } from 'vitest';
import { ReadBuffers } from '../../../core/services/storage/read-buffers.js';

describe('ReadBuffers (the Storage SCU reads files into buffers used again)', () => {
  it('hands back the memory of an answered file for the next one that fits', () => {
    const pool = new ReadBuffers(2);
    const first = pool.take(1000);
    expect(first.length).toBeGreaterThanOrEqual(1000);
    expect(first.byteOffset).toBe(0);
    // What the reader returns is a view of the bytes it filled.
    pool.give(first.subarray(0, 900));
    const second = pool.take(950);
    expect(second.buffer).toBe(first.buffer);
    expect(second.length).toBe(first.length);
    // Nothing given back: a new buffer.
    expect(pool.take(10).buffer).not.toBe(first.buffer);
  });

  it('a file larger than every buffer held gets a new one', () => {
    const pool = new ReadBuffers(2);
    const small = pool.take(100);
    pool.give(small);
    const large = pool.take(5000);
    expect(large.buffer).not.toBe(small.buffer);
    expect(large.length).toBeGreaterThanOrEqual(5000);
    expect(pool.held).toBe(1);
  });

  it('keeps at most its bound, the largest ones, and never a very large buffer', () => {
    const pool = new ReadBuffers(2);
    const sizes = [100, 300, 200];
    const taken = sizes.map((n) => pool.take(n));
    for (const b of taken) pool.give(b);
    expect(pool.held).toBe(2);
    expect(pool.take(250).length).toBe(300);
    expect(pool.take(150).length).toBe(200);
    expect(pool.held).toBe(0);
    pool.give(pool.take(9 * 1024 * 1024));
    expect(pool.held).toBe(0);
  });
});
