/**
 * The one API client of the renderer. `call` resolves with the channel's response or
 * throws ApiError (code + plain-language message); `on` subscribes to the Workstation's
 * event stream. Typed by the contract (core/app/contract-types.ts, type-only).
 */
import { ApiError } from './api-error.js';
import type { Transport } from './transport.js';
import type { Channel, RequestOf, ResponseOf, WorkstationEvent, WorkstationEventType } from './types.js';

type EventOf<T extends WorkstationEventType> = Extract<WorkstationEvent, { type: T }>;

export class ApiClient {
  constructor(readonly transport: Transport) {}

  get kind(): Transport['kind'] { return this.transport.kind; }

  async call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    const r = await this.transport.call(channel, payload);
    if (!r.ok) throw new ApiError(r.error);
    return r.result;
  }

  /** Every event; returns the function that unsubscribes. */
  on(listener: (event: WorkstationEvent) => void): () => void {
    return this.transport.onEvent(listener);
  }

  /** Events of one type. */
  onType<T extends WorkstationEventType>(type: T, listener: (event: EventOf<T>) => void): () => void {
    return this.transport.onEvent((e) => { if (e.type === type) listener(e as EventOf<T>); });
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    return this.transport.onConnection?.(listener) ?? (() => undefined);
  }
}
