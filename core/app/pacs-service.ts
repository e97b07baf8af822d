/**
 * PACS query/retrieve for the facade, over the Query/Retrieve SCU
 * (core/services/query-retrieve-scu): Study Root C-FIND at STUDY and SERIES level
 * (PS3.4 C.6.2), retrieve by C-MOVE to our own Storage SCP or by C-GET on the same
 * association (PS3.4 C.4.2, C.4.3), progress as 'retrieve-progress' events.
 *
 * C-MOVE needs the PACS to know our AE title with our host and port: that is
 * configured on the PACS side; our Storage SCP must be running.
 */
import { randomUUID } from 'node:crypto';
import type { Archive } from '../archive/archive.js';
import type { NetworkConfig } from '../network/config.js';
import { findScu, retrieveScu, type FindMatch, type RetrieveProgress } from '../services/query-retrieve-scu/index.js';
import { ApiError } from './errors.js';
import { echoNode } from './printer-ops.js';
import type { EchoView, PacsNode, PacsStudyQuery, RemoteSeries, RemoteStudy, RetrieveReport, Settings, WorkstationEvent } from './contract-types.js';

export interface PacsServiceOptions {
  /** Our AE title as the PACS must know it: the one the Storage SCP answers to for this run (serve --aet overrides the settings). */
  ourAeTitle: () => string;
  settings: () => Settings;
  archive: Archive;
  emit: (e: WorkstationEvent) => void;
  networkConfig?: Partial<NetworkConfig>;
}

export class PacsService {
  /** Query/Retrieve is part of this build. */
  readonly available = true;

  constructor(private readonly o: PacsServiceOptions) {}

  private node(nodeId: string): { node: PacsNode; callingAeTitle: string } {
    const s = this.o.settings();
    const node = s.pacsNodes.find((n) => n.id === nodeId);
    if (!node) throw new ApiError('NOT_FOUND', `No PACS node '${nodeId}' in the settings`);
    return { node, callingAeTitle: this.o.ourAeTitle() };
  }

  private connection(nodeId: string): { host: string; port: number; calledAeTitle: string; callingAeTitle: string; config?: Partial<NetworkConfig> } & { node: PacsNode } {
    const { node, callingAeTitle } = this.node(nodeId);
    return { node, host: node.host, port: node.port, calledAeTitle: node.calledAeTitle, callingAeTitle, ...(this.o.networkConfig ? { config: this.o.networkConfig } : {}) };
  }

  async echo(nodeId: string): Promise<EchoView> {
    const c = this.connection(nodeId);
    return echoNode({ host: c.host, port: c.port, calledAeTitle: c.calledAeTitle }, c.callingAeTitle, this.o.networkConfig);
  }

  async findStudies(nodeId: string, q: PacsStudyQuery): Promise<RemoteStudy[]> {
    const { node: _node, ...conn } = this.connection(nodeId);
    const r = await findScu({
      ...conn,
      query: {
        level: 'STUDY',
        ...(q.patientName ? { patientName: q.patientName } : {}), ...(q.patientId ? { patientId: q.patientId } : {}),
        ...(q.studyDate ? { studyDate: q.studyDate } : {}), ...(q.accessionNumber ? { accessionNumber: q.accessionNumber } : {}),
        ...(q.modality ? { modality: q.modality } : {}), ...(q.studyDescription ? { studyDescription: q.studyDescription } : {}),
      },
      limit: q.limit ?? 500,
    });
    if (r.status && r.status.category === 'failure') throw new ApiError('FAILED', `The PACS refused the search: ${r.status.text}${r.errorComment ? ` (${r.errorComment})` : ''}`);
    return r.matches.filter((m) => m.studyInstanceUid).map((m) => this.remoteStudy(m));
  }

