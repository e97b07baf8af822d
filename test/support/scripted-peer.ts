/**
 * A byte-level test peer: a TCP listener (or client) whose behaviour is a script, for the
 * protocol edge cases no well-behaved peer produces (malformed PDUs, silence, aborts at odd
 * moments, release collisions). It records every byte it receives.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { PduFramer } from '../../core/network/pdu/framer.js';
import { decodePdu } from '../../core/network/pdu/decode.js';
import { type Pdu } from '../../core/network/pdu/types.js';

const limits = { maxAssociatePduLength: 1 << 20, maxPDataPduLength: 1 << 20 };

export interface PeerConnection {
  socket: Socket;
  /** Resolves with the next complete PDU from the other side (bounded wait). */
  nextPdu(timeoutMs?: number): Promise<Pdu>;
  send(bytes: Uint8Array): void;
  /** Resolves when the other side closes the connection; with its time. */
  closed: Promise<number>;
  received: Pdu[];
}

function wrap(socket: Socket): PeerConnection {
  const framer = new PduFramer(limits);
  const queue: Pdu[] = [];
  const received: Pdu[] = [];
  let waiter: ((p: Pdu) => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    for (const raw of framer.push(chunk)) {
      const pdu = decodePdu(raw.bytes, limits);
      received.push(pdu);
      if (waiter) { const w = waiter; waiter = undefined; w(pdu); } else queue.push(pdu);
    }
  });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return {
    socket,
    received,
    closed,
    send: (bytes) => { socket.write(bytes); },
    nextPdu: (timeoutMs = 5_000) => {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise<Pdu>((resolve, reject) => {
        const t = setTimeout(() => { waiter = undefined; reject(new Error(`no PDU within ${timeoutMs} ms`)); }, timeoutMs);
        waiter = (p) => { clearTimeout(t); resolve(p); };
      });
    },
  };
}

export interface ScriptedServer {
  port: number;
  /** Resolves with the next incoming connection. */
  nextConnection(timeoutMs?: number): Promise<PeerConnection>;
  close(): Promise<void>;
}

export async function scriptedServer(): Promise<ScriptedServer> {
  const pending: PeerConnection[] = [];
  let waiter: ((c: PeerConnection) => void) | undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const conn = wrap(socket);
    if (waiter) { const w = waiter; waiter = undefined; w(conn); } else pending.push(conn);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    nextConnection: (timeoutMs = 5_000) => {
      const c = pending.shift();
      if (c) return Promise.resolve(c);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no connection')), timeoutMs);
        waiter = (conn) => { clearTimeout(t); resolve(conn); };
      });
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Connects to a server as a raw client. */
export function scriptedClient(port: number): Promise<PeerConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(wrap(socket)));
    socket.once('error', reject);
  });
}
