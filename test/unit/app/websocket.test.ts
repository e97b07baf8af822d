/** RFC 6455 framing and the server connection, including hostile frames. */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { acceptKey, acceptWebSocket, CloseCode, encodeFrame, FrameParser, Opcode, WebSocketProtocolError, type WebSocketConnection } from '../../../core/app/websocket.js';

const MASK = Uint8Array.from([0x37, 0xfa, 0x21, 0x3d]);

function parseError(bytes: Buffer, o = { maxFrameBytes: 1024, requireMask: true }): WebSocketProtocolError {
  try {
    new FrameParser(o).push(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(WebSocketProtocolError);
    return err as WebSocketProtocolError;
  }
  throw new Error('no error');
}

describe('frame codec', () => {
  it('computes the accept key of RFC 6455 section 1.3', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('encodes and parses masked frames of every length form, split at any byte', () => {
    for (const len of [0, 5, 125, 126, 65535, 65536]) {
      const payload = randomBytes(len);
      const wire = encodeFrame(Opcode.Binary, payload, { mask: MASK });
      // RFC 6455 5.7: "Hello" masked with 37 fa 21 3d is 7f 9f 4d 51 58.
      if (len === 5) expect([...encodeFrame(Opcode.Text, Buffer.from('Hello'), { mask: MASK })]).toEqual([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
      const parser = new FrameParser({ maxFrameBytes: 1 << 20, requireMask: true });
      const frames = [];
      for (let i = 0; i < wire.length; i += 7) frames.push(...parser.push(wire.subarray(i, i + 7)));
      expect(frames.length).toBe(1);
      expect(frames[0]?.opcode).toBe(Opcode.Binary);
      expect(Buffer.compare(frames[0]?.payload ?? Buffer.alloc(0), payload)).toBe(0);
    }
  });

  it('refuses an unmasked client frame', () => {
    expect(parseError(encodeFrame(Opcode.Text, Buffer.from('hi'))).closeCode).toBe(CloseCode.ProtocolError);
  });

  it('refuses an oversized declared length before the payload arrives', () => {
    // 64-bit length of 2^40 with only the header sent: refused at once, nothing buffered.
    const head = Buffer.alloc(14);
    head[0] = 0x82; head[1] = 0x80 | 127;
    head.writeBigUInt64BE(1n << 40n, 2);
    expect(parseError(head).closeCode).toBe(CloseCode.MessageTooBig);
    head.writeBigUInt64BE(1n << 63n, 2); // most significant bit set: not even a valid length
    expect(parseError(head).closeCode).toBe(CloseCode.ProtocolError);
    const mid = encodeFrame(Opcode.Text, Buffer.alloc(2000), { mask: MASK }).subarray(0, 8);
    expect(parseError(mid).closeCode).toBe(CloseCode.MessageTooBig);
  });

  it('refuses RSV bits, reserved opcodes and bad control frames', () => {
    expect(parseError(encodeFrame(Opcode.Text, Buffer.from('x'), { mask: MASK, rsv: 4 })).message).toMatch(/RSV/);
    expect(parseError(encodeFrame(0x3, Buffer.from('x'), { mask: MASK })).message).toMatch(/reserved opcode/);
    expect(parseError(encodeFrame(Opcode.Ping, Buffer.alloc(126), { mask: MASK })).message).toMatch(/control frame/);
    expect(parseError(encodeFrame(Opcode.Ping, Buffer.alloc(1), { mask: MASK, fin: false })).message).toMatch(/control frame/);
  });
});

describe('server connection', () => {
  let server: Server;
  let socket: Socket;
  afterEach(async () => {
    socket?.destroy();
    await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  });

  /** A server echoing text messages back in upper case; a raw client socket after the handshake. */
  async function open(maxMessageBytes = 1024): Promise<{ received: () => Buffer; closed: Promise<number>; conn: Promise<WebSocketConnection> }> {
    let resolveConn!: (c: WebSocketConnection) => void;
    const conn = new Promise<WebSocketConnection>((r) => { resolveConn = r; });
    let closedWith!: (code: number) => void;
    const closed = new Promise<number>((r) => { closedWith = r; });
    server = createServer();
    server.on('upgrade', (req, s, head) => {
      const c = acceptWebSocket(req, s, head, { maxMessageBytes, heartbeatMs: 0 });
      if (!c) return;
      c.onText = (t) => c.sendText(t.toUpperCase());
      c.onClose = (code) => closedWith(code);
      resolveConn(c);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    socket = connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => { buf = Buffer.concat([buf, d]); });
    const key = randomBytes(16).toString('base64');
    socket.write(`GET /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await expect.poll(() => buf.includes('\r\n\r\n')).toBe(true);
    const head = buf.subarray(0, buf.indexOf('\r\n\r\n')).toString();
    expect(head).toMatch(/^HTTP\/1.1 101/);
    expect(head).toContain(`Sec-WebSocket-Accept: ${acceptKey(key)}`);
    const start = buf.indexOf('\r\n\r\n') + 4;
    return { received: () => buf.subarray(start), closed, conn };
  }

  it('answers text (also fragmented), pings with pongs, and closes with the status echoed', async () => {
    const ws = await open();
    socket.write(encodeFrame(Opcode.Text, Buffer.from('hello'), { mask: MASK }));
    await expect.poll(() => ws.received().length).toBe(7);
    expect([...ws.received()]).toEqual([0x81, 5, ...Buffer.from('HELLO')]);
    socket.write(Buffer.concat([
      encodeFrame(Opcode.Text, Buffer.from('ab'), { mask: MASK, fin: false }),
      encodeFrame(Opcode.Ping, Buffer.from('p'), { mask: MASK }),
      encodeFrame(Opcode.Continuation, Buffer.from('c'), { mask: MASK }),
    ]));
    await expect.poll(() => ws.received().length).toBe(7 + 3 + 5);
    expect([...ws.received().subarray(7)]).toEqual([0x8a, 1, 0x70, 0x81, 3, ...Buffer.from('ABC')]);
    const status = Buffer.alloc(2); status.writeUInt16BE(1000, 0);
    socket.write(encodeFrame(Opcode.Close, status, { mask: MASK }));
    expect(await ws.closed).toBe(1000);
    await expect.poll(() => ws.received().length).toBe(15 + 4);
    expect([...ws.received().subarray(15)]).toEqual([0x88, 2, 0x03, 0xe8]);
  });

  it('closes with 1002 on an unmasked frame and with 1009 on an oversized message', async () => {
    const ws = await open(16);
    socket.write(encodeFrame(Opcode.Text, Buffer.from('hi')));
    await expect.poll(() => ws.received().length).toBeGreaterThanOrEqual(4);
    expect(ws.received()[0]).toBe(0x88);
    expect(ws.received().readUInt16BE(2)).toBe(CloseCode.ProtocolError);
    socket.destroy();
    await ws.closed;
    await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });

    const ws2 = await open(16);
    // Two fragments of 10 bytes each: 20 > 16 after reassembly.
    socket.write(encodeFrame(Opcode.Text, Buffer.alloc(10, 0x61), { mask: MASK, fin: false }));
    socket.write(encodeFrame(Opcode.Continuation, Buffer.alloc(10, 0x61), { mask: MASK }));
    await expect.poll(() => ws2.received().length).toBeGreaterThanOrEqual(4);
    expect(ws2.received().readUInt16BE(2)).toBe(CloseCode.MessageTooBig);
  });

  it('closes with 1007 on invalid UTF-8 text and refuses binary messages with 1003', async () => {
    const ws = await open();
    socket.write(encodeFrame(Opcode.Text, Buffer.from([0xc3, 0x28]), { mask: MASK }));
    await expect.poll(() => ws.received().length).toBeGreaterThanOrEqual(4);
    expect(ws.received().readUInt16BE(2)).toBe(CloseCode.InvalidPayload);
    socket.destroy();
    await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });

    const ws2 = await open();
    socket.write(encodeFrame(Opcode.Binary, Buffer.from([1, 2]), { mask: MASK }));
    await expect.poll(() => ws2.received().length).toBeGreaterThanOrEqual(4);
    expect(ws2.received().readUInt16BE(2)).toBe(CloseCode.UnsupportedData);
  });
});