  async findSeries(nodeId: string, studyInstanceUid: string): Promise<RemoteSeries[]> {
    const { node: _node, ...conn } = this.connection(nodeId);
    const r = await findScu({ ...conn, query: { level: 'SERIES', studyInstanceUid } });
    if (r.status && r.status.category === 'failure') throw new ApiError('FAILED', `The PACS refused the search: ${r.status.text}${r.errorComment ? ` (${r.errorComment})` : ''}`);
    return r.matches.filter((m) => m.seriesInstanceUid).map((m) => ({
      seriesInstanceUid: m.seriesInstanceUid ?? '', studyInstanceUid: m.studyInstanceUid ?? studyInstanceUid, modality: m.modality ?? '',
      seriesNumber: m.seriesNumber ?? null, seriesDescription: m.seriesDescription ?? '', instanceCount: m.numberOfSeriesRelatedInstances ?? null,
    })).sort((a, b) => (a.seriesNumber ?? 1e9) - (b.seriesNumber ?? 1e9));
  }

  async retrieve(req: { nodeId: string; studyInstanceUid: string; seriesInstanceUid?: string; operationId?: string }, storagePort: number | null): Promise<RetrieveReport> {
    const { node, ...conn } = this.connection(req.nodeId);
    const operationId = req.operationId ?? randomUUID();
    const method = node.retrieveMethod === 'C-GET' ? 'get' : 'move';
    if (method === 'move' && storagePort === null) {
      throw new ApiError('NOT_AVAILABLE', 'C-MOVE needs our Storage SCP, which is not running (see the settings: AE title and port)');
    }
    const base = { operationId, nodeId: req.nodeId, studyInstanceUid: req.studyInstanceUid, ...(req.seriesInstanceUid ? { seriesInstanceUid: req.seriesInstanceUid } : {}) };
    const progress = (p: RetrieveProgress): void => this.o.emit({
      type: 'retrieve-progress', ...base, state: 'running', completed: p.totalCompleted, failed: p.totalFailed, warning: p.warning,
      remaining: p.remaining ?? null,
    });
    this.o.emit({ type: 'retrieve-progress', ...base, state: 'running', completed: 0, failed: 0, warning: 0, remaining: null });
    try {
      const r = await retrieveScu({
        ...conn, method, studyInstanceUid: req.studyInstanceUid,
        ...(req.seriesInstanceUid ? { seriesInstanceUids: [req.seriesInstanceUid] } : {}),
        ...(method === 'get' ? { archive: this.o.archive } : {}),
        onProgress: progress,
      });
      const state: RetrieveReport['state'] = r.cancelled ? 'cancelled' : r.ok ? 'done' : 'failed';
      const why = r.error?.message ?? r.series.map((s) => s.error ?? (s.status && s.status.category !== 'success' ? s.status.text : undefined)).find((x) => x);
      const message = state === 'done' ? undefined : why ?? `${r.failed} of ${r.completed + r.failed} instances could not be retrieved`;
      this.o.emit({ type: 'retrieve-progress', ...base, state, completed: r.completed, failed: r.failed, warning: r.warning, remaining: 0, ...(message ? { message } : {}) });
      return { operationId, state, completed: r.completed, failed: r.failed, warning: r.warning, ...(message ? { message } : {}) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.o.emit({ type: 'retrieve-progress', ...base, state: 'failed', completed: 0, failed: 0, warning: 0, remaining: null, message });
      throw err;
    }
  }

  private remoteStudy(m: FindMatch): RemoteStudy {
    const uid = m.studyInstanceUid ?? '';
    return {
      studyInstanceUid: uid, patientName: m.patientName ?? '', patientId: m.patientId ?? '', patientBirthDate: m.patientBirthDate ?? '',
      patientSex: m.patientSex ?? '', studyDate: m.studyDate ?? '', studyTime: m.studyTime ?? '', studyDescription: m.studyDescription ?? '',
      accessionNumber: m.accessionNumber ?? '', modalities: m.modalitiesInStudy ?? [],
      seriesCount: m.numberOfStudyRelatedSeries ?? null, instanceCount: m.numberOfStudyRelatedInstances ?? null,
      local: this.o.archive.index.getStudy(uid) !== undefined,
    };
  }
}
