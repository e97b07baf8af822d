/**
 * A minimal WebSocket server side (RFC 6455) for the browser host: the opening handshake
 * (section 4.2), text and binary messages with fragmentation (5.4), masking (5.3: every
 * client frame MUST be masked, server frames are not), ping/pong (5.5.2-3), the closing
 * handshake (5.5.1, 7) and status codes (7.4.1). No extensions are negotiated, so the RSV
 * bits must be 0 (5.2).
 *
 * Hostile input is bounded: the declared payload length is checked against the message
 * limit BEFORE anything is buffered (a 2^63-byte frame costs nothing), control frames are
 * at most 125 bytes (5.5), text must be valid UTF-8 (8.1). Protocol errors close the
 * connection with the status code the RFC names.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** RFC 6455 section 1.3: appended to Sec-WebSocket-Key before hashing. */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const Opcode = { Continuation: 0x0, Text: 0x1, Binary: 0x2, Close: 0x8, Ping: 0x9, Pong: 0xa } as const;

/** Close status codes (RFC 6455 section 7.4.1). */
export const CloseCode = {
  Normal: 1000, GoingAway: 1001, ProtocolError: 1002, UnsupportedData: 1003, NoStatus: 1005, Abnormal: 1006,
  InvalidPayload: 1007, PolicyViolation: 1008, MessageTooBig: 1009, InternalError: 1011,
} as const;

export function acceptKey(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}

/** One frame for the wire. Server frames are unmasked; `mask` is for clients (tests). */
export function encodeFrame(opcode: number, payload: Uint8Array, o: { fin?: boolean; mask?: Uint8Array; rsv?: number } = {}): Buffer {
  const len = payload.length;
  const maskLen = o.mask ? 4 : 0;
  const extLen = len < 126 ? 0 : len < 0x10000 ? 2 : 8;
  const out = Buffer.alloc(2 + extLen + maskLen + len);
  out[0] = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | (opcode & 0x0f);
  out[1] = (o.mask ? 0x80 : 0) | (extLen === 0 ? len : extLen === 2 ? 126 : 127);
  if (extLen === 2) out.writeUInt16BE(len, 2);
  else if (extLen === 8) out.writeBigUInt64BE(BigInt(len), 2);
  let off = 2 + extLen;
  if (o.mask) {
    out.set(o.mask.subarray(0, 4), off);
    off += 4;
    for (let i = 0; i < len; i++) out[off + i] = (payload[i] as number) ^ (o.mask[i & 3] as number);
  } else {
    out.set(payload, off);
  }
  return out;
}

export interface ParsedFrame { fin: boolean; opcode: number; payload: Buffer }

export class WebSocketProtocolError extends Error {
  constructor(readonly closeCode: number, message: string) { super(message); }
}

/**
 * Incremental frame parser: push bytes, get whole frames. Checks the header of each frame
 * (masking, RSV, opcode, control frame rules, length limit) as soon as it is complete.
 */
export class FrameParser {
  private buffered: Buffer[] = [];
  private size = 0;

  constructor(private readonly o: { maxFrameBytes: number; requireMask: boolean }) {}

  push(chunk: Buffer): ParsedFrame[] {
    this.buffered.push(chunk);
    this.size += chunk.length;
    const frames: ParsedFrame[] = [];
    for (;;) {
      const f = this.next();
      if (!f) break;
      frames.push(f);
    }
    return frames;
  }

