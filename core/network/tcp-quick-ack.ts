/**
 * Prompt TCP acknowledgements on Linux (TCP_QUICKACK, tcp(7)).
 *
 * Why: DCMTK's network layer as shipped (dcmprscp, and imagers built on it) leaves Nagle's
 * algorithm on and writes every PDU in two pieces: the 12-byte PDU + PDV header, then the
 * PDV. Nagle holds the second piece until the first is acknowledged, and in a request/
 * response exchange Linux delays that ACK (the "pingpong" heuristic, 40 ms minimum). Every
 * response then arrives about 40 ms late, whoever the sender is: 6-10 round trips per film
 * make most of DCMTK's ~1 s per film. Setting TCP_QUICKACK after each read sends the ACK
 * that is pending at once and leaves pingpong mode, so the second piece follows at once.
 *
 * Node has no setsockopt, so this calls libc through koffi (core/platform/libc.ts).
 * Linux only: Windows and macOS have no per-socket switch reachable this way; there the
 * cure is on the imager (TCP_NODELAY). Any failure (no koffi, no fd) leaves the socket as
 * it is: this is a latency measure, never a reason to fail an association.
 */
import type { Socket } from 'node:net';
import { setsockopt } from '../platform/libc.js';

const IPPROTO_TCP = 6;
const TCP_QUICKACK = 12;
const ONE = new Int32Array([1]);

/** The socket's file descriptor, when libuv exposes one (TCP on Unix). */
function socketFd(socket: Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/**
 * Acknowledge every read at once on this socket. Returns whether it is in effect
 * (false off Linux or when the FFI is unavailable).
 */
export function enableQuickAck(socket: Socket): boolean {
  const call = setsockopt();
  const fd = socketFd(socket);
  if (!call || fd === undefined) return false;
  // Linux re-enters delayed-ACK mode on its own after a while (tcp(7): "not permanent"),
  // so the switch is set again after each read, which is when an ACK may be pending.
  const quickAck = (): void => {
    try { call(fd, IPPROTO_TCP, TCP_QUICKACK, ONE, 4); } catch { /* a closed fd: nothing to acknowledge */ }
  };
  quickAck();
  socket.on('data', quickAck);
  return true;
}
