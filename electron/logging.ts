/**
 * Main-process log: text lines in the OS log folder (app.getPath('logs')), rotated by size
 * so the folder never grows without bound: filmstation.log is the current file,
 * filmstation.1.log the one before, up to `maxFiles` files in all. Writes are synchronous
 * appends: the volume is small (service events, failures), and a line written just before
 * a crash must be on disk for the diagnostics bundle.
 */
import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  /** File base name; default 'filmstation' (filmstation.log, filmstation.1.log, ...). */
  name?: string;
  /** Rotate when the current file would grow past this; default 5 MiB. */
  maxBytes?: number;
  /** Files kept including the current one; default 5. */
  maxFiles?: number;
  /** Longest line kept (characters); longer messages are cut. Default 16 KiB. */
  maxLineChars?: number;
  /** Also echo to stderr (development). */
  echo?: boolean;
  now?: () => Date;
}

export class RotatingLog {
  readonly directory: string;
  private readonly name: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private readonly maxLineChars: number;
  private readonly echo: boolean;
  private readonly now: () => Date;
  private size: number;

  constructor(directory: string, o: RotatingLogOptions = {}) {
    this.directory = directory;
    this.name = o.name ?? 'filmstation';
    this.maxBytes = Math.max(1024, o.maxBytes ?? 5 * 1024 * 1024);
    this.maxFiles = Math.max(1, Math.min(50, o.maxFiles ?? 5));
    this.maxLineChars = Math.max(80, o.maxLineChars ?? 16 * 1024);
    this.echo = o.echo ?? false;
    this.now = o.now ?? (() => new Date());
    mkdirSync(directory, { recursive: true });
    this.size = fileSize(this.fileAt(0));
  }

  /** filmstation.log (index 0), filmstation.1.log, ... */
  fileAt(index: number): string {
    return join(this.directory, index === 0 ? `${this.name}.log` : `${this.name}.${index}.log`);
  }

  /** Log files present, newest first. */
  files(): string[] {
    const pattern = new RegExp(`^${escapeRegExp(this.name)}(\\.\\d+)?\\.log$`);
    return readdirSync(this.directory)
      .filter((f) => pattern.test(f))
      .map((f) => join(this.directory, f))
      .sort((a, b) => indexOf(a) - indexOf(b));
  }

  debug(message: string): void { this.write('debug', message); }
  info(message: string): void { this.write('info', message); }
  warn(message: string): void { this.write('warn', message); }
  error(message: string, err?: unknown): void {
    this.write('error', err === undefined ? message : `${message}: ${describeError(err)}`);
  }

  write(level: LogLevel, message: string): void {
    let text = message.replace(/\r?\n/g, '\n    ');
    if (text.length > this.maxLineChars) text = `${text.slice(0, this.maxLineChars)} ... (${text.length - this.maxLineChars} characters cut)`;
    const line = `${this.now().toISOString()} ${level.toUpperCase().padEnd(5)} ${text}\n`;
    const bytes = Buffer.byteLength(line, 'utf8');
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    try {
      appendFileSync(this.fileAt(0), line, { encoding: 'utf8', mode: 0o600 });
      this.size += bytes;
    } catch {
      // A full disk or a removed log folder must never stop the application: logging is best effort.
    }
    if (this.echo) process.stderr.write(line);
  }

  /** filmstation.(n-1).log -> .n.log ... current -> .1.log; the oldest beyond maxFiles is deleted. */
  rotate(): void {
    try {
      rmSync(this.fileAt(this.maxFiles - 1), { force: true });
      for (let i = this.maxFiles - 2; i >= 0; i--) {
        const from = this.fileAt(i);
        if (exists(from)) renameSync(from, this.fileAt(i + 1));
      }
    } catch {
      // Rotation failing (file locked on Windows) leaves the current file growing a little longer.
    }
    this.size = Math.max(0, fileSize(this.fileAt(0)));
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

function exists(file: string): boolean {
  try { statSync(file); return true; } catch { return false; }
}

function fileSize(file: string): number {
  try { return statSync(file).size; } catch { return 0; }
}

function indexOf(file: string): number {
  const m = /\.(\d+)\.log$/.exec(file);
  return m ? Number(m[1]) : 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