  private peek(n: number): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered)];
    return (this.buffered[0] ?? Buffer.alloc(0)).subarray(0, n);
  }

  private next(): ParsedFrame | undefined {
    if (this.size < 2) return undefined;
    const head = this.peek(14);
    const b0 = head[0] as number;
    const b1 = head[1] as number;
    const fin = (b0 & 0x80) !== 0;
    const rsv = (b0 >> 4) & 0x07;
    const opcode = b0 & 0x0f;
    const masked = (b1 & 0x80) !== 0;
    const len7 = b1 & 0x7f;
    if (rsv !== 0) throw new WebSocketProtocolError(CloseCode.ProtocolError, 'RSV bits set without a negotiated extension (RFC 6455 5.2)');
    if (![0, 1, 2, 8, 9, 10].includes(opcode)) throw new WebSocketProtocolError(CloseCode.ProtocolError, `reserved opcode 0x${opcode.toString(16)} (RFC 6455 5.2)`);
    if (this.o.requireMask && !masked) throw new WebSocketProtocolError(CloseCode.ProtocolError, 'unmasked client frame (RFC 6455 5.1)');
    const control = opcode >= 0x8;
    if (control && (!fin || len7 > 125)) throw new WebSocketProtocolError(CloseCode.ProtocolError, 'control frame fragmented or longer than 125 bytes (RFC 6455 5.5)');
    let headerLen = 2;
    let length: number;
    if (len7 === 126) {
      if (head.length < 4) return undefined;
      length = head.readUInt16BE(2);
      headerLen = 4;
    } else if (len7 === 127) {
      if (head.length < 10) return undefined;
      const big = head.readBigUInt64BE(2);
      // The most significant bit MUST be 0 (RFC 6455 5.2); anything above our limit is refused unread.
      if (big > BigInt(this.o.maxFrameBytes)) {
        throw new WebSocketProtocolError(big >> 63n ? CloseCode.ProtocolError : CloseCode.MessageTooBig, `frame of ${big} bytes exceeds the limit of ${this.o.maxFrameBytes}`);
      }
      length = Number(big);
      headerLen = 10;
    } else {
      length = len7;
    }
    if (length > this.o.maxFrameBytes) throw new WebSocketProtocolError(CloseCode.MessageTooBig, `frame of ${length} bytes exceeds the limit of ${this.o.maxFrameBytes}`);
    const maskLen = masked ? 4 : 0;
    const total = headerLen + maskLen + length;
    if (this.size < total) return undefined;
    const all = this.peek(this.size);
    const mask = masked ? all.subarray(headerLen, headerLen + 4) : undefined;
    const payload = Buffer.from(all.subarray(headerLen + maskLen, total));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i & 3] as number);
    const rest = all.subarray(total);
    this.buffered = rest.length ? [rest] : [];
    this.size = rest.length;
    return { fin, opcode, payload };
  }
}

export interface WebSocketOptions {
  /** Largest message (after reassembly of fragments), bytes. */
  maxMessageBytes: number;
  /** Ping this often; close when no pong came back by the next ping (ms, 0 = never). */
  heartbeatMs: number;
}

/** One accepted WebSocket connection (server side). */
export class WebSocketConnection {
  private readonly parser: FrameParser;
  private fragments: Buffer[] = [];
  private fragmentsSize = 0;
  private fragmentOpcode = 0;
  private closing = false;
  private closed = false;
  private alive = true;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  onText: (text: string) => void = () => undefined;
  onClose: (code: number, reason: string) => void = () => undefined;

