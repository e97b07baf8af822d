import { parseArgs } from 'node:util';
import { findScu } from '../../services/query-retrieve-scu/find.js';
import type { FindMatch } from '../../services/query-retrieve-scu/find-match.js';
import { isQueryLevel, type InformationModel } from '../../services/query-retrieve-scu/information-model.js';
import { type CliIo, ExitCode, UsageError } from '../io.js';
import { peerOptionSpec, peerOptions } from '../options.js';

export const findHelp = `Usage: filmstation find --host H --port P --called-aet AET --level PATIENT|STUDY|SERIES|IMAGE
                       [--patient-name NAME] [--patient-id ID] [--study-date DATE] [--modality MOD]
                       [--accession NO] [--study-uid UID] [--series-uid UID] [--model study|patient]
                       [--limit N] [--charset auto|TERM] [--calling-aet AET] [--timeout SECONDS] [--json]

Searches a PACS (C-FIND). Text keys take the wildcards * and ?; dates are YYYYMMDD or a range
(20240101-20240131, 20240101-, -20240131). Names in Japanese (or any language) are sent in the
character set they need (--charset auto) or the one the PACS expects (e.g. 'ISO_IR 192').
SERIES level needs --study-uid, IMAGE level --study-uid and --series-uid; PATIENT level needs
--model patient. Ctrl+C stops the search (C-CANCEL) and prints what was found.
Exit codes: 0 search done, 1 refused by the PACS, 3 unreachable, 4 rejected, 5 aborted, 6 timed out, 2 usage.`;

export async function findCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...peerOptionSpec(60),
      level: { type: 'string', default: 'STUDY' },
      model: { type: 'string', default: 'study' },
      'patient-name': { type: 'string' },
      'patient-id': { type: 'string' },
      'study-date': { type: 'string' },
      modality: { type: 'string' },
      accession: { type: 'string' },
      'study-uid': { type: 'string' },
      'series-uid': { type: 'string' },
      limit: { type: 'string' },
      charset: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const { host, port, calledAeTitle, callingAeTitle, timeoutMs } = peerOptions(values);
  const level = (values.level ?? 'STUDY').toUpperCase();
  if (!isQueryLevel(level)) throw new UsageError(`--level must be PATIENT, STUDY, SERIES or IMAGE, not '${values.level ?? ''}'`);
  const model = modelOption(values.model);
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not '${values.limit}'`);
  }
  const stop = new AbortController();
  void io.stopSignal?.then(() => stop.abort());
  const result = await findScu({
    host, port, calledAeTitle, callingAeTitle, model, limit, characterSet: values.charset, signal: stop.signal, timeoutMs,
    config: { connectTimeoutMs: timeoutMs, artimTimeoutMs: timeoutMs, dimseTimeoutMs: timeoutMs },
    query: {
      level, patientName: values['patient-name'], patientId: values['patient-id'], studyDate: values['study-date'],
      modality: values.modality, accessionNumber: values.accession, studyInstanceUid: values['study-uid'], seriesInstanceUid: values['series-uid'],
    },
    onMatch: (m) => { if (!values.json) io.stdout.write(`${formatMatch(m, level)}\n`); },
  }).catch((err: unknown) => {
    // A bad key is a usage problem, reported with the help text.
    if (err instanceof Error && 'code' in err && err.code === 'BAD_QUERY') throw new UsageError(err.message);
    throw err;
  });
  const failed = result.status !== undefined && result.status.category === 'failure';
  if (values.json) {
    io.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const why = result.limitReached ? ` (stopped at the limit of ${limit ?? 0})` : result.cancelled ? ' (stopped)' : '';
    io.stdout.write(`${result.matches.length} match${result.matches.length === 1 ? '' : 'es'}${why} in ${result.elapsedMs} ms\n`);
  }
  if (failed) {
    const s = result.status;
    io.stderr.write(`find failed: ${s?.name ?? ''} (0x${(s?.code ?? 0).toString(16).padStart(4, '0').toUpperCase()}): ${s?.text ?? ''}${result.errorComment ? ` [${result.errorComment}]` : ''}\n`);
    return ExitCode.Failure;
  }
  return ExitCode.Ok;
}

export function modelOption(v: string | undefined): InformationModel {
  const m = (v ?? 'study').toLowerCase();
  if (m === 'study' || m === 'study_root') return 'STUDY_ROOT';
  if (m === 'patient' || m === 'patient_root') return 'PATIENT_ROOT';
  throw new UsageError(`--model must be study or patient, not '${v ?? ''}'`);
}

function formatMatch(m: FindMatch, level: string): string {
  const cols: Array<string | number | undefined> = level === 'PATIENT'
    ? [m.patientId, m.patientName, m.patientBirthDate, m.patientSex, m.numberOfPatientRelatedStudies !== undefined ? `${m.numberOfPatientRelatedStudies} studies` : undefined]
    : level === 'STUDY'
      ? [m.studyDate, m.patientName, m.patientId, m.accessionNumber, m.modalitiesInStudy?.join('/'), m.studyDescription,
        m.numberOfStudyRelatedInstances !== undefined ? `${m.numberOfStudyRelatedInstances} images` : undefined, m.studyInstanceUid]
      : level === 'SERIES'
        ? [m.seriesNumber, m.modality, m.seriesDescription, m.numberOfSeriesRelatedInstances !== undefined ? `${m.numberOfSeriesRelatedInstances} images` : undefined, m.seriesInstanceUid]
        : [m.instanceNumber, m.sopClassUid, m.sopInstanceUid];
  return cols.map((c) => (c === undefined || c === '' ? '-' : String(c))).join('  ');
}
