/**
 * Local archive and PACS: search, the selected study and its series, instances per series
 * (loaded on demand), import with progress, delete, PACS query and retrieve with progress,
 * and the "working" studies shown beside the film composer.
 */
import { defineStore } from 'pinia';
import { api } from '../api/index.js';
import type {
  ImportReportView, InstanceSummary, RemoteStudy, RetrieveReport, StudyDetail, StudyQuery, StudySummary, UploadedFile, WorkstationEvent,
} from '../api/index.js';

export interface SearchForm { text: string; dateFrom: string; dateTo: string; modality: string }

export interface ImportProgress { operationId: string; done: number; total: number; running: boolean; path: string; report?: ImportReportView; error?: string }

export interface RetrieveProgress { operationId: string; studyInstanceUid: string; state: 'running' | 'done' | 'failed' | 'cancelled'; completed: number; remaining: number | null; failed: number; message?: string }

let opCounter = 0;
export function newOperationId(prefix: string): string {
  opCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${opCounter}`;
}

/** 'YYYY-MM-DD' (input type=date) -> 'YYYYMMDD'. */
export function toDicomDate(v: string): string | undefined {
  const d = v.replace(/-/g, '');
  return /^\d{8}$/.test(d) ? d : undefined;
}

/** Upload at most this many bytes per import:upload call (the facade takes 64 MiB). */
const UPLOAD_CHUNK_BYTES = 32 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export const useStudies = defineStore('studies', {
  state: () => ({
    form: { text: '', dateFrom: '', dateTo: '', modality: '' } as SearchForm,
    list: [] as StudySummary[],
    loading: false,
    error: '' as string,
    selectedUid: null as string | null,
    detail: null as StudyDetail | null,
    instances: {} as Record<string, InstanceSummary[]>,
    working: [] as StudyDetail[],
    importing: null as ImportProgress | null,
    // PACS
    pacsNodeId: '' as string,
    pacsQuery: { patientName: '', patientId: '', studyDate: '', modality: '' },
    pacsResults: [] as RemoteStudy[],
    pacsLoading: false,
    pacsError: '' as string,
    retrieves: {} as Record<string, RetrieveProgress>,
  }),
  getters: {
    query(state): StudyQuery {
      const q: StudyQuery = {};
      if (state.form.text.trim()) q.text = state.form.text.trim();
      const from = toDicomDate(state.form.dateFrom);
      const to = toDicomDate(state.form.dateTo);
      if (from) q.dateFrom = from;
      if (to) q.dateTo = to;
      if (state.form.modality) q.modality = state.form.modality;
      return q;
    },
  },
  actions: {
    async search() {
      this.loading = true;
      this.error = '';
      try {
        this.list = await api().call('studies:list', { query: this.query });
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e);
      } finally {
        this.loading = false;
      }
    },
    async select(uid: string | null) {
      this.selectedUid = uid;
      if (!uid) { this.detail = null; return; }
      const d = await api().call('studies:get', { studyInstanceUid: uid });
      if (this.selectedUid === uid) this.detail = d;
    },
    /** The instances of a series (cached). */
    async loadInstances(seriesUid: string): Promise<InstanceSummary[]> {
      const have = this.instances[seriesUid];
      if (have) return have;
      const list = await api().call('studies:instances', { seriesInstanceUid: seriesUid });
      this.instances[seriesUid] = list;
      return list;
    },
    /** Put a study beside the film composer (most recent first). */
    async addToWorking(uid: string) {
      const d = this.detail?.study.studyInstanceUid === uid ? this.detail : await api().call('studies:get', { studyInstanceUid: uid });
      this.working = [d, ...this.working.filter((w) => w.study.studyInstanceUid !== uid)].slice(0, 8);
    },
    removeFromWorking(uid: string) {
      this.working = this.working.filter((w) => w.study.studyInstanceUid !== uid);
    },
    async deleteStudy(uid: string) {
      await api().call('studies:delete', { studyInstanceUid: uid });
      this.forget(uid);
    },
    forget(uid: string) {
      this.list = this.list.filter((s) => s.studyInstanceUid !== uid);
      this.working = this.working.filter((w) => w.study.studyInstanceUid !== uid);
      if (this.selectedUid === uid) { this.selectedUid = null; this.detail = null; }
    },
    async importPaths(paths: string[]): Promise<ImportReportView | undefined> {
      const operationId = newOperationId('import');
      this.importing = { operationId, done: 0, total: 0, running: true, path: '' };
      try {
        const report = await api().call('import:paths', { paths, operationId });
        this.importing = { ...this.importing, running: false, report, done: report.total, total: report.total };
        await this.search();
        return report;
      } catch (e) {
        this.importing = { ...this.importing, running: false, error: e instanceof Error ? e.message : String(e) };
        return undefined;
      }
    },
    /** Files dropped on the browser window: sent in chunks of at most UPLOAD_CHUNK_BYTES. */
    async importFiles(files: readonly File[]): Promise<void> {
      const operationId = newOperationId('upload');
      this.importing = { operationId, done: 0, total: files.length, running: true, path: '' };
      let batch: UploadedFile[] = [];
      let bytes = 0;
      let done = 0;
      const flush = async (): Promise<void> => {
        if (!batch.length) return;
        await api().call('import:upload', { files: batch, operationId });
        done += batch.length;
        if (this.importing) this.importing = { ...this.importing, done };
        batch = [];
        bytes = 0;
      };
      try {
        for (const f of files) {
          if (bytes + f.size > UPLOAD_CHUNK_BYTES) await flush();
          batch.push({ name: f.name, base64: toBase64(new Uint8Array(await f.arrayBuffer())) });
          bytes += f.size;
        }
        await flush();
        this.importing = { operationId, done, total: files.length, running: false, path: '' };
        await this.search();
      } catch (e) {
        this.importing = { operationId, done, total: files.length, running: false, path: '', error: e instanceof Error ? e.message : String(e) };
      }
    },
    async pacsFind() {
      if (!this.pacsNodeId) return;
      this.pacsLoading = true;
      this.pacsError = '';
      try {
        const q = Object.fromEntries(Object.entries(this.pacsQuery).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, k === 'studyDate' ? v.replace(/-/g, '') : v.trim()]));
        this.pacsResults = await api().call('pacs:findStudies', { nodeId: this.pacsNodeId, query: q });
      } catch (e) {
        this.pacsError = e instanceof Error ? e.message : String(e);
        this.pacsResults = [];
      } finally {
        this.pacsLoading = false;
      }
    },
    async pacsRetrieve(studyInstanceUid: string): Promise<RetrieveReport | undefined> {
      const operationId = newOperationId('retrieve');
      this.retrieves[studyInstanceUid] = { operationId, studyInstanceUid, state: 'running', completed: 0, remaining: null, failed: 0 };
      try {
        const r = await api().call('pacs:retrieve', { nodeId: this.pacsNodeId, studyInstanceUid, operationId });
        const cur = this.retrieves[studyInstanceUid];
        this.retrieves[studyInstanceUid] = { ...(cur ?? { operationId, studyInstanceUid, remaining: 0 }), state: r.state, completed: r.completed, failed: r.failed, remaining: 0, message: r.message };
        const hit = this.pacsResults.find((s) => s.studyInstanceUid === studyInstanceUid);
        if (hit && r.completed > 0) hit.local = true;
        await this.search();
        return r;
      } catch (e) {
        this.retrieves[studyInstanceUid] = { operationId, studyInstanceUid, state: 'failed', completed: 0, remaining: null, failed: 0, message: e instanceof Error ? e.message : String(e) };
        return undefined;
      }
    },
    /** Events from the Workstation (wired once in events.ts). */
    handleEvent(e: WorkstationEvent) {
      switch (e.type) {
        case 'import-progress':
          if (this.importing?.operationId === e.operationId) this.importing = { ...this.importing, done: e.done, total: e.total, path: e.path };
          break;
        case 'retrieve-progress': {
          const cur = this.retrieves[e.studyInstanceUid];
          if (cur && cur.operationId === e.operationId) {
            this.retrieves[e.studyInstanceUid] = { ...cur, state: e.state, completed: e.completed, remaining: e.remaining, failed: e.failed, message: e.message };
          }
          break;
        }
        case 'study-received':
        case 'study-updated':
          scheduleRefresh(this);
          if (this.selectedUid === e.studyInstanceUid) void this.select(e.studyInstanceUid);
          break;
        case 'study-deleted':
          if (!e.seriesInstanceUid) this.forget(e.studyInstanceUid);
          break;
        default: break;
      }
    },
  },
});

/** Study arrivals come in bursts: refresh the list at most every 500 ms, and never during an import. */
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleRefresh(store: { importing: ImportProgress | null; search(): Promise<void> }): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    if (!store.importing?.running) void store.search();
  }, 500);
}
