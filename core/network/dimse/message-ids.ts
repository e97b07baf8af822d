/**
 * Message ID bookkeeping (PS3.7 section 9.1.1.1.1 / E.1-1: Message ID (0000,0110) is a US that
 * distinguishes a request from the others outstanding on the association; the response names it
 * in Message ID Being Responded To (0000,0120)).
 *
 * Small and synchronous on purpose: the association adds timeouts around it.
 */
import { DimseProtocolError } from '../errors.js';
import { CommandField, type CommandSet } from './command-set.js';
import { isPending } from './status.js';

const MAX_ID = 0xffff;

/** Hands out Message IDs 1..65535, wrapping, never one that is still outstanding. */
export class MessageIdAllocator {
  private nextId: number;
  private readonly inUse = new Set<number>();
  private readonly isInUse: ((id: number) => boolean) | undefined;

  /**
   * @param options.first   first ID to try (default 1)
   * @param options.isInUse extra test for IDs outstanding elsewhere (e.g. `pending.has.bind(pending)`)
   */
  constructor(options: { first?: number; isInUse?: (id: number) => boolean } = {}) {
    const first = options.first ?? 1;
    if (!Number.isInteger(first) || first < 1 || first > MAX_ID) {
      throw new DimseProtocolError('INVALID_MESSAGE_ID', `First message ID ${String(first)} is outside 1..65535`);
    }
    this.nextId = first;
    this.isInUse = options.isInUse;
  }

  /** Allocate the next free ID and mark it outstanding until `release`. */
  next(): number {
    for (let tries = 0; tries < MAX_ID; tries++) {
      const id = this.nextId;
      this.nextId = id === MAX_ID ? 1 : id + 1;
      if (!this.inUse.has(id) && !(this.isInUse?.(id) ?? false)) {
        this.inUse.add(id);
        return id;
      }
    }
    throw new DimseProtocolError('MESSAGE_IDS_EXHAUSTED', 'All 65535 message IDs are outstanding');
  }

  release(id: number): void {
    this.inUse.delete(id);
  }

  get outstanding(): number {
    return this.inUse.size;
  }
}

/** Requests that may answer with pending statuses (PS3.7 9.1.2-9.1.4). */
const MAY_PEND = new Set<number>([CommandField.C_FIND_RQ, CommandField.C_GET_RQ, CommandField.C_MOVE_RQ]);

export interface PendingEntry<T> {
  messageId: number;
  /** Command Field of the request. */
  commandField: number;
  value: T;
}

export interface ResolvedResponse<T> extends PendingEntry<T> {
  /** False for a pending response (0xFF00/0xFF01): the entry stays open for more responses. */
  final: boolean;
}

/** Outstanding requests keyed by Message ID; matches responses to them. */
export class PendingRequests<T> {
  private readonly entries = new Map<number, PendingEntry<T>>();

  /** Record a sent request. A second request with an outstanding ID is an error (PS3.7 0x0210 duplicate invocation). */
  register(messageId: number, commandField: number, value: T): void {
    if (!Number.isInteger(messageId) || messageId < 0 || messageId > MAX_ID) {
      throw new DimseProtocolError('INVALID_MESSAGE_ID', `Message ID ${String(messageId)} is not a US value`);
    }
    if ((commandField & 0x8000) !== 0 || commandField === CommandField.C_CANCEL_RQ) {
      throw new DimseProtocolError('NOT_A_REQUEST', `Command Field 0x${commandField.toString(16)} expects no response`);
    }
    if (this.entries.has(messageId)) {
      throw new DimseProtocolError('DUPLICATE_MESSAGE_ID', `Message ID ${messageId} is already outstanding`);
    }
    this.entries.set(messageId, { messageId, commandField, value });
  }

  /**
   * Match a received response. An unknown Message ID Being Responded To, a response of the wrong
   * kind, or a pending status where none is allowed is a DimseProtocolError (never a silent drop).
   * A final response removes the entry; a pending one (C-FIND/C-GET/C-MOVE) keeps it.
   */
  resolve(response: CommandSet): ResolvedResponse<T> {
    if ((response.commandField & 0x8000) === 0) {
      throw new DimseProtocolError('NOT_A_RESPONSE', `Command Field 0x${response.commandField.toString(16)} is not a response`);
    }
    const id = response.messageIdBeingRespondedTo;
    if (id === undefined) {
      throw new DimseProtocolError('MISSING_MESSAGE_ID', 'Response without Message ID Being Responded To (0000,0120)');
    }
    const entry = this.entries.get(id);
    if (entry === undefined) {
      throw new DimseProtocolError('UNKNOWN_MESSAGE_ID', `Response to message ID ${id}, which is not outstanding`);
    }
    if (response.commandField !== ((entry.commandField | 0x8000) >>> 0)) {
      throw new DimseProtocolError('RESPONSE_MISMATCH',
        `Response 0x${response.commandField.toString(16)} to message ID ${id} does not answer request 0x${entry.commandField.toString(16)}`);
    }
    const pending = response.status !== undefined && isPending(response.status);
    if (pending && !MAY_PEND.has(entry.commandField)) {
      throw new DimseProtocolError('UNEXPECTED_PENDING',
        `Pending status 0x${(response.status ?? 0).toString(16)} for message ID ${id}: only C-FIND/C-GET/C-MOVE may pend`);
    }
    if (!pending) this.entries.delete(id);
    return { ...entry, final: !pending };
  }

  has(messageId: number): boolean {
    return this.entries.has(messageId);
  }

  get(messageId: number): PendingEntry<T> | undefined {
    return this.entries.get(messageId);
  }

  /** Forget one request (e.g. its timeout fired). Returns the entry it removed. */
  delete(messageId: number): PendingEntry<T> | undefined {
    const e = this.entries.get(messageId);
    this.entries.delete(messageId);
    return e;
  }

  /** Remove and return every outstanding request (association aborted or released). */
  clear(): PendingEntry<T>[] {
    const all = [...this.entries.values()];
    this.entries.clear();
    return all;
  }

  get size(): number {
    return this.entries.size;
  }
}
