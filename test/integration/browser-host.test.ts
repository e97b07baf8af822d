/**
 * `filmstation serve` as the browser workstation: the token guard, the WebSocket API
 * (undici's WebSocket client, an independent RFC 6455 implementation), importing,
 * listing, printing a film to the built-in virtual imager with job-progress events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'undici';
import { runCli } from '../../core/cli/main.js';
import { memoryIo } from '../support/memory-io.js';
import { freePort } from '../support/peers.js';
import { fixture, newStudyUids, variant } from '../unit/archive/dicom-variants.js';
import type { ServerMessage, WorkstationEvent } from '../../core/app/contract-types.js';

let dir: string;
let stop!: (s: string) => void;
let serving: Promise<number>;
let io: ReturnType<typeof memoryIo>;
let url: URL;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fs-browser-host-'));
  mkdirSync(join(dir, 'settings'));
  writeFileSync(join(dir, 'settings', 'settings.json'), JSON.stringify({
    version: 1, virtualPrinter: { enabled: true, profile: 'GENERIC', aeTitle: 'FS_VIRTUAL', port: 0, outputFolder: join(dir, 'films') },
    printers: [{ id: 'virtual', name: 'Virtual imager', kind: 'virtual', host: '127.0.0.1', port: 0, calledAeTitle: 'FS_VIRTUAL', profile: 'GENERIC', statusPollSeconds: 1 }],
    defaultPrinterId: 'virtual',
  }));
  const ct = fixture('ts/CT1_UNC.implicit_little_endian.dcm');
  const uids = newStudyUids(ct);
  mkdirSync(join(dir, 'in'));
  for (let i = 0; i < 4; i++) writeFileSync(join(dir, 'in', `ct${i}.dcm`), variant(ct, uids).bytes);
  io = memoryIo(new Promise<string>((r) => { stop = r; }));
  const port = await freePort();
  serving = runCli(['serve', '--settings', join(dir, 'settings'), '--host', '127.0.0.1', '--port', String(port), '--durability', 'none'], io);
  for (let i = 0; i < 400 && !/browser workstation: (\S+)/.test(io.out()); i++) await new Promise((r) => setTimeout(r, 50));
  url = new URL(/browser workstation: (\S+)/.exec(io.out())?.[1] ?? '');
});

afterAll(async () => {
  stop?.('SIGTERM');
  const code = await serving;
  if (code !== 0 || !/stopped/.test(io.out())) throw new Error(`serve ended with ${code}: ${io.err()}`);
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(url.port), path, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve({ status: res.statusCode ?? 0, headers: res.headers }); });
    req.on('error', reject);
    req.end();
  });
}

const upgradeHeaders = (): Record<string, string> => ({
  Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
});

/** A typed client over undici's WebSocket. */
async function client(): Promise<{ call: (channel: string, payload: unknown) => Promise<ServerMessage>; events: WorkstationEvent[]; close: () => void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${url.port}/api?token=${url.searchParams.get('token') ?? ''}`);
  const events: WorkstationEvent[] = [];
  const waiting = new Map<number, (m: ServerMessage) => void>();
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(String(ev.data)) as ServerMessage;
    if ('event' in msg) events.push(msg.event);
    else waiting.get(msg.id)?.(msg);
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new Error('WebSocket did not open')));
  });
  let id = 0;
  return {
    events,
    call: (channel, payload) => new Promise((resolve) => {
      const n = ++id;
      waiting.set(n, resolve);
      ws.send(JSON.stringify({ id: n, channel, payload }));
    }),
    close: () => ws.close(),
  };
}

function result<T>(m: ServerMessage): T {
  if ('event' in m || !m.ok) throw new Error(`call failed: ${JSON.stringify(m)}`);
  return m.result as T;
}

describe('browser host', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')?.length).toBeGreaterThanOrEqual(40);
  });

  it('answers 403 without the token, with a wrong token, a foreign Host or a foreign Origin', async () => {
    const token = url.searchParams.get('token') ?? '';
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get(`/?token=${token}`, { Host: 'evil.example' })).status).toBe(403);
    const ok = await get(`/?token=${token}`);
    expect([200, 503]).toContain(ok.status); // 503: the renderer is not built in this checkout
    expect(String(ok.headers['set-cookie'])).toMatch(/filmstation_token=.*HttpOnly; SameSite=Strict/);
    // The page's own requests carry the cookie instead of the query.
    expect((await get('/', { Cookie: `filmstation_token=${token}` })).status).toBe(ok.status);
    expect((await get('/api', upgradeHeaders())).status).toBe(403);
    expect((await get('/api?token=wrong', upgradeHeaders())).status).toBe(403);
    expect((await get(`/api?token=${token}`, { ...upgradeHeaders(), Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/api?token=${token}`, upgradeHeaders())).status).toBe(101);
  });

  it('imports, lists, rejects malformed payloads, and prints to the virtual imager with job-progress events', async () => {
    const c = await client();
    try {
      const bad = await c.call('studies:get', { studyInstanceUid: ['x'] });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await c.call('no:such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });

      const report = result<{ imported: number }>(await c.call('import:paths', { paths: [join(dir, 'in')] }));
      expect(report.imported).toBe(4);
      const studies = result<Array<{ studyInstanceUid: string; instanceCount: number }>>(await c.call('studies:list', {}));
      expect(studies).toHaveLength(1);
      expect(studies[0]?.instanceCount).toBe(4);
      await expect.poll(() => c.events.some((e) => e.type === 'study-received')).toBe(true);
      expect(c.events.some((e) => e.type === 'import-progress')).toBe(true);

      const film = result<object>(await c.call('films:create', { displayFormat: 'STANDARD\\2,2' }));
      const filled = result<{ films: object[] }>(await c.call('films:fill', { film, source: { kind: 'study', studyInstanceUid: studies[0]?.studyInstanceUid } }));
      expect(filled.films).toHaveLength(1);
      const job = result<{ id: string }>(await c.call('print:submit', { films: filled.films, options: { copies: 1 } }));
      await expect.poll(() => c.events.some((e) => e.type === 'job-progress' && e.job.id === job.id && e.job.state === 'done'), { timeout: 30_000 }).toBe(true);
      const states = c.events.filter((e) => e.type === 'job-progress' && e.job.id === job.id).map((e) => (e.type === 'job-progress' ? e.job.films[0]?.state : ''));
      expect(states).toContain('printed');
      expect(readdirSync(join(dir, 'films'), { recursive: true }).map(String).some((f) => f.endsWith('.png'))).toBe(true);
      // Status polling of the virtual imager reaches the browser as printer-status events.
      await expect.poll(() => c.events.some((e) => e.type === 'printer-status' && e.printerId === 'virtual' && e.status.reachable), { timeout: 10_000 }).toBe(true);
    } finally {
      c.close();
    }
  }, 60_000);
});
