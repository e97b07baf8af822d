/**
 * Reads a TCP socket into one buffer reused for every read (Node's `onread` option)
 * instead of 'data' events, which allocate a new Buffer per read and run it through the
 * stream machinery. Why: receiving 288 MB on loopback cost this machine 160-300 ms of CPU
 * with 'data' events and 60-90 ms with a reused 256 KiB buffer (fewer, larger reads and
 * no garbage), about 0.3 ms per 0.5 MB instance on a Storage SCP.
 *
 * A chunk handed on is a view of that buffer, valid until the handler returns: the
 * association's framer copies what outlives it (framer.ts, `transientChunks`).
 *
 * Sockets we connect take the option at creation (public API). Sockets a server accepts
 * cannot, so the accepted descriptor is duplicated (dup(2), Linux, core/platform/libc.ts)
 * into a socket created with it, and the accepted one is closed: the connection lives on in
 * the duplicate. Where dup is unavailable the accepted socket is used with 'data' events.
 */
import { closeSync } from 'node:fs';
import { Socket, type SocketConstructorOpts } from 'node:net';
import { dup, socketFd } from '../platform/libc.js';

/** Size of the reused read buffer: one read can take a whole default-sized P-DATA-TF PDU. */
export const READ_BUFFER_BYTES = 256 * 1024;

/** Takes a socket's reads (from `onread`) and hands them to whoever reads the socket. */
export class ChunkRelay {
  private handler: ((chunk: Buffer) => void) | undefined;
  /** Bytes read before a handler was attached (a peer may speak first): copies, in order. */
  private early: Buffer[] = [];

  readonly onread = {
    buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
    callback: (nread: number, buf: Uint8Array): boolean => {
      const chunk = Buffer.from(buf.buffer, buf.byteOffset, nread);
      if (this.handler) this.handler(chunk);
      else this.early.push(Buffer.from(chunk));
      return true;
    },
  };

  attach(handler: (chunk: Buffer) => void): void {
    this.handler = handler;
    for (const chunk of this.early.splice(0)) handler(chunk);
  }
}

/** A socket and, when its reads go through a reused buffer, the relay that delivers them. */
export interface ReadableSocket {
  socket: Socket;
  relay?: ChunkRelay;
}

/**
 * The accepted socket re-created over a duplicate of its descriptor, reading into a reused
 * buffer; or the socket itself (resumed, 'data' events) when that is not possible. The server
 * must accept with `pauseOnConnect`, so that nothing is read before the hand-over.
 */
export function adoptAccepted(accepted: Socket): ReadableSocket {
  const fd = socketFd(accepted);
  const dupCall = dup();
  if (dupCall && fd !== undefined) {
    const copy = dupCall(fd);
    if (copy >= 0) {
      const relay = new ChunkRelay();
      try {
        // Node's Socket constructor takes `onread` as connect() does (lib/net.js); @types/node
        // lists it for connect() only.
        const options: SocketConstructorOpts & { onread: ChunkRelay['onread'] } = { fd: copy, readable: true, writable: true, onread: relay.onread };
        const socket = new Socket(options);
        accepted.destroy();
        return { socket, relay };
      } catch {
        // Not a TCP descriptor after all: keep the accepted socket, drop the duplicate.
        try { closeSync(copy); } catch { /* ours; nothing more to do */ }
      }
    }
  }
  accepted.resume();
  return { socket: accepted };
}
