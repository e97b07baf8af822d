/**
 * Real peers for interoperability tests: DCMTK tools and Orthanc, started on free
 * loopback ports, each bounded in time and always stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') { reject(new Error('no port')); return; }
      srv.close(() => resolve(addr.port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port; rejects after timeoutMs. */
export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RunResult { code: number | null; stdout: string; stderr: string }

/** Runs a command to completion with a hard time limit. */
export function run(cmd: string, args: string[], timeoutMs = 30_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

export interface RunningPeer {
  port: number;
  aeTitle: string;
  dir: string;
  process: ChildProcess;
  /** Everything the peer printed so far (for assertions and failure messages). */
  output(): string;
  /** SIGKILL at once: a peer that dies (power loss, crash). */
  kill(): void;
  stop(): Promise<void>;
}

/** Starts a peer process in `dir` and resolves once it accepts connections on `port`. */
export function startProcess(cmd: string, args: string[], dir: string, port: number, aeTitle: string): Promise<RunningPeer> {
  const child: ChildProcess = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const peer: RunningPeer = {
    port, aeTitle, dir, process: child,
    output: () => out,
    kill: () => { if (running()) child.kill('SIGKILL'); },
    stop: async () => {
      if (running()) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return waitForPort(port).then(() => peer, async (e: unknown) => {
    await peer.stop();
    throw new Error(`${cmd} did not start: ${String(e)}\n${out}`);
  });
}

/** DCMTK storescp: accepts storage and verification; -aet sets its AE title; called AE is not checked unless asked. */
export async function startStorescp(opts: { aeTitle?: string; extraArgs?: string[] } = {}): Promise<RunningPeer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fs-storescp-'));
  const aet = opts.aeTitle ?? 'STORESCP';
  return startProcess('storescp', ['-aet', aet, '-od', dir, ...(opts.extraArgs ?? []), String(port)], dir, port, aet);
}

/**
 * Orthanc with a private storage folder, checking the called AE title like a hospital PACS
 * does; `config` adds or overrides settings (the Query/Retrieve tests' PACS, for example).
 */
export async function startOrthanc(opts: { aeTitle?: string; modalities?: Record<string, [string, string, number]>; config?: Record<string, unknown> } = {}): Promise<RunningPeer & { httpPort: number }> {
  const port = await freePort();
  const httpPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fs-orthanc-'));
  const aet = opts.aeTitle ?? 'ORTHANC';
  const config = {
    Name: 'FilmstationTest', StorageDirectory: join(dir, 'db'), IndexDirectory: join(dir, 'db'),
    DicomAet: aet, DicomPort: port, HttpPort: httpPort, HttpServerEnabled: true, RemoteAccessAllowed: false,
    AuthenticationEnabled: false, DicomCheckCalledAet: true, Plugins: [], StorageCompression: false,
    DicomModalities: opts.modalities ?? {},
    ...opts.config,
  };
  writeFileSync(join(dir, 'orthanc.json'), JSON.stringify(config, null, 2));
  const peer = await startProcess('Orthanc', [join(dir, 'orthanc.json')], dir, port, aet);
  await waitForPort(httpPort);
  return { ...peer, httpPort };
}
