import { type CliIo } from '../../core/cli/io.js';

/** CliIo that keeps what a command printed, for assertions. */
export function memoryIo(stopSignal?: Promise<string>): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => { out += s; return true; } },
    stderr: { write: (s: string) => { err += s; return true; } },
    stopSignal,
    out: () => out,
    err: () => err,
  };
}
