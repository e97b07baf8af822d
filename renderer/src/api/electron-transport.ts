/**
 * Transport over the Electron preload bridge (window.filmstation): one function per
 * channel, named 'studies:list' -> studiesList (BridgeName in the contract).
 */
import type { Transport } from './transport.js';
import type { ApiResult, Channel, FilmstationBridge, RequestOf, ResponseOf } from './types.js';

export function bridgeName(channel: string): string {
  const i = channel.indexOf(':');
  if (i < 0) return channel;
  const verb = channel.slice(i + 1);
  return `${channel.slice(0, i)}${verb.charAt(0).toUpperCase()}${verb.slice(1)}`;
}

declare global {
  interface Window { filmstation?: FilmstationBridge }
}

export function electronBridge(w: { filmstation?: FilmstationBridge } = window): FilmstationBridge | undefined {
  return w.filmstation;
}

export function electronTransport(bridge: FilmstationBridge): Transport {
  const table = bridge as unknown as Record<string, ((payload: unknown) => Promise<ApiResult<unknown>>) | undefined>;
  return {
    kind: 'electron',
    async call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
      const fn = table[bridgeName(channel)];
      if (typeof fn !== 'function') return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `The desktop app does not offer ${channel}` } };
      return (await fn(payload)) as ApiResult<ResponseOf<C>>;
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
