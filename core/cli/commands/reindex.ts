import { reindexArchive } from '../../archive/reindex.js';
import { type CliIo, ExitCode } from '../io.js';
import { archiveReportArgs } from '../options.js';

export const reindexHelp = `Usage: filmstation reindex --archive DIR [--json]

Rebuilds the archive's index from its files (after a crash, a restore, or files copied in
by hand). Files that cannot be read are listed and left in place.`;

export async function reindexCommand(argv: string[], io: CliIo): Promise<number> {
  const values = archiveReportArgs(argv);
  const report = await reindexArchive(values.archive);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    io.stdout.write(`indexed ${report.instances} instances in ${report.studies} studies\n`);
    for (const u of report.unreadable) io.stdout.write(`unreadable ${u.path}: ${u.reason}\n`);
  }
  return ExitCode.Ok;
}
