import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { type CliIo } from '../io.js';
import { serveCommand } from './serve.js';

export const startHelp = `Usage: filmstation start [serve options]

Starts the desktop application when Electron is installed. Where it is not (servers, CI,
machines where its binary could not be downloaded), it says so and runs the same workstation
headless with the browser workstation instead: open the http://127.0.0.1:... address it
prints (with its token) in a browser. The options are passed on to serve (see
'filmstation serve --help').`;

/** Path of the Electron binary, or undefined when the package or its binary is missing. */
export function electronBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const path: unknown = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export async function startCommand(argv: string[], io: CliIo): Promise<number> {
  const electron = electronBinary();
  if (electron) {
    const child = spawn(electron, ['.'], { stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
  }
  io.stderr.write('Electron is not available on this machine: serving the workstation in the browser instead (open the browser workstation address below).\n');
  return serveCommand(argv.filter((a) => a !== '--no-ui'), io);
}
