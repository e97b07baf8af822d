import { ArchiveIndex } from '../../archive/archive-index.js';
import { type CliIo, ExitCode } from '../io.js';
import { archiveReportArgs, existingIndexFile } from '../options.js';

export const studiesHelp = `Usage: filmstation studies --archive DIR [--json]

Lists the studies in the archive, one row per study: patient name and ID, study instance
UID, date, modalities, description, number of series and instances.`;

export async function studiesCommand(argv: string[], io: CliIo): Promise<number> {
  const values = archiveReportArgs(argv);
  const file = existingIndexFile(values.archive);
  // Read-only: listing must work while `serve` writes to the same archive (WAL allows it).
  const index = new ArchiveIndex(file, { readonly: true });
  try {
    const studies = index.listStudies();
    if (values.json) {
      io.stdout.write(`${JSON.stringify(studies.map((s) => ({
        patientName: s.patientName, patientId: s.patientId, studyInstanceUid: s.studyInstanceUid, studyDate: s.studyDate,
        modalities: s.modalities, studyDescription: s.studyDescription, seriesCount: s.seriesCount, instanceCount: s.instanceCount,
        accessionNumber: s.accessionNumber, receivedFrom: s.receivedFrom, receivedAt: s.receivedAt,
      })))}\n`);
      return ExitCode.Ok;
    }
    const header = ['PATIENT NAME', 'PATIENT ID', 'DATE', 'MODALITY', 'DESCRIPTION', 'SERIES', 'INSTANCES', 'STUDY INSTANCE UID'];
    const rows = studies.map((s) => [s.patientName, s.patientId, formatDate(s.studyDate), s.modalities, s.studyDescription,
      String(s.seriesCount), String(s.instanceCount), s.studyInstanceUid]);
    const widths = header.map((h, i) => Math.min(40, Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? '')))));
    const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0))).join('  ').trimEnd();
    io.stdout.write(`${line(header)}\n`);
    for (const r of rows) io.stdout.write(`${line(r)}\n`);
    io.stdout.write(`${studies.length} ${studies.length === 1 ? 'study' : 'studies'}\n`);
    return ExitCode.Ok;
  } finally {
    index.close();
  }
}

function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

/** East Asian wide characters take two terminal columns. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(Math.max(0, width - w));
}
