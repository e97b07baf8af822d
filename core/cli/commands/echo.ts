import { parseArgs } from 'node:util';
import { echo } from '../../services/verification.js';
import { type CliIo, ExitCode } from '../io.js';
import { describeFailure } from '../errors-to-exit.js';
import { peerOptionSpec, peerOptions } from '../options.js';

export const echoHelp = `Usage: filmstation echo --host H --port P --called-aet AET [--calling-aet AET] [--timeout SECONDS] [--json]

Checks that a DICOM node answers: opens an association, sends C-ECHO, releases.
Exit codes: 0 success, 3 refused/unreachable, 4 association rejected, 5 aborted,
6 timed out, 1 other failure, 2 wrong usage.`;

export async function echoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...peerOptionSpec(10), json: { type: 'boolean', default: false } },
    strict: true,
  });
  const { host, port, calledAeTitle, callingAeTitle, timeoutMs } = peerOptions(values);
  try {
    const result = await echo({
      host, port, calledAeTitle, callingAeTitle,
      config: { connectTimeoutMs: timeoutMs, artimTimeoutMs: timeoutMs, dimseTimeoutMs: timeoutMs },
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ ok: result.ok, status: result.status, elapsedMs: result.elapsedMs, peer: { implementationClassUid: result.peerImplementationClassUid, implementationVersionName: result.peerImplementationVersionName } })}\n`);
    } else {
      io.stdout.write(`${result.ok ? 'OK' : 'FAILED'}: ${calledAeTitle}@${host}:${port} answered C-ECHO: ${result.status.name} (0x${result.status.code.toString(16).padStart(4, '0').toUpperCase()}) in ${result.elapsedMs} ms\n`);
    }
    return result.ok ? ExitCode.Ok : ExitCode.Failure;
  } catch (err) {
    const { code, text } = describeFailure(err);
    if (values.json) io.stdout.write(`${JSON.stringify({ ok: false, error: text, code: err instanceof Error && 'code' in err ? (err as { code: unknown }).code : undefined })}\n`);
    io.stderr.write(`echo failed: ${text}\n`);
    return code;
  }
}
