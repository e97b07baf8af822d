/**
 * DCMTK dcmprscp (Print SCP emulator) for interoperability tests and the print benchmark.
 * Its configuration is derived from /etc/dcmtk/dcmpstat.cfg (general sections) and
 * /etc/dcmtk/printers.cfg (the printer's own section), with a private database folder and
 * a free port. Every film it receives is stored there as a Stored Print object (SP_*.dcm)
 * plus one Hardcopy Grayscale image per image box (HG_*.dcm): that is what tests assert.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './peers.js';

export const PRINTERS_CFG = '/etc/dcmtk/printers.cfg';

/** The `[NAME]` sections of a DCMTK config file, each as its raw lines (comments dropped). */
export function cfgSections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^\[([^[\]]+)\]$/.exec(line);
    if (m) { current = []; out.set((m[1] as string).trim().toUpperCase(), current); continue; }
    if (/^\[\[/.test(line)) { current = undefined; continue; }
    current?.push(line);
  }
  return out;
}

/** Value of a key in a section (case-insensitive key, DCMTK style). */
export function cfgValue(lines: readonly string[], key: string): string | undefined {
  for (const l of lines) {
    const i = l.indexOf('=');
    if (i > 0 && l.slice(0, i).trim().toUpperCase() === key.toUpperCase()) return l.slice(i + 1).trim();
  }
  return undefined;
}

export interface DcmtkPrintConfig {
  dir: string;
  file: string;
  database: string;
  aeTitle: string;
}

/**
 * Writes a dcmpstat config for one printer of printers.cfg on `port`, with its own
 * database, spool and log folders under `dir`.
 */
export function writeDcmtkPrintConfig(dir: string, printer: string, port: number, opts: { databaseName?: string; callingAeTitle?: string } = {}): DcmtkPrintConfig {
  const sections = cfgSections(readFileSync(PRINTERS_CFG, 'utf8'));
  const lines = sections.get(printer.toUpperCase());
  if (!lines) throw new Error(`No printer [${printer}] in ${PRINTERS_CFG}`);
  const keep = lines.filter((l) => !/^(port|hostname)\s*=/i.test(l));
  const aeTitle = cfgValue(lines, 'Aetitle') ?? printer;
  const database = join(dir, opts.databaseName ?? 'database');
  for (const d of [database, join(dir, 'spool'), join(dir, 'log'), join(dir, 'lut')]) mkdirSync(d, { recursive: true });
  const text = [
    '[[GENERAL]]',
    '[APPLICATION]', `LogDirectory = ${join(dir, 'log')}`, 'LogFile = general.log', 'LogLevel = INFO',
    '[PRINT]', 'Spooler = dcmprscu', 'Server = dcmprscp', `Directory = ${join(dir, 'spool')}`, 'DetailedLog = false',
    'Sleep = 1', 'DeletePrintJobs = true', 'AlwaysDeleteTerminateJobs = true', 'DefaultIllumination = 2000', 'DefaultReflection = 10',
    '[DATABASE]', `Directory = ${database}`,
    '[LUT]', `Directory = ${join(dir, 'lut')}`,
    '[NETWORK]', `aetitle = ${opts.callingAeTitle ?? 'FSTEST'}`,
    '[[COMMUNICATION]]',
    `[${printer.toUpperCase()}]`, 'Hostname = localhost', `Port = ${port}`, ...keep,
    '',
  ].join('\n');
  const file = join(dir, `${printer.toLowerCase()}.cfg`);
  writeFileSync(file, text);
  return { dir, file, database, aeTitle };
}

export interface RunningDcmprscp {
  port: number;
  aeTitle: string;
  printer: string;
  dir: string;
  database: string;
  configFile: string;
  output(): string;
  /** Stored Print (SP_*) and Hardcopy Grayscale (HG_*) files so far. */
  storedPrints(): string[];
  hardcopyImages(): string[];
  stop(): Promise<void>;
}

export async function startDcmprscp(printer = 'IHEFULL', opts: { extraArgs?: string[]; env?: Record<string, string> } = {}): Promise<RunningDcmprscp> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `fs-dcmprscp-${printer.toLowerCase()}-`));
  const cfg = writeDcmtkPrintConfig(dir, printer, port);
  const child: ChildProcess = spawn('dcmprscp', ['-c', cfg.file, '-p', printer.toUpperCase(), ...(opts.extraArgs ?? [])], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...(opts.env ?? {}) } });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const list = (prefix: string): string[] => readdirSync(cfg.database).filter((f) => f.startsWith(prefix) && f.endsWith('.dcm')).sort().map((f) => join(cfg.database, f));
  const peer: RunningDcmprscp = {
    port, aeTitle: cfg.aeTitle, printer: printer.toUpperCase(), dir, database: cfg.database, configFile: cfg.file,
    output: () => out,
    storedPrints: () => list('SP_'),
    hardcopyImages: () => list('HG_'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitForPort(port);
  } catch (e) {
    await peer.stop();
    throw new Error(`dcmprscp did not start: ${String(e)}\n${out}`);
  }
  return peer;
}
