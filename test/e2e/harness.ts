/**
 * E2E harness: builds the renderer when dist/renderer is missing, starts `filmstation serve`
 * (temp settings and archive, free ports) and Debian's Chromium through playwright-core.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { freePort } from '../support/peers.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const CHROMIUM = '/usr/bin/chromium';

export function ensureRendererBuilt(): void {
  if (existsSync(join(ROOT, 'dist/renderer/index.html'))) return;
  execFileSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
}

export interface RunningServe {
  url: string;
  storagePort: number;
  aeTitle: string;
  dir: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startServe(opts: { aeTitle?: string; env?: Record<string, string> } = {}): Promise<RunningServe> {
  const dir = mkdtempSync(join(tmpdir(), 'fs-e2e-'));
  const storagePort = await freePort();
  const aeTitle = opts.aeTitle ?? 'FSE2E';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/filmstation.mjs'), 'serve', '--settings', join(dir, 'settings'), '--archive', join(dir, 'archive'),
    '--aet', aeTitle, '--port', String(storagePort), '--host', '127.0.0.1', '--durability', 'none'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dir, FILMSTATION_HOME: join(dir, 'settings'), ...opts.env } });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`filmstation serve printed no URL within 60 s:\n${out}`)), 60_000);
    const check = (): void => {
      const m = /browser workstation: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m?.[1]) { clearTimeout(timer); res(m[1]); }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => { clearTimeout(timer); rej(new Error(`filmstation serve exited (${code}):\n${out}`)); });
  });
  return {
    url, storagePort, aeTitle, dir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium with a new empty profile (playwright takes the profile folder as
 * launchPersistentContext's argument, not as --user-data-dir). close() also removes it.
 */
export async function launchChromium(o: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'fs-chromium-'));
  const locale = o.locale ?? 'en-US';
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    viewport: o.viewport ?? { width: 1600, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--lang=${locale}`],
  });
  return {
    context,
    close: async () => { await context.close(); rmSync(userDataDir, { recursive: true, force: true }); },
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * `count` copies of CT_small.dcm as one new CT series (new SOP Instance UIDs, dcmodify -gin),
 * for drop and print tests that need a series of a known size.
 */
export function makeCtSeries(count: number, o: { patientId: string; patientName: string; description: string; uidRoot: string }): string {
  const dir = mkdtempSync(join(tmpdir(), `fs-series-${count}-`));
  const src = readFileSync(join(ROOT, 'test/fixtures/dicom/modality/CT_small.dcm'));
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = join(dir, `ct${String(i).padStart(4, '0')}.dcm`);
    writeFileSync(f, src);
    files.push(f);
  }
  execFileSync('dcmodify', ['-nb', '-gin', '-i', `(0010,0020)=${o.patientId}`, '-i', `(0010,0010)=${o.patientName}`, '-i', `(0008,103e)=${o.description}`,
    '-i', `(0020,000d)=${o.uidRoot}.1`, '-i', `(0020,000e)=${o.uidRoot}.2`, ...files], { stdio: 'pipe', timeout: 120_000 });
  return dir;
}
