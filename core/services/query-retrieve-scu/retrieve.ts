/**
 * Retrieve a study (or some of its series) from a PACS into our archive:
 *  - C-MOVE (PS3.4 C.4.2): the PACS opens its own association to the move destination (our
 *    Storage SCP, known to the PACS by AE title) and sends the instances there;
 *  - C-GET (PS3.4 C.4.3): the PACS sends the instances back over our association as C-STORE
 *    sub-operations, for sites where it cannot connect to us (firewalls). They are stored by
 *    the Storage SCP's own handlers, so both paths end in the same archive code and events.
 *
 * Series by series (one request each, on one association), so that partial failures are
 * reported per series; the series list comes from a SERIES-level C-FIND on the same
 * association. Progress comes from the pending responses' sub-operation counts
 * (remaining/completed/failed/warning). Stop = C-CANCEL (PS3.7 9.3.3.3/9.3.4.3).
 *
 * Thrown: failures before anything was asked (PACS down or refusing, association rejected,
 * information model not supported). Returned in the report: everything after (statuses such
 * as 0xA801 move destination unknown or 0xA7xx out of resources, an abort mid-retrieve).
 */
import { associate } from '../../network/associate.js';
import type { DimseResponse } from '../../network/association.js';
import { cGetRq, cMoveRq } from '../../network/dimse/messages.js';
import type { StatusInfo } from '../../network/dimse/status.js';
import type { NegotiatedContext } from '../../network/negotiation/requestor.js';
import { DatasetBuilder } from '../../dicom/dataset-builder.js';
import { parseDicomDataset } from '../../dicom/read-dicom-file.js';
import type { Archive } from '../../archive/archive.js';
import { storageScpHandlers, type StoredEvent } from '../storage-scp.js';
import { sopClassFor, type InformationModel } from './information-model.js';
import { identifierCharacterSet, Tags } from './query-keys.js';
import { QrSession } from './qr-session.js';
import { getStorageProposals, queryProposals } from './proposals.js';
import { requireContext, type PacsConnection } from './connection.js';
import { findOnSession } from './find.js';
import { QueryRetrieveError } from './errors.js';

export type RetrieveMethod = 'move' | 'get';

export interface RetrieveOptions extends PacsConnection {
  method: RetrieveMethod;
  studyInstanceUid: string;
  /** Only these series; default: every series of the study. */
  seriesInstanceUids?: readonly string[] | undefined;
  /** Needed for the Patient Root model (unique key of the level above, PS3.4 C.4.2.2.1). */
  patientId?: string | undefined;
  model?: InformationModel | undefined;
  /** C-MOVE: the AE title the PACS sends to (ours). Default: callingAeTitle. */
  moveDestination?: string | undefined;
  /** C-GET: the archive the instances are stored in (required for get). */
  archive?: Archive | undefined;
  /** C-GET: each stored sub-operation (success or not). */
  onStored?: ((e: StoredEvent) => void) | undefined;
  /** C-GET: storage SOP classes to accept (default GET_STORAGE_SOP_CLASSES). */
  storageSopClasses?: readonly string[] | undefined;
  /** One request per series (default true); false: one study-level request. */
  perSeries?: boolean | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: RetrieveProgress) => void) | undefined;
  cancelGraceMs?: number | undefined;
  /** Per response, ms: a retrieve is alive as long as pending responses come (default: DIMSE timeout). */
  timeoutMs?: number | undefined;
}

export interface SubOperationCounts {
  remaining?: number | undefined;
  completed: number;
  failed: number;
  warning: number;
}

export interface RetrieveProgress extends SubOperationCounts {
  /** The series being retrieved (undefined for a study-level request). */
  seriesInstanceUid?: string | undefined;
  seriesIndex: number;
  seriesCount: number;
  /** Completed sub-operations over the whole retrieve so far. */
  totalCompleted: number;
  totalFailed: number;
}

export interface SeriesRetrieveResult extends SubOperationCounts {
  seriesInstanceUid?: string | undefined;
  /** The final status in words; absent when no final response came (abort, cancel unanswered, not attempted). */
  status?: StatusInfo | undefined;
  errorComment?: string | undefined;
  /** Failed SOP Instance UID List (0008,0058) of the final response. */
  failedSopInstanceUids: string[];
  /** Why this series was not (fully) retrieved when there is no status to say it. */
  error?: string | undefined;
  cancelled: boolean;
}

export interface RetrieveReport {
  method: RetrieveMethod;
  studyInstanceUid: string;
  /** True when every series finished with Success. */
  ok: boolean;
  cancelled: boolean;
  series: SeriesRetrieveResult[];
  completed: number;
  failed: number;
  warning: number;
  /** C-GET: instances our archive stored on this association. */
  stored: number;
  elapsedMs: number;
  /** A network failure mid-retrieve (peer abort, connection lost, timeout): typed DicomError. */
  error?: Error | undefined;
}

