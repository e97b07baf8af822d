import { describe, expect, it } from 'vitest';
import { DimseProtocolError } from '../../../../core/network/errors.js';
import { CommandField, DataSetType, type CommandSet } from '../../../../core/network/dimse/command-set.js';
import { MessageIdAllocator, PendingRequests } from '../../../../core/network/dimse/message-ids.js';

function rsp(field: number, id: number | undefined, status: number): CommandSet {
  const c: CommandSet = { commandField: field, status, commandDataSetType: DataSetType.None };
  if (id !== undefined) c.messageIdBeingRespondedTo = id;
  return c;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DimseProtocolError);
    return (err as DimseProtocolError).code;
  }
  throw new Error('expected a DimseProtocolError');
}

describe('MessageIdAllocator', () => {
  it('counts from 1 and wraps after 65535 to 1 (never 0)', () => {
    const a = new MessageIdAllocator({ first: 65534 });
    const ids = [a.next(), a.next(), a.next()];
    expect(ids).toEqual([65534, 65535, 1]);
    expect(new MessageIdAllocator().next()).toBe(1);
  });

  it('skips IDs still outstanding, reuses released ones', () => {
    const a = new MessageIdAllocator({ first: 65535 });
    expect(a.next()).toBe(65535); // outstanding
    expect(a.next()).toBe(1);
    a.release(1);
    // Wrap all the way round: 65535 is still outstanding, so it is skipped; 1 is free again.
    for (let i = 2; i <= 65534; i++) a.release(a.next());
    expect(a.next()).toBe(1);
    expect(a.outstanding).toBe(2);
  });

  it('skips IDs an external table reports in use', () => {
    const busy = new Set([1, 2, 3]);
    const a = new MessageIdAllocator({ isInUse: (id) => busy.has(id) });
    expect(a.next()).toBe(4);
  });

  it('throws when every ID is outstanding', () => {
    const a = new MessageIdAllocator({ isInUse: () => true });
    expect(code(() => a.next())).toBe('MESSAGE_IDS_EXHAUSTED');
    expect(() => new MessageIdAllocator({ first: 0 })).toThrow(DimseProtocolError);
  });
});

describe('PendingRequests', () => {
  it('resolves a final response and forgets the request', () => {
    const p = new PendingRequests<string>();
    p.register(5, CommandField.N_CREATE_RQ, 'film session');
    const r = p.resolve(rsp(CommandField.N_CREATE_RSP, 5, 0x0000));
    expect(r).toEqual({ messageId: 5, commandField: CommandField.N_CREATE_RQ, value: 'film session', final: true });
    expect(p.has(5)).toBe(false);
    expect(p.size).toBe(0);
  });

  it('keeps C-FIND/C-GET/C-MOVE open on pending responses', () => {
    const p = new PendingRequests<number>();
    p.register(7, CommandField.C_MOVE_RQ, 1);
    expect(p.resolve(rsp(CommandField.C_MOVE_RSP, 7, 0xff00)).final).toBe(false);
    p.register(8, CommandField.C_FIND_RQ, 2);
    expect(p.resolve(rsp(CommandField.C_FIND_RSP, 8, 0xff01)).final).toBe(false);
    expect(p.size).toBe(2);
    expect(p.resolve(rsp(CommandField.C_MOVE_RSP, 7, 0xb000)).final).toBe(true);
    expect(p.resolve(rsp(CommandField.C_FIND_RSP, 8, 0xfe00)).final).toBe(true);
    expect(p.size).toBe(0);
  });

  it('an unknown message ID is an error, not a silent drop', () => {
    const p = new PendingRequests<number>();
    p.register(1, CommandField.C_ECHO_RQ, 0);
    expect(code(() => p.resolve(rsp(CommandField.C_ECHO_RSP, 2, 0)))).toBe('UNKNOWN_MESSAGE_ID');
    expect(code(() => p.resolve(rsp(CommandField.C_ECHO_RSP, undefined, 0)))).toBe('MISSING_MESSAGE_ID');
    expect(p.has(1)).toBe(true);
  });

  it('checks the response kind and where pending is allowed', () => {
    const p = new PendingRequests<number>();
    p.register(1, CommandField.N_SET_RQ, 0);
    expect(code(() => p.resolve(rsp(CommandField.N_GET_RSP, 1, 0)))).toBe('RESPONSE_MISMATCH');
    expect(code(() => p.resolve(rsp(CommandField.N_SET_RSP, 1, 0xff00)))).toBe('UNEXPECTED_PENDING');
    expect(code(() => p.resolve(rsp(CommandField.N_SET_RQ, 1, 0)))).toBe('NOT_A_RESPONSE');
    expect(p.resolve(rsp(CommandField.N_SET_RSP, 1, 0xb605)).final).toBe(true);
  });

  it('refuses duplicate registrations and requests without responses', () => {
    const p = new PendingRequests<number>();
    p.register(1, CommandField.C_STORE_RQ, 0);
    expect(code(() => p.register(1, CommandField.C_STORE_RQ, 0))).toBe('DUPLICATE_MESSAGE_ID');
    expect(code(() => p.register(2, CommandField.C_CANCEL_RQ, 0))).toBe('NOT_A_REQUEST');
    expect(code(() => p.register(3, CommandField.C_STORE_RSP, 0))).toBe('NOT_A_REQUEST');
    expect(code(() => p.register(70000, CommandField.C_STORE_RQ, 0))).toBe('INVALID_MESSAGE_ID');
  });

  it('delete and clear return what they removed', () => {
    const p = new PendingRequests<string>();
    p.register(1, CommandField.C_ECHO_RQ, 'a');
    p.register(2, CommandField.C_ECHO_RQ, 'b');
    p.register(3, CommandField.C_ECHO_RQ, 'c');
    expect(p.delete(2)?.value).toBe('b');
    expect(p.delete(2)).toBeUndefined();
    expect(p.get(1)?.value).toBe('a');
    expect(p.clear().map((e) => e.value)).toEqual(['a', 'c']);
    expect(p.size).toBe(0);
  });

  it('works with the allocator to skip outstanding IDs', () => {
    const p = new PendingRequests<null>();
    p.register(1, CommandField.C_ECHO_RQ, null);
    const a = new MessageIdAllocator({ isInUse: (id) => p.has(id) });
    expect(a.next()).toBe(2);
  });
});
