/** socket-reader.ts: reads into one reused buffer, on sockets we connect and sockets we accept. */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { adoptAccepted, ChunkRelay, READ_BUFFER_BYTES } from '../../../core/network/socket-reader.js';
import { PduFramer } from '../../../core/network/pdu/framer.js';
import { fixture, LIMITS } from './pdu/pdu-test-helpers.js';

let server: Server | undefined;
afterEach(() => { server?.close(); server = undefined; });

/** A paused server whose accepted socket goes through adoptAccepted; resolves with what it read. */
function adoptingServer(expectBytes: number): Promise<{ port: number; received: Promise<{ bytes: Buffer; relayed: boolean; remote: string | undefined; socket: Socket }> }> {
  return new Promise((resolveListen) => {
    let resolveReceived!: (v: { bytes: Buffer; relayed: boolean; remote: string | undefined; socket: Socket }) => void;
    const received = new Promise<{ bytes: Buffer; relayed: boolean; remote: string | undefined; socket: Socket }>((r) => { resolveReceived = r; });
    server = createServer({ pauseOnConnect: true }, (accepted) => {
      const { socket, relay } = adoptAccepted(accepted);
      const parts: Buffer[] = [];
      let n = 0;
      const take = (chunk: Buffer): void => {
        parts.push(Buffer.from(chunk)); // a copy: the chunk's memory is reused by the next read
        n += chunk.length;
        if (n >= expectBytes) resolveReceived({ bytes: Buffer.concat(parts), relayed: relay !== undefined, remote: socket.remoteAddress, socket });
      };
      if (relay) relay.attach(take); else socket.on('data', take);
    });
    server.listen(0, '127.0.0.1', () => {
      const addr = server!.address();
      resolveListen({ port: typeof addr === 'object' && addr ? addr.port : 0, received });
    });
  });
}

describe('ChunkRelay', () => {
  it('hands on views of its one buffer, and copies of what was read before a handler was attached, in order', () => {
    const relay = new ChunkRelay();
    expect(relay.onread.buffer.length).toBe(READ_BUFFER_BYTES);
    relay.onread.buffer.set([1, 2, 3]);
    relay.onread.callback(3, relay.onread.buffer);
    relay.onread.buffer.set([4, 5]); // the next read overwrites the buffer
    relay.onread.callback(2, relay.onread.buffer);
    const seen: number[][] = [];
    const buffers: ArrayBufferLike[] = [];
    relay.attach((c) => { seen.push([...c]); buffers.push(c.buffer); });
    expect(seen).toEqual([[1, 2, 3], [4, 5]]);
    relay.onread.buffer.set([6]);
    relay.onread.callback(1, relay.onread.buffer);
    expect(seen[2]).toEqual([6]);
    expect(buffers[2]).toBe(relay.onread.buffer.buffer);
    expect(buffers[0]).not.toBe(relay.onread.buffer.buffer);
  });
});

describe('adoptAccepted', () => {
  it('an accepted connection keeps every byte (also those sent at once) and answers on the duplicate', async () => {
    const payload = Buffer.alloc(3 * READ_BUFFER_BYTES + 123);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 13) & 0xff;
    const { port, received } = await adoptingServer(payload.length);
    const client = connect({ port, host: '127.0.0.1' });
    client.write(payload); // before the server side has even adopted the socket
    const got = await received;
    expect(got.bytes.equals(payload)).toBe(true);
    expect(got.remote).toBe('127.0.0.1');
    if (process.platform === 'linux') expect(got.relayed).toBe(true);
    const answer = new Promise<Buffer>((r) => client.once('data', r));
    got.socket.write('ok');
    expect((await answer).toString()).toBe('ok');
    const closed = new Promise((r) => client.once('close', r));
    got.socket.end();
    client.end();
    await closed;
  });
});

describe('PduFramer with transientChunks', () => {
  it('copies PDUs other than P-DATA-TF (they are kept), hands P-DATA-TF on as views', () => {
    const rq = fixture('echoscu-associate-rq.bin');
    const pdata = fixture('echoscu-p-data-tf-c-echo-rq.bin');
    const chunk = Buffer.concat([rq, pdata]);
    const framer = new PduFramer(LIMITS, { reuseDataBuffer: true, transientChunks: true });
    const kept: Array<{ type: number; bytes: Buffer }> = [];
    framer.each(chunk, (p) => { kept.push(p); });
    chunk.fill(0); // the reader's next read
    expect(kept.map((p) => p.type)).toEqual([1, 4]);
    expect(kept[0]!.bytes.equals(rq)).toBe(true); // a copy
    expect(kept[1]!.bytes.every((b) => b === 0)).toBe(true); // a view: valid during the callback only
    expect(() => new PduFramer(LIMITS, { transientChunks: true }).push(chunk)).toThrow(/each\(\)/);
  });
});
