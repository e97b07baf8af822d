/**
 * The browser host: the built renderer (dist/renderer) and the Workstation API over a
 * WebSocket, on 127.0.0.1 only. Guarded by a random per-start token:
 *
 *   - every request needs the token, in the URL (?token=...) or in the cookie set when the
 *     page was opened with it (the page's scripts and styles are loaded by relative URLs
 *     without the query); anything else is answered 403;
 *   - the Host header must name the loopback address and our port (a web page elsewhere
 *     cannot reach us through DNS rebinding), and a WebSocket's Origin, when sent, must be
 *     this host (no cross-site WebSocket use);
 *   - every API payload is validated against the contract by the facade.
 *
 * Wire protocol (JSON text frames): client { id, channel, payload }; server
 * { id, ok: true, result } | { id, ok: false, error } | { event }.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { ServerMessage, WorkstationEvent } from './contract-types.js';
import { MAX_UPLOAD_BASE64 } from './contract.js';
import { acceptWebSocket, CloseCode, rejectUpgrade, type WebSocketConnection } from './websocket.js';

/** What the host needs of the facade (the Workstation, or a stand-in in tests). */
export interface ApiEndpoint {
  call(channel: string, payload: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details?: string[] } }>;
  on(listener: (event: WorkstationEvent) => void): () => void;
}

export interface BrowserHostOptions {
  api: ApiEndpoint;
  /** Default 0: any free port. */
  port?: number;
  /** Built renderer; default dist/renderer of this installation. */
  rendererDir?: string;
  /** Fixed token (tests); default 32 random bytes. */
  token?: string;
  /** Requests in flight per connection (default 64). */
  maxInFlight?: number;
  /** Ping interval (default 30 s). */
  heartbeatMs?: number;
}

const COOKIE = 'filmstation_token';
/** An upload call may carry 64 MiB of base64 plus JSON around it. */
const MAX_MESSAGE_BYTES = MAX_UPLOAD_BASE64 + 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.otf': 'font/otf', '.map': 'application/json',
};

/** dist/renderer next to dist/core (built) or beside core/ (run from source with tsx). */
export function defaultRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromDist = resolve(here, '../../renderer');
  if (here.includes(`${sep}dist${sep}core`) && existsSync(fromDist)) return fromDist;
  return resolve(here, '../../dist/renderer');
}

export class BrowserHost {
  readonly token: string;
  private readonly o: BrowserHostOptions;
  private readonly rendererDir: string;
  private server: Server | undefined;
  private readonly connections = new Set<WebSocketConnection>();
  private unsubscribe: (() => void) | undefined;
  private boundPort = 0;

  constructor(o: BrowserHostOptions) {
    this.o = o;
    this.token = o.token ?? randomBytes(32).toString('base64url');
    this.rendererDir = resolve(o.rendererDir ?? defaultRendererDir());
  }

  get port(): number { return this.boundPort; }
  /** The address to open, with the token. */
  get url(): string { return `http://127.0.0.1:${this.boundPort}/?token=${this.token}`; }
  get rendererBuilt(): boolean { return existsSync(join(this.rendererDir, 'index.html')); }

