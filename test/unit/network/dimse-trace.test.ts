import { describe, expect, it } from 'vitest';
import { DimseTrace, type TraceEntry } from '../../../core/network/dimse-trace.js';

describe('DimseTrace', () => {
  it('keeps the last `capacity` entries in order, says how many were dropped, and tells the listener each one', () => {
    const heard: TraceEntry[] = [];
    const t = new DimseTrace(3, (e) => heard.push(e));
    for (let i = 1; i <= 5; i++) t.add(i % 2 ? 'in' : 'out', `pdu ${i}`);
    expect(t.list().map((e) => e.text)).toEqual(['pdu 3', 'pdu 4', 'pdu 5']);
    expect(heard.map((e) => e.text)).toEqual(['pdu 1', 'pdu 2', 'pdu 3', 'pdu 4', 'pdu 5']);
    const lines = t.toText().split('\n');
    expect(lines[0]).toBe('(2 earlier entries dropped)');
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z <- pdu 3$/);
    expect(lines[2]).toMatch(/ -> pdu 4$/);
  });

  it('an empty or part-filled trace lists what it has', () => {
    const t = new DimseTrace(4);
    expect(t.list()).toEqual([]);
    expect(t.toText()).toBe('');
    t.add('info', 'one');
    expect(t.list().map((e) => e.text)).toEqual(['one']);
  });
});
