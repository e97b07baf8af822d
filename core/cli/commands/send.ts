import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_SEND_WINDOW, sendFiles } from '../../services/storage-scu.js';
import { walkFiles } from '../../archive/file-walk.js';
import { type CliIo, ExitCode, UsageError } from '../io.js';
import { describeFailure } from '../errors-to-exit.js';
import { peerOptionSpec, peerOptions, windowOption } from '../options.js';

export const sendHelp = `Usage: filmstation send --host H --port P --called-aet AET [--calling-aet AET]
                       [--timeout SECONDS] [--window N] [--json] FILE_OR_FOLDER...

Sends DICOM files (folders recursively) with C-STORE and reports each instance's status.
Each file goes in its own transfer syntax; uncompressed files are converted between
uncompressed syntaxes when the receiver requires it.
  --window N   C-STOREs kept outstanding when the receiver grants an Asynchronous
               Operations Window (default 8; 1 = one at a time, no window proposed).
               Receivers that grant none get one at a time.
Exit codes: 0 all sent, 1 some not stored, 3 unreachable, 4 rejected, 5 aborted, 6 timed out, 2 usage.`;

export async function sendCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...peerOptionSpec(60), json: { type: 'boolean', default: false }, window: { type: 'string', default: String(DEFAULT_SEND_WINDOW) } },
    allowPositionals: true,
    strict: true,
  });
  const { host, port, calledAeTitle, callingAeTitle, timeoutMs } = peerOptions(values);
  const window = windowOption(values.window, '--window');
  if (positionals.length === 0) throw new UsageError('give at least one file or folder to send');
  const files: string[] = [];
  for (const p of positionals) {
    const st = await stat(p).catch(() => undefined);
    if (!st) throw new UsageError(`${p}: no such file or folder`);
    if (st.isDirectory()) { for await (const f of walkFiles(p)) files.push(f); } else files.push(p);
  }
  const report = await sendFiles({
    host, port, calledAeTitle, callingAeTitle, files, timeoutMs, window,
    config: { connectTimeoutMs: timeoutMs, artimTimeoutMs: timeoutMs, dimseTimeoutMs: timeoutMs },
    onInstance: (r, done, total) => {
      if (values.json) return;
      const status = r.status ? `${r.status.name} (0x${r.status.code.toString(16).padStart(4, '0').toUpperCase()})` : 'not sent';
      io.stdout.write(`[${done}/${total}] ${r.ok ? 'OK' : 'FAILED'} ${r.path}: ${status}${r.error ? `: ${r.error}` : ''}\n`);
    },
  });
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const mb = report.bytes / 1e6;
    const window = report.outstanding > 1 ? `, up to ${report.outstanding} outstanding` : '';
    io.stdout.write(`sent ${report.sent} of ${report.results.length} instances (${mb.toFixed(1)} MB in ${report.elapsedMs} ms${window})\n`);
  }
  if (report.failed === 0) return ExitCode.Ok;
  // Nothing went through because of the network: that failure's exit code (refused, rejected...).
  const network = report.results.find((r) => r.networkError)?.networkError;
  if (report.sent === 0 && network) return describeFailure(network).code;
  return ExitCode.Failure;
}
