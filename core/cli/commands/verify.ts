import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyArchive } from '../../archive/verify.js';
import { INDEX_FILE } from '../../archive/paths.js';
import { type CliIo, ExitCode, UsageError } from '../io.js';

export const verifyHelp = `Usage: filmstation verify --archive DIR [--json]

Checks every indexed file: present, at the size it was stored with, and, for files that
carry a checksum (received with the default durability on Linux), with the bytes that were
received. Lists files missing or altered; exit code 1 if there are any. Only reads: it can
run while 'serve' receives into the archive.`;

export async function verifyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { archive: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.archive) throw new UsageError('--archive is required');
  if (!existsSync(join(values.archive, INDEX_FILE))) throw new UsageError(`${values.archive} is not an archive (no ${INDEX_FILE})`);
  const report = await verifyArchive(values.archive);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    for (const p of report.missing) io.stdout.write(`missing ${p.path}: ${p.reason}\n`);
    for (const p of report.altered) io.stdout.write(`altered ${p.path}: ${p.reason}\n`);
    io.stdout.write(`${report.instances} instances: ${report.verified} verified, ${report.unmarked} present without a checksum, `
      + `${report.altered.length} altered, ${report.missing.length} missing\n`);
  }
  return report.altered.length + report.missing.length > 0 ? ExitCode.Failure : ExitCode.Ok;
}