  async start(): Promise<string> {
    const server = createServer((req, res) => this.onRequest(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      // Loopback only: the browser host is never reachable from the network.
      server.listen(this.o.port ?? 0, '127.0.0.1', () => { server.off('error', fail); ok(); });
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    this.unsubscribe = this.o.api.on((event) => this.broadcast({ event }));
    return this.url;
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    for (const c of this.connections) c.close(CloseCode.GoingAway, 'server stopping');
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
    for (const c of this.connections) c.terminate();
  }

  // ------------------------------------------------------------------ guards

  private tokenOk(req: IncomingMessage): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fromQuery = url.searchParams.get('token');
    const fromCookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
    return [fromQuery, fromCookie].some((t) => t !== null && t !== undefined && this.sameToken(t));
  }

  private sameToken(candidate: string): boolean {
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Host must be the loopback name with our port (DNS rebinding defence). */
  private hostOk(req: IncomingMessage): boolean {
    const host = (req.headers.host ?? '').toLowerCase();
    return [`127.0.0.1:${this.boundPort}`, `localhost:${this.boundPort}`, `[::1]:${this.boundPort}`].includes(host);
  }

  private originOk(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true; // not a browser (CLI tools, tests)
    return origin.toLowerCase() === `http://${(req.headers.host ?? '').toLowerCase()}`;
  }

  // ------------------------------------------------------------------ HTTP

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const deny = (status: number, text: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(text);
    };
    if (!this.hostOk(req)) { deny(403, 'Forbidden: wrong Host'); return; }
    if (!this.tokenOk(req)) { deny(403, 'Forbidden: open the address with the token that `filmstation serve` printed'); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') { deny(405, 'Method not allowed'); return; }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let pathname: string;
    try { pathname = decodeURIComponent(url.pathname); } catch { deny(400, 'Bad path'); return; }
    if (pathname.includes('\0')) { deny(400, 'Bad path'); return; }
    const headers: Record<string, string> = {
      'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache',
      'Cross-Origin-Opener-Policy': 'same-origin', 'X-Frame-Options': 'DENY',
    };
    if (url.searchParams.has('token')) {
      // The page's own requests (scripts, styles, WebSocket) carry the token as a cookie.
      headers['Set-Cookie'] = `${COOKIE}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    if (!this.rendererBuilt) {
      res.writeHead(503, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><meta charset="utf-8"><title>Filmstation</title><p>The user interface is not built. Run <code>npm run build:renderer</code>, then reload. The API is running.</p>');
      return;
    }
    let file = resolve(this.rendererDir, `.${pathname}`);
    if (file !== this.rendererDir && !file.startsWith(this.rendererDir + sep)) { deny(403, 'Forbidden'); return; }
    let st = existsSync(file) ? statSync(file) : undefined;
    if (st?.isDirectory()) { file = join(file, 'index.html'); st = existsSync(file) ? statSync(file) : undefined; }
    if (!st || !st.isFile()) {
      if (extname(pathname)) { deny(404, 'Not found'); return; }
      file = join(this.rendererDir, 'index.html'); // single-page app route
      st = statSync(file);
    }
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = [
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
        "font-src 'self' data:", `connect-src 'self' ws://127.0.0.1:${this.boundPort} ws://localhost:${this.boundPort}`,
        "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'",
      ].join('; ');
    }
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(st.size) });
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  // ------------------------------------------------------------------ WebSocket API

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!this.hostOk(req) || !this.tokenOk(req) || !this.originOk(req)) { rejectUpgrade(socket, 403, 'Forbidden'); return; }
    if (path !== '/api') { rejectUpgrade(socket, 404, 'Not Found'); return; }
    const conn = acceptWebSocket(req, socket, head, { maxMessageBytes: MAX_MESSAGE_BYTES, heartbeatMs: this.o.heartbeatMs ?? 30_000 });
    if (!conn) return;
    this.connections.add(conn);
    let inFlight = 0;
    const maxInFlight = this.o.maxInFlight ?? 64;
    conn.onClose = () => { this.connections.delete(conn); };
    conn.onText = (text) => {
      let msg: unknown;
      try { msg = JSON.parse(text); } catch {
        this.send(conn, { id: 0, ok: false, error: { code: 'BAD_REQUEST', message: 'The message is not JSON' } });
        return;
      }
      const m = msg as { id?: unknown; channel?: unknown; payload?: unknown } | null;
      const id = m && typeof m === 'object' && Number.isSafeInteger(m.id) ? m.id as number : undefined;
      if (id === undefined || typeof m?.channel !== 'string') {
        this.send(conn, { id: id ?? 0, ok: false, error: { code: 'BAD_REQUEST', message: 'A request is { id: integer, channel: string, payload }' } });
        return;
      }
      if (inFlight >= maxInFlight) {
        this.send(conn, { id, ok: false, error: { code: 'FAILED', message: `More than ${maxInFlight} requests at once: wait for answers` } });
        return;
      }
      inFlight++;
      void this.o.api.call(m.channel, m.payload)
        .catch((err: unknown) => ({ ok: false as const, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } }))
        .then((r) => {
          inFlight--;
          this.send(conn, r.ok ? { id, ok: true, result: r.result } : { id, ok: false, error: r.error as Extract<ServerMessage, { ok: false }>['error'] });
        });
    };
  }

  private send(conn: WebSocketConnection, msg: ServerMessage): void {
    conn.sendText(JSON.stringify(msg));
  }

  private broadcast(msg: ServerMessage): void {
    const text = JSON.stringify(msg);
    for (const c of this.connections) c.sendText(text);
  }
}
