/** Validation of the option values several commands share: a clear usage error, never a guess. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { INDEX_FILE } from '../archive/paths.js';
import { UsageError } from './io.js';

/** `--archive DIR [--json]`, the options of the commands that report on an archive (studies, reindex, verify). */
export function archiveReportArgs(argv: string[]): { archive: string; json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: { archive: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.archive) throw new UsageError('--archive is required');
  return { archive: values.archive, json: values.json };
}

/** The index file of an existing archive, for commands that only read it. */
export function existingIndexFile(archive: string): string {
  const file = join(archive, INDEX_FILE);
  if (!existsSync(file)) throw new UsageError(`${archive} is not an archive (no ${INDEX_FILE}); run 'filmstation import' or 'filmstation reindex' first`);
  return file;
}

export function portOption(value: string | undefined, name: string): number {
  if (value === undefined) throw new UsageError(`${name} is required`);
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`${name} must be a TCP port from 1 to 65535, not '${value}'`);
  return port;
}

/**
 * An Asynchronous Operations Window size (PS3.7 D.3.3.3): 1 (synchronous) to 64. The bound
 * is ours: each outstanding C-STORE holds a file in memory (sender) or an open file (receiver).
 */
export function windowOption(value: string | undefined, name: string): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < 1 || n > 64) throw new UsageError(`${name} must be a number from 1 to 64, not '${value ?? ''}'`);
  return n;
}

/** AE titles: 1-16 characters of the default repertoire, no backslash or control characters (PS3.5 Table 6.2-1, VR AE). */
export function aeTitleOption(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${name} is required`);
  const v = value.trim();
  if (v.length > 16) throw new UsageError(`${name} '${v}' is longer than 16 characters`);
  if (!/^[\x20-\x5B\x5D-\x7E]+$/.test(v)) throw new UsageError(`${name} '${v}' may only contain printable ASCII characters and no backslash`);
  return v;
}

export function timeoutOption(value: string | undefined): number {
  const seconds = Number(value ?? '10');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new UsageError(`--timeout must be a number of seconds from 0 to 3600, not '${value}'`);
  return Math.round(seconds * 1000);
}

export function listOption(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The options every command that talks to a remote node takes (parseArgs spec). */
export function peerOptionSpec(defaultTimeoutSeconds: number) {
  return {
    host: { type: 'string' },
    port: { type: 'string' },
    'called-aet': { type: 'string' },
    'calling-aet': { type: 'string', default: 'FILMSTATION' },
    timeout: { type: 'string', default: String(defaultTimeoutSeconds) },
  } as const;
}

export interface PeerOptions {
  host: string;
  port: number;
  calledAeTitle: string;
  callingAeTitle: string;
  timeoutMs: number;
}

/** Validates the values parsed with peerOptionSpec: a usage error names the option at fault. */
export function peerOptions(values: { host?: string; port?: string; 'called-aet'?: string; 'calling-aet'?: string; timeout?: string }): PeerOptions {
  const host = values.host ?? '';
  if (!host) throw new UsageError('--host is required');
  return {
    host,
    port: portOption(values.port, '--port'),
    calledAeTitle: aeTitleOption(values['called-aet'], '--called-aet'),
    callingAeTitle: aeTitleOption(values['calling-aet'], '--calling-aet'),
    timeoutMs: timeoutOption(values.timeout),
  };
}
