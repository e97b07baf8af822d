/**
 * TCP transport (PS3.8 section 9.1.1 "TCP/IP Transport Connection"): connect with a
 * bounded wait and map socket failures to TransportError codes a person can act on.
 */
import { connect as netConnect } from 'node:net';
import { TransportError } from './errors.js';
import { ChunkRelay, type ReadableSocket } from './socket-reader.js';

export interface ConnectOptions {
  host: string;
  port: number;
  timeoutMs: number;
}

/** Connects; the socket reads into one reused buffer, delivered by the relay (socket-reader.ts). */
export function connectTransport(opts: ConnectOptions): Promise<ReadableSocket> {
  return new Promise((resolve, reject) => {
    const relay = new ChunkRelay();
    const socket = netConnect({ host: opts.host, port: opts.port, onread: relay.onread });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TransportError('CONNECT_TIMEOUT', `No TCP connection to ${opts.host}:${opts.port} within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // DICOM messages are small request/response exchanges: do not let Nagle delay them.
      socket.setNoDelay(true);
      resolve({ socket, relay });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(transportErrorFrom(err, opts.host, opts.port));
    });
  });
}

export function transportErrorFrom(err: NodeJS.ErrnoException, host: string, port: number): TransportError {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return new TransportError('CONNECT_REFUSED', `Connection refused by ${where}: nothing listens on that port (is the peer running, is the port right?)`, { cause: err });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError('HOST_UNREACHABLE', `Cannot reach ${where} (${err.code}): check the host name or address and the network`, { cause: err });
    case 'ETIMEDOUT':
      return new TransportError('CONNECT_TIMEOUT', `Connecting to ${where} timed out`, { cause: err });
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError('CONNECTION_RESET', `The connection to ${where} was reset by the peer`, { cause: err });
    default:
      return new TransportError('SOCKET_ERROR', `Network error with ${where}: ${err.message}`, { cause: err });
  }
}
