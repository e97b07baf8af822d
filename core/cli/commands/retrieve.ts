import { parseArgs } from 'node:util';
import { retrieveScu, type RetrieveReport } from '../../services/query-retrieve-scu/retrieve.js';
import { StorageScp } from '../../services/storage-scp.js';
import { Archive } from '../../archive/archive.js';
import { type CliIo, ExitCode, UsageError } from '../io.js';
import { describeFailure } from '../errors-to-exit.js';
import { aeTitleOption, listOption, portOption, timeoutOption } from '../options.js';
import { modelOption } from './find.js';

export const retrieveHelp = `Usage: filmstation retrieve --host H --port P --called-aet AET --study-uid UID
                           [--series-uid UID[,UID...]] --method move|get --archive DIR
                           [--aet OURS] [--listen-port OURPORT] [--model study|patient]
                           [--patient-id ID] [--timeout SECONDS] [--json]

Fetches a study (or some of its series) from a PACS into the archive, series by series.
  --method move  C-MOVE: the PACS sends the images to our Storage SCP, which it must know as
                 --aet (default FILMSTATION) at this host and --listen-port (default 11112).
                 The Storage SCP runs on --listen-port for the duration of the retrieve; when
                 the port is taken (filmstation serve is running there) serve receives them.
  --method get   C-GET: the PACS sends the images back on our own association (no inbound
                 connection: works through firewalls).
Progress comes from the PACS's pending responses; Ctrl+C cancels (C-CANCEL).
Exit codes: 0 all retrieved, 1 some or all failed/cancelled, 3 unreachable, 4 rejected, 5 aborted,
6 timed out, 2 usage.`;

export async function retrieveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'called-aet': { type: 'string' },
      aet: { type: 'string', default: 'FILMSTATION' },
      'study-uid': { type: 'string' },
      'series-uid': { type: 'string' },
      method: { type: 'string', default: 'move' },
      archive: { type: 'string' },
      'listen-port': { type: 'string', default: '11112' },
      model: { type: 'string', default: 'study' },
      'patient-id': { type: 'string' },
      timeout: { type: 'string', default: '60' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const host = values.host ?? '';
  if (!host) throw new UsageError('--host is required');
  const port = portOption(values.port, '--port');
  const calledAeTitle = aeTitleOption(values['called-aet'], '--called-aet');
  const aeTitle = aeTitleOption(values.aet, '--aet');
  const studyInstanceUid = values['study-uid']?.trim();
  if (!studyInstanceUid) throw new UsageError('--study-uid is required');
  const method = values.method;
  if (method !== 'move' && method !== 'get') throw new UsageError(`--method must be move or get, not '${method ?? ''}'`);
  if (!values.archive) throw new UsageError('--archive is required');
  const listenPort = portOption(values['listen-port'], '--listen-port');
  const model = modelOption(values.model);
  const timeoutMs = timeoutOption(values.timeout);

  const archive = Archive.open(values.archive);
  let scp: StorageScp | undefined;
  try {
    if (method === 'move') {
      const candidate = new StorageScp({ aeTitle, archive });
      try {
        await candidate.listen(listenPort);
        scp = candidate;
        if (!values.json) io.stdout.write(`Storage SCP ${aeTitle} listening on port ${listenPort} for the retrieve\n`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        if (!values.json) io.stdout.write(`port ${listenPort} is in use: assuming 'filmstation serve' receives the images there\n`);
      }
    }
    const stop = new AbortController();
    void io.stopSignal?.then(() => stop.abort());
    let lastLine = 0;
    const report = await retrieveScu({
      host, port, calledAeTitle, callingAeTitle: aeTitle, moveDestination: aeTitle, method, studyInstanceUid, model,
      seriesInstanceUids: listOption(values['series-uid']), patientId: values['patient-id'], archive, signal: stop.signal, timeoutMs,
      config: { connectTimeoutMs: timeoutMs, artimTimeoutMs: timeoutMs, dimseTimeoutMs: timeoutMs },
      onProgress: (p) => {
        if (values.json) return;
        const now = Date.now();
        if (now - lastLine < 500 && p.remaining !== 0) return;
        lastLine = now;
        io.stdout.write(`series ${p.seriesIndex + 1}/${p.seriesCount}: ${p.completed} done, ${p.remaining ?? '?'} remaining, ${p.failed} failed, ${p.warning} warnings\n`);
      },
    });
    if (values.json) io.stdout.write(`${JSON.stringify({ ...report, error: report.error?.message })}\n`);
    else io.stdout.write(summary(report));
    if (report.ok) return ExitCode.Ok;
    if (report.error && report.completed === 0) return describeFailure(report.error).code;
    return ExitCode.Failure;
  } finally {
    await scp?.close({ graceful: true, timeoutMs: 10_000 });
    await archive.close();
  }
}

function summary(r: RetrieveReport): string {
  const lines = r.series.map((s) => {
    const status = s.status ? `${s.status.name} (0x${s.status.code.toString(16).padStart(4, '0').toUpperCase()})` : (s.error ?? 'no final status');
    const fix = s.status?.category === 'failure' && s.status.fix ? ` -- ${s.status.fix}` : '';
    return `  series ${s.seriesInstanceUid ?? '(whole study)'}: ${s.completed} retrieved, ${s.failed} failed, ${s.warning} warnings: ${status}${fix}${s.errorComment ? ` [${s.errorComment}]` : ''}`;
  });
  const head = r.ok ? 'retrieved' : r.cancelled ? 'cancelled' : 'NOT fully retrieved';
  return [
    `${head}: ${r.completed} instances (${r.failed} failed) of study ${r.studyInstanceUid} by C-${r.method.toUpperCase()} in ${r.elapsedMs} ms`,
    ...lines,
    ...(r.error ? [`  error: ${r.error.message}`] : []),
    '',
  ].join('\n');
}