/** Runs one retrieve on its own association. */
export async function retrieveScu(opts: RetrieveOptions): Promise<RetrieveReport> {
  const started = performance.now();
  const model = opts.model ?? 'STUDY_ROOT';
  const method = opts.method;
  if (method === 'get' && !opts.archive) throw new QueryRetrieveError('BAD_QUERY', 'C-GET needs an archive to store the instances in');
  if (model === 'PATIENT_ROOT' && !opts.patientId) throw new QueryRetrieveError('BAD_QUERY', 'The Patient Root model needs the Patient ID of the study');
  const moveDestination = (opts.moveDestination ?? opts.callingAeTitle).trim();
  const perSeries = opts.perSeries ?? true;
  const proposals = [
    ...queryProposals(model, { find: perSeries && !opts.seriesInstanceUids, move: method === 'move', get: method === 'get' }),
    ...(method === 'get' ? getStorageProposals(opts.storageSopClasses) : []),
  ];
  const association = await associate({
    host: opts.host, port: opts.port, calledAeTitle: opts.calledAeTitle, callingAeTitle: opts.callingAeTitle, proposals,
    ...(opts.config ? { config: opts.config } : {}), ...(opts.trace ? { trace: opts.trace } : {}),
  });
  const session = new QrSession(association);
  let stored = 0;
  const report: RetrieveReport = {
    method, studyInstanceUid: opts.studyInstanceUid, ok: false, cancelled: false, series: [],
    completed: 0, failed: 0, warning: 0, stored: 0, elapsedMs: 0,
  };
  try {
    const retrieveCtx = requireContext(association, sopClassFor(model, method), `${method === 'move' ? 'C-MOVE' : 'C-GET'} in the ${model === 'STUDY_ROOT' ? 'Study' : 'Patient'} Root model`);
    if (method === 'get') {
      const storage = association.negotiated?.contexts.filter((c) => c.accepted && c.roles.scp) ?? [];
      if (storage.length === 0) {
        throw new QueryRetrieveError('NOT_SUPPORTED', `${opts.calledAeTitle} accepted no storage context with us as SCP: it cannot send C-GET sub-operations (SCP/SCU role selection, PS3.7 D.3.3.4)`);
      }
      const archive = opts.archive as Archive;
      association.setHandlers(storageScpHandlers(archive, association, (e) => {
        if (e.status === 0) stored += 1;
        opts.onStored?.(e);
      }));
    }

    // Which series: given, listed by a C-FIND, or none (one study-level request).
    let seriesList: Array<string | undefined> = opts.seriesInstanceUids ? [...opts.seriesInstanceUids] : [undefined];
    if (perSeries && !opts.seriesInstanceUids) {
      const findCtx = association.negotiated?.contexts.find((c) => c.accepted && c.abstractSyntax === sopClassFor(model, 'find'));
      if (findCtx) {
        const found = await findOnSession(session, findCtx, {
          model, signal: opts.signal, cancelGraceMs: opts.cancelGraceMs, timeoutMs: opts.timeoutMs,
          query: { level: 'SERIES', studyInstanceUid: opts.studyInstanceUid, patientId: opts.patientId },
        });
        const uids = [...new Set(found.matches.map((m) => m.seriesInstanceUid).filter((u): u is string => u !== undefined))];
        // A PACS that cannot list series (or lists none) still gets the study-level request.
        if (found.status?.category === 'success' && uids.length > 0) seriesList = uids;
        if (found.cancelled) report.cancelled = true;
      }
    }

    const totals = { completed: 0, failed: 0 };
    for (let i = 0; i < seriesList.length; i++) {
      const seriesInstanceUid = seriesList[i];
      if (report.cancelled || opts.signal?.aborted) {
        report.cancelled = true;
        report.series.push({ seriesInstanceUid, completed: 0, failed: 0, warning: 0, failedSopInstanceUids: [], cancelled: true, error: 'not retrieved: cancelled' });
        continue;
      }
      if (report.error) {
        report.series.push({ seriesInstanceUid, completed: 0, failed: 0, warning: 0, failedSopInstanceUids: [], cancelled: false, error: `not retrieved: ${report.error.message}` });
        continue;
      }
      const result = await retrieveOne(session, retrieveCtx, {
        ...opts, model, moveDestination, seriesInstanceUid,
        progress: (counts) => opts.onProgress?.({
          ...counts, seriesInstanceUid, seriesIndex: i, seriesCount: seriesList.length,
          totalCompleted: totals.completed + counts.completed, totalFailed: totals.failed + counts.failed,
        }),
      }).catch((err: unknown) => {
        report.error = err instanceof Error ? err : new Error(String(err));
        return undefined;
      });
      if (!result) {
        report.series.push({ seriesInstanceUid, completed: 0, failed: 0, warning: 0, failedSopInstanceUids: [], cancelled: false,
          error: `interrupted: ${(report.error as Error | undefined)?.message ?? 'unknown error'}` });
        continue;
      }
      totals.completed += result.completed;
      totals.failed += result.failed;
      report.series.push(result);
      if (result.cancelled) report.cancelled = true;
    }
  } catch (err) {
    // Thrown before any retrieve request (context refused...): release and rethrow.
    await session.close();
    throw err;
  }
  await session.close();
  report.stored = stored;
  report.completed = report.series.reduce((n, s) => n + s.completed, 0);
  report.failed = report.series.reduce((n, s) => n + s.failed, 0);
  report.warning = report.series.reduce((n, s) => n + s.warning, 0);
  report.ok = !report.error && !report.cancelled && report.series.every((s) => s.status?.category === 'success');
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}

