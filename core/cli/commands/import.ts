import { parseArgs } from 'node:util';
import { Archive } from '../../archive/archive.js';
import { importPaths } from '../../archive/import-files.js';
import { type CliIo, ExitCode, UsageError } from '../io.js';

export const importHelp = `Usage: filmstation import PATH... --archive DIR [--json] [--quiet]

Copies DICOM files into the archive: files, folders (recursively) and DICOMDIRs (CD/DVD:
give the DICOMDIR file). Originals are not modified. Non-DICOM files are skipped and listed.
Exit codes: 0 all DICOM files imported, 1 some could not be stored, 2 wrong usage.`;

export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { archive: { type: 'string' }, json: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (!values.archive) throw new UsageError('--archive is required');
  if (positionals.length === 0) throw new UsageError('give at least one file, folder or DICOMDIR to import');
  const archive = Archive.open(values.archive);
  try {
    const report = await importPaths(archive, positionals, {
      onProgress: (p) => {
        if (values.json || values.quiet) return;
        io.stdout.write(`[${p.done}/${p.total}] ${p.outcome} ${p.path}${p.reason ? `: ${p.reason}` : ''}\n`);
      },
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      io.stdout.write(`imported ${report.imported}, already in the archive ${report.duplicates}, skipped ${report.skipped.length} (not DICOM), failed ${report.failed.length}; ${report.studies.length} studies\n`);
      for (const s of report.skipped) io.stdout.write(`skipped ${s.path}: ${s.reason}\n`);
      for (const m of report.missing) io.stdout.write(`missing (listed in DICOMDIR): ${m}\n`);
      for (const f of report.failed) io.stderr.write(`failed ${f.path}: ${f.reason}\n`);
    }
    return report.failed.length > 0 ? ExitCode.Failure : ExitCode.Ok;
  } finally {
    await archive.close();
  }
}
