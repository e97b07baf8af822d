import type { ApiResult, Channel, RequestOf, ResponseOf, WorkstationEvent } from './types.js';

/** How calls reach the Workstation facade: Electron IPC or the browser host's WebSocket. */
export interface Transport {
  readonly kind: 'electron' | 'websocket';
  call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>>;
  /** Subscribe to the event stream; returns the function that unsubscribes. */
  onEvent(listener: (event: WorkstationEvent) => void): () => void;
  /** Connection state changes (the WebSocket may drop and reconnect). */
  onConnection?(listener: (connected: boolean) => void): () => void;
  close?(): void;
}
