/**
 * renderer/src/api: the one way the UI reaches the Workstation facade.
 *   import { api } from '@/api' (or '../api/index.js'); await api().call('studies:list', {});
 * The transport is chosen at start-up: the Electron preload bridge when present,
 * otherwise the browser host's WebSocket (token from the page URL).
 */
import { ApiClient } from './client.js';
import { electronBridge, electronTransport } from './electron-transport.js';
import type { Transport } from './transport.js';
import { webSocketTransport, webSocketUrlFromLocation } from './websocket-transport.js';

export { ApiClient } from './client.js';
export { ApiError } from './api-error.js';
export { bridgeName, electronTransport } from './electron-transport.js';
export { webSocketTransport, webSocketUrlFromLocation } from './websocket-transport.js';
export type { Transport } from './transport.js';
export type * from './types.js';

/** Picks the transport for this window: Electron bridge, else WebSocket to the page's host. */
export function selectTransport(): Transport {
  const bridge = electronBridge();
  if (bridge) return electronTransport(bridge);
  const url = webSocketUrlFromLocation();
  if (!url) throw new Error('No access token in the page address: open the URL that `filmstation serve` printed.');
  return webSocketTransport({ url });
}

let client: ApiClient | undefined;

/** The client of this window (created on first use). Tests may install their own with setApi(). */
export function api(): ApiClient {
  client ??= new ApiClient(selectTransport());
  return client;
}

export function setApi(c: ApiClient | undefined): void {
  client = c;
}
