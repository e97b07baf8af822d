/**
 * An in-memory Transport for renderer tests: each channel answers from a handler (or fails
 * with UNKNOWN_CHANNEL), calls are recorded, and events can be pushed as the facade would.
 */
/// <reference lib="dom" />
import { ApiClient, setApi } from '../../../renderer/src/api/index.js';
import type { Transport } from '../../../renderer/src/api/index.js';
import type { ApiResult, Channel, RequestOf, ResponseOf, WorkstationEvent } from '../../../core/app/contract-types.js';

export type Handlers = { [C in Channel]?: (req: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

export interface FakeApi {
  client: ApiClient;
  calls: Array<{ channel: Channel; payload: unknown }>;
  handlers: Handlers;
  emit(e: WorkstationEvent): void;
  callsTo(channel: Channel): unknown[];
}

export function installFakeApi(handlers: Handlers = {}): FakeApi {
  const listeners = new Set<(e: WorkstationEvent) => void>();
  const calls: FakeApi['calls'] = [];
  const transport: Transport = {
    kind: 'websocket',
    async call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
      calls.push({ channel, payload });
      const h = handlers[channel] as ((req: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>) | undefined;
      if (!h) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `no fake for ${channel}` } };
      try {
        return { ok: true, result: await h(payload) };
      } catch (e) {
        return { ok: false, error: { code: 'FAILED', message: (e as Error).message } };
      }
    },
    onEvent(l) { listeners.add(l); return () => { listeners.delete(l); }; },
  };
  const client = new ApiClient(transport);
  setApi(client);
  return {
    client, calls, handlers,
    emit: (e) => { for (const l of [...listeners]) l(e); },
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.payload),
  };
}
