import { verifyArchive } from '../../archive/verify.js';
import { type CliIo, ExitCode } from '../io.js';
import { archiveReportArgs, existingIndexFile } from '../options.js';

export const verifyHelp = `Usage: filmstation verify --archive DIR [--json]

Checks every indexed file: present, at the size it was stored with, and, for files that
carry a checksum (received with the default durability on Linux), with the bytes that were
received. Lists files missing or altered; exit code 1 if there are any. Only reads: it can
run while 'serve' receives into the archive.`;

export async function verifyCommand(argv: string[], io: CliIo): Promise<number> {
  const values = archiveReportArgs(argv);
  existingIndexFile(values.archive);
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