interface OneOptions extends RetrieveOptions {
  model: InformationModel;
  moveDestination: string;
  seriesInstanceUid: string | undefined;
  progress: (c: SubOperationCounts) => void;
}

/** One C-MOVE or C-GET request (study or series level) to its final response. */
async function retrieveOne(session: QrSession, ctx: NegotiatedContext, o: OneOptions): Promise<SeriesRetrieveResult> {
  const identifier = retrieveIdentifier(o).encode(ctx.transferSyntax);
  const message = o.method === 'move'
    ? cMoveRq({ messageId: 0, affectedSopClassUid: ctx.abstractSyntax, moveDestination: o.moveDestination, dataset: identifier })
    : cGetRq({ messageId: 0, affectedSopClassUid: ctx.abstractSyntax, dataset: identifier });
  let last: SubOperationCounts = { completed: 0, failed: 0, warning: 0 };
  const outcome = await session.request(message, {
    presentationContextId: ctx.id,
    service: o.method === 'move' ? 'query-retrieve-move' : 'query-retrieve-get',
    signal: o.signal, cancelGraceMs: o.cancelGraceMs, timeoutMs: o.timeoutMs,
    onPending: (rsp) => {
      last = countsOf(rsp, last);
      o.progress(last);
    },
  });
  if (!outcome.response) {
    return { seriesInstanceUid: o.seriesInstanceUid, ...last, failedSopInstanceUids: [], cancelled: true,
      error: 'the PACS did not answer the cancel: association aborted' };
  }
  const rsp = outcome.response;
  const counts = countsOf(rsp, last);
  o.progress(counts);
  return {
    seriesInstanceUid: o.seriesInstanceUid, ...counts, status: rsp.status,
    ...(rsp.command.errorComment ? { errorComment: rsp.command.errorComment } : {}),
    failedSopInstanceUids: failedUids(rsp, ctx.transferSyntax),
    cancelled: rsp.status.category === 'cancel' || outcome.cancelSent,
  };
}

/**
 * The counts of a C-MOVE/C-GET response (PS3.7 9.3.3.2, 9.3.4.2). A final response may omit
 * some (Remaining is absent in final ones, others are optional on failure): keep the last known.
 */
function countsOf(rsp: DimseResponse, previous: SubOperationCounts): SubOperationCounts {
  const c = rsp.command;
  return {
    remaining: c.numberOfRemainingSuboperations,
    completed: c.numberOfCompletedSuboperations ?? previous.completed,
    failed: c.numberOfFailedSuboperations ?? previous.failed,
    warning: c.numberOfWarningSuboperations ?? previous.warning,
  };
}

function failedUids(rsp: DimseResponse, ts: string): string[] {
  if (!rsp.dataset) return [];
  try {
    return parseDicomDataset(rsp.dataset, ts, { lenient: true }).strings(Tags.FailedSOPInstanceUIDList).map((s) => s.trim()).filter((s) => s !== '');
  } catch {
    return [];
  }
}

/** The retrieve Identifier: level and unique keys only (PS3.4 C.4.2.1.4.1, C.4.3.1.3.1). */
export function retrieveIdentifier(o: { model?: InformationModel | undefined; studyInstanceUid: string; seriesInstanceUid?: string | undefined; patientId?: string | undefined }): DatasetBuilder {
  const patientId = o.patientId?.trim();
  const builder = new DatasetBuilder(patientId ? identifierCharacterSet([patientId], 'auto') : undefined);
  builder.text(Tags.QueryRetrieveLevel, 'CS', o.seriesInstanceUid ? 'SERIES' : 'STUDY');
  if (o.model === 'PATIENT_ROOT' && patientId) builder.text(Tags.PatientID, 'LO', patientId);
  builder.text(Tags.StudyInstanceUID, 'UI', o.studyInstanceUid);
  if (o.seriesInstanceUid) builder.text(Tags.SeriesInstanceUID, 'UI', o.seriesInstanceUid);
  return builder;
}