  constructor(private readonly socket: Duplex, private readonly o: WebSocketOptions) {
    this.parser = new FrameParser({ maxFrameBytes: o.maxMessageBytes, requireMask: true });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.finish(CloseCode.Abnormal, 'connection closed'));
    socket.on('error', () => this.finish(CloseCode.Abnormal, 'socket error'));
    if (o.heartbeatMs > 0) {
      this.heartbeat = setInterval(() => {
        if (!this.alive) { this.terminate(); return; }
        this.alive = false;
        this.write(Opcode.Ping, Buffer.alloc(0));
      }, o.heartbeatMs);
      this.heartbeat.unref();
    }
  }

  get isOpen(): boolean { return !this.closing && !this.closed; }

  sendText(text: string): void {
    if (!this.isOpen) return;
    this.write(Opcode.Text, Buffer.from(text, 'utf8'));
  }

  /** Starts the closing handshake (RFC 6455 7.1.2); the socket ends when the peer answers or after 2 s. */
  close(code: number = CloseCode.Normal, reason = ''): void {
    if (this.closing || this.closed) return;
    this.closing = true;
    const r = Buffer.from(reason.slice(0, 100), 'utf8').subarray(0, 123);
    const payload = Buffer.alloc(2 + r.length);
    payload.writeUInt16BE(code, 0);
    r.copy(payload, 2);
    this.write(Opcode.Close, payload);
    setTimeout(() => this.terminate(), 2000).unref();
  }

  terminate(): void {
    this.socket.destroy();
    this.finish(CloseCode.Abnormal, 'terminated');
  }

  private write(opcode: number, payload: Uint8Array): void {
    if (this.socket.writable) this.socket.write(encodeFrame(opcode, payload));
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.fragments = [];
    this.onClose(code, reason);
  }

  private fail(code: number, message: string): void {
    this.close(code, message);
    // After a protocol error no more data is read (RFC 6455 7.1.7: fail the connection).
    this.socket.removeAllListeners('data');
    this.socket.on('data', () => undefined);
  }

  private onData(chunk: Buffer): void {
    let frames: ParsedFrame[];
    try {
      frames = this.parser.push(chunk);
    } catch (err) {
      const e = err as WebSocketProtocolError;
      this.fail(e.closeCode ?? CloseCode.ProtocolError, e.message);
      return;
    }
    for (const f of frames) {
      if (this.closed) return;
      try {
        this.onFrame(f);
      } catch (err) {
        const e = err as WebSocketProtocolError;
        this.fail(e.closeCode ?? CloseCode.InternalError, e.message);
        return;
      }
    }
  }

  private onFrame(f: ParsedFrame): void {
    switch (f.opcode) {
      case Opcode.Ping:
        this.write(Opcode.Pong, f.payload);
        return;
      case Opcode.Pong:
        this.alive = true;
        return;
      case Opcode.Close: {
        if (f.payload.length === 1) throw new WebSocketProtocolError(CloseCode.ProtocolError, 'close frame with a 1-byte body');
        const code = f.payload.length >= 2 ? f.payload.readUInt16BE(0) : CloseCode.NoStatus;
        if (!this.closing) {
          // Echo the status (RFC 6455 5.5.1), then end the TCP connection (7.1.1: the server closes first).
          this.closing = true;
          const echo = f.payload.length >= 2 ? f.payload.subarray(0, 2) : Buffer.alloc(0);
          this.write(Opcode.Close, echo);
        }
        this.socket.end();
        this.finish(code, f.payload.length > 2 ? f.payload.subarray(2).toString('utf8') : '');
        return;
      }
      case Opcode.Text:
      case Opcode.Binary:
        if (this.fragmentOpcode !== 0) throw new WebSocketProtocolError(CloseCode.ProtocolError, 'new message before the previous one was finished (RFC 6455 5.4)');
        this.fragmentOpcode = f.opcode;
        break;
      case Opcode.Continuation:
        if (this.fragmentOpcode === 0) throw new WebSocketProtocolError(CloseCode.ProtocolError, 'continuation frame without a message (RFC 6455 5.4)');
        break;
    }
    this.fragmentsSize += f.payload.length;
    if (this.fragmentsSize > this.o.maxMessageBytes) throw new WebSocketProtocolError(CloseCode.MessageTooBig, `message exceeds ${this.o.maxMessageBytes} bytes`);
    this.fragments.push(f.payload);
    if (!f.fin) return;
    const opcode = this.fragmentOpcode;
    const data = this.fragments.length === 1 ? this.fragments[0] as Buffer : Buffer.concat(this.fragments);
    this.fragments = [];
    this.fragmentsSize = 0;
    this.fragmentOpcode = 0;
    if (opcode === Opcode.Binary) throw new WebSocketProtocolError(CloseCode.UnsupportedData, 'binary messages are not accepted');
    let text: string;
    try { text = this.decoder.decode(data); } catch { throw new WebSocketProtocolError(CloseCode.InvalidPayload, 'text message is not valid UTF-8 (RFC 6455 8.1)'); }
    this.onText(text);
  }
}

/**
 * Completes the opening handshake (RFC 6455 4.2.2) for an HTTP upgrade request, or answers
 * 400 and returns undefined. The caller checks authorisation (token, origin) first.
 */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, o: WebSocketOptions): WebSocketConnection | undefined {
  const key = req.headers['sec-websocket-key'];
  const upgrade = req.headers.upgrade;
  const version = req.headers['sec-websocket-version'];
  const keyOk = typeof key === 'string' && /^[A-Za-z0-9+/]{22}==$/.test(key);
  if (req.method !== 'GET' || typeof upgrade !== 'string' || upgrade.toLowerCase() !== 'websocket' || !keyOk) {
    rejectUpgrade(socket, 400, 'Bad Request');
    return undefined;
  }
  if (version !== '13') {
    // RFC 6455 4.2.2 / 4.4: say which version we speak.
    socket.end('HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return undefined;
  }
  socket.write([
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${acceptKey(key)}`,
    '', '',
  ].join('\r\n'));
  const conn = new WebSocketConnection(socket, o);
  if (head.length) socket.unshift(head);
  return conn;
}

export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}
