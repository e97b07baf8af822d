/** What a CLI command writes to; tests pass in-memory streams. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); tests resolve it themselves. */
  stopSignal?: Promise<string>;
}

/** Exit codes shared by every command, documented in docs/user-guide.md. */
export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
  Unreachable: 3,
  Rejected: 4,
  Aborted: 5,
  Timeout: 6,
} as const;

export class UsageError extends Error {}

/** Resolves with the signal's name at the first SIGINT or SIGTERM (the long-running commands stop gracefully). */
export function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
