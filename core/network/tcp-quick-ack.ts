/**
 * Prompt TCP acknowledgements on Linux (TCP_QUICKACK, tcp(7)).
 *
 * Why: DCMTK's network layer as shipped (dcmprscp, and imagers built on it) leaves Nagle's
 * algorithm on and writes every PDU in two pieces: the 12-byte PDU + PDV header, then the
 * PDV. Nagle holds the second piece until the first is acknowledged, and in a request/
 * response exchange Linux delays that ACK (the "pingpong" heuristic, 40 ms minimum). Every
 * response then arrives about 40 ms late, whoever the sender is: 6-10 round trips per film
 * make most of DCMTK's ~1 s per film. Setting TCP_QUICKACK after a read sends the ACK
 * that is pending at once and leaves pingpong mode, so the second piece follows at once.
 *
 * The association calls it after a read only when the peer may be waiting for that ACK: a
 * PDU is incomplete (its rest may be held by Nagle), or a request of ours still expects
 * responses (a C-FIND/C-MOVE stream, whose next PDU Nagle holds while the last is
 * unacknowledged). After the final response the ACK rides on our next request, as TCP
 * intends: a forced one there is an extra packet per message (~0.1 ms of the sender's CPU
 * per C-STORE here, measured with bench/storage). Accepted associations use it too: a
 * modality on DCMTK's stack sends each C-STORE's PDUs in two pieces the same way (storescu
 * as shipped into our Storage SCP, 200 CT: 1.00-1.04 s without, 0.62-0.83 s with).
 *
 * Node has no setsockopt, so this calls libc through koffi (core/platform/libc.ts).
 * Linux only: Windows and macOS have no per-socket switch reachable this way; there the
 * cure is on the imager (TCP_NODELAY). Any failure (no koffi, no fd) leaves the socket as
 * it is: this is a latency measure, never a reason to fail an association.
 */
import type { Socket } from 'node:net';
import type { DimseTrace } from './dimse-trace.js';
import { setsockopt, socketFd } from '../platform/libc.js';

const IPPROTO_TCP = 6;
const TCP_QUICKACK = 12;
const ONE = new Int32Array([1]);

/**
 * A function that acknowledges at once what this socket has received, for the association
 * to call after reads (see above); undefined off Linux or when the FFI is unavailable.
 */
export function quickAckFor(socket: Socket): (() => void) | undefined {
  const call = setsockopt();
  const fd = socketFd(socket);
  if (!call || fd === undefined) return undefined;
  // Linux re-enters delayed-ACK mode on its own after a while (tcp(7): "not permanent"),
  // so the switch is set again after each read that needs it, which is when an ACK is pending.
  const quickAck = (): void => {
    try { call(fd, IPPROTO_TCP, TCP_QUICKACK, ONE, 4); } catch { /* a closed fd: nothing to acknowledge */ }
  };
  quickAck();
  return quickAck;
}

/** quickAckFor when the configuration asks for it, said once in the association's trace. */
export function configuredQuickAck(socket: Socket, enabled: boolean, trace: DimseTrace): (() => void) | undefined {
  const quickAck = enabled ? quickAckFor(socket) : undefined;
  if (quickAck) trace.add('transport', 'TCP_QUICKACK on: reads the peer may wait on are acknowledged at once');
  return quickAck;
}
