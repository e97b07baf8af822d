/**
 * Transport over the browser host's WebSocket: ws(s)://<host>/api?token=<token>, JSON
 * text frames. Requests carry an id; the answer carries it back. Events arrive as
 * { event }. The connection is re-opened after a drop (with backoff); calls made while
 * disconnected wait for the connection (up to the call timeout).
 */
import type { Transport } from './transport.js';
import type { ApiResult, Channel, RequestOf, ResponseOf, ServerMessage, WorkstationEvent } from './types.js';

export interface WebSocketTransportOptions {
  /** Full URL of the API socket, e.g. ws://127.0.0.1:8080/api?token=abc. */
  url: string;
  /** Per call, ms (default 10 minutes: imports and retrieves are long; the server answers when done). */
  callTimeoutMs?: number;
  /** Constructor to use (tests); default the global WebSocket. */
  WebSocketImpl?: typeof WebSocket;
}

/** The API URL for the page the browser host served: same host, token from ?token= or #token=. */
export function webSocketUrlFromLocation(loc: Pick<Location, 'protocol' | 'host' | 'search' | 'hash'> = location): string | undefined {
  const token = new URLSearchParams(loc.search).get('token') ?? new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  if (!token) return undefined;
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/api?token=${encodeURIComponent(token)}`;
}

interface Pending {
  resolve: (r: ApiResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

export function webSocketTransport(o: WebSocketTransportOptions): Transport {
  const Impl = o.WebSocketImpl ?? WebSocket;
  const timeoutMs = o.callTimeoutMs ?? 600_000;
  const listeners = new Set<(e: WorkstationEvent) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let open = false;
  let closed = false;
  let retryMs = 250;

  const setOpen = (v: boolean): void => {
    if (open === v) return;
    open = v;
    for (const l of [...connectionListeners]) l(v);
  };

  const connect = (): void => {
    if (closed) return;
    const ws = new Impl(o.url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setOpen(true);
      for (const text of queue.splice(0)) ws.send(text);
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== 'string') return;
      let msg: ServerMessage;
      try { msg = JSON.parse(ev.data) as ServerMessage; } catch { return; }
      if ('event' in msg) {
        for (const l of [...listeners]) {
          try { l(msg.event); } catch (err) { console.error('event listener failed', err); }
        }
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      p.resolve(msg.ok ? { ok: true, result: msg.result } : { ok: false, error: msg.error });
    };
    ws.onclose = () => {
      setOpen(false);
      socket = undefined;
      // Calls in flight on this connection get no answer any more.
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.resolve({ ok: false, error: { code: 'FAILED', message: 'The connection to the workstation was lost' } });
        pending.delete(id);
      }
      if (!closed) {
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 5_000);
      }
    };
    ws.onerror = () => { /* onclose follows */ };
  };
  connect();

  return {
    kind: 'websocket',
    call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
      return new Promise((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'FAILED', message: `No answer to ${channel} within ${Math.round(timeoutMs / 1000)} s` } });
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (r: ApiResult<unknown>) => void, timer });
        const text = JSON.stringify({ id, channel, payload });
        if (socket && open) socket.send(text); else queue.push(text);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => { connectionListeners.delete(listener); };
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
