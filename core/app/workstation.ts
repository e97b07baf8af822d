/**
 * The Workstation facade: the one API every front end uses (desktop window through
 * Electron IPC, the browser host through its WebSocket, the CLI) and one typed event
 * stream. It owns the services' lifecycle:
 *
 *   open()   settings, archive, print queue (resumes unfinished jobs), the built-in virtual
 *            imager (the default printer when none is configured, issue 7), the Storage
 *            SCP, printer status polling;
 *   close()  stops accepting, lets open transfers finish (bounded), lets the queue reach a
 *            safe point, closes the archive.
 *
 * Every request goes through `call(channel, payload)`: the payload is validated against
 * the contract (contract.ts) before any handler sees it, and failures come back as
 * { ok: false, error: { code, message } }, never as an exception across the boundary.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Archive, DEFAULT_SPARE_RESERVE, type ArchiveOptions } from '../archive/archive.js';
import { importPaths, type ImportProgress } from '../archive/import-files.js';
import { FILM_SIZES } from '../film/film-sizes.js';
import { listPrinterProfiles, loadPrinterProfile, type PrinterProfile } from '../film/printer-profile.js';
import type { SeriesImage } from '../film/pagination.js';
import { VOI_PRESETS } from '../imaging/voi-presets.js';
import { JobStore } from '../jobs/job-store.js';
import { PrintQueue, type RetryPolicy } from '../jobs/print-queue.js';
import { filePreparer } from '../jobs/render-film-content.js';
import type { JobOptions, PrintJobRecord, PrinterTarget } from '../jobs/job-types.js';
import type { NetworkConfig } from '../network/config.js';
import { StorageScp, type StoredEvent } from '../services/storage-scp.js';
import type { ServerEvents } from '../network/server.js';
import { PrintScp } from '../services/print-scp/print-scp.js';
import { getPrinterStatus, watchPrinterStatus } from '../services/print-scu/printer-status.js';
import { CHANNELS, validateRequest, isChannel } from './contract.js';
import type {
  ApiResult, AppInfo, Channel, FilmDocument, ImportReportView, PrinterConfig, PrinterStatusView, PrinterView, RequestOf, ResponseOf, Settings,
  WorkstationEvent,
} from './contract-types.js';
import { ApiError, toApiErrorBody } from './errors.js';
import { EventHub, type WorkstationListener } from './event-hub.js';
import { checkFilm, fill, newFilm, previewBox, previewFilm, relayout } from './film-ops.js';
import { ImageCache } from './image-cache.js';
import { PacsService } from './pacs-service.js';
import { capabilitiesOf, detectPrinter, echoNode } from './printer-ops.js';
import { SettingsStore, VIRTUAL_PRINTER_ID } from './settings.js';
import { byInstanceNumber, instanceSummary, jobView, matchStudy, printerStatusView, seriesSummary, studySummary } from './views.js';

export const APP_VERSION = '0.1.0';

export interface WorkstationOptions {
  /** Folder of settings.json (created if missing). */
  settingsDir: string;
  /** Archive folder; default <settingsDir>/archive. */
  archiveDir?: string;
  /** Print queue folder; default <settingsDir>/print-queue. */
  queueDir?: string;
  /** Which front end this process serves (reported by app:info). */
  host?: AppInfo['host'];
  /**
   * Start the Storage SCP (default true). An object starts it with these values instead of
   * the settings' (not saved: command-line overrides) and these hooks.
   */
  storage?: boolean | StorageOverrides;
  /** Archive behaviour (duplicates, durability). */
  archiveOptions?: ArchiveOptions;
  /** Start the virtual imager when enabled in settings (default true). */
  virtualPrinter?: boolean;
  /** Poll printer status (default true). */
  statusPolling?: boolean;
  /** Network limits and timeouts for associations we open. */
  networkConfig?: Partial<NetworkConfig>;
  retry?: Partial<RetryPolicy>;
  profileDirectory?: string;
  /** Diagnostics (service start/stop, settings problems). */
  log?: (line: string) => void;
}

export interface StorageOverrides {
  aeTitle?: string;
  port?: number;
  host?: string;
  allowedCallingAeTitles?: string[];
  maxAssociations?: number;
  /** Asynchronous Operations Window granted to senders (StorageScpOptions). */
  asyncOperationsWindow?: number;
  events?: ServerEvents;
  onStored?: (e: StoredEvent) => void;
}

type Handlers = { [C in Channel]: (req: RequestOf<C>) => Promise<ResponseOf<C>> };

interface ServiceState { listening: boolean; port: number | null; error?: string }

export class Workstation {
  readonly settingsStore: SettingsStore;
  readonly archive: Archive;
  readonly queue: PrintQueue;
  private readonly o: WorkstationOptions;
  private readonly events = new EventHub();
  private readonly images: ImageCache;
  private readonly pacs: PacsService;
  private readonly handlers: Handlers;
  private storageScp: StorageScp | undefined;
  private virtualImager: PrintScp | undefined;
  private storageState: ServiceState = { listening: false, port: null };
  private virtualState: ServiceState = { listening: false, port: null };
  private readonly statusWatchers = new Map<string, { stop(): void }>();
  private readonly lastStatus = new Map<string, PrinterStatusView>();
  private readonly profiles = new Map<string, Promise<PrinterProfile>>();
  private readonly unsubscribeArchive: () => void;
  private closed = false;

  private constructor(o: WorkstationOptions) {
    this.o = o;
    this.settingsStore = new SettingsStore(o.settingsDir);
    for (const w of this.settingsStore.loadWarnings) this.log(w);
    // Studies arrive here (Storage SCP, retrieve): empty files are kept ready for their bursts
    // once the archive has received (archive.ts, spareReserve).
    this.archive = Archive.open(o.archiveDir ?? join(o.settingsDir, 'archive'), { spareReserve: DEFAULT_SPARE_RESERVE, ...o.archiveOptions });
    this.unsubscribeArchive = this.archive.events.on((e) => this.events.fromArchive(e));
    this.images = new ImageCache((uid) => {
      const rel = this.archive.index.instancePath(uid);
      return rel === undefined ? undefined : this.archive.absolutePath(rel);
    });
    this.queue = new PrintQueue({
      store: new JobStore(o.queueDir ?? join(o.settingsDir, 'print-queue')),
      prepare: filePreparer(),
      loadProfile: (name) => this.profile(name),
      ...(o.retry ? { retry: o.retry } : {}),
      ...(o.networkConfig ? { networkConfig: o.networkConfig } : {}),
      onChange: (job) => this.events.emit({ type: 'job-progress', job: this.jobView(job) }),
    });
    this.pacs = new PacsService({
      settings: () => this.settingsStore.get(),
      ourAeTitle: () => this.ourAeTitle(),
      archive: this.archive,
      emit: (e) => this.events.emit(e),
      ...(o.networkConfig ? { networkConfig: o.networkConfig } : {}),
    });
    this.handlers = this.makeHandlers();
  }

  /** Opens settings, archive and queue, and starts the services. */
  static async open(o: WorkstationOptions): Promise<Workstation> {
    mkdirSync(o.settingsDir, { recursive: true });
    const ws = new Workstation(o);
    try {
      await ws.start();
    } catch (err) {
      await ws.close();
      throw err;
    }
    return ws;
  }

  /** Subscribe to the event stream; returns the function that unsubscribes. */
  on(listener: WorkstationListener): () => void {
    return this.events.on(listener);
  }

  /** Every channel the facade answers (what a front end may expose). */
  get channels(): readonly Channel[] { return CHANNELS; }

  /**
   * Validates and runs one request from a front end. Never throws: failures come back as
   * { ok: false, error } with a code and a plain-language message.
   */
  async call(channel: string, payload: unknown): Promise<ApiResult<unknown>> {
    try {
      if (!isChannel(channel)) throw new ApiError('UNKNOWN_CHANNEL', `Unknown API channel '${String(channel).slice(0, 64)}'`);
      if (this.closed) throw new ApiError('NOT_AVAILABLE', 'The workstation is shutting down');
      const req = validateRequest(channel, payload);
      const handler = this.handlers[channel] as (r: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(req) };
    } catch (err) {
      if (!(err instanceof ApiError) && !(err instanceof Error && 'layer' in err)) this.log(`${channel} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return { ok: false, error: toApiErrorBody(err) };
    }
  }

  /** Typed call for in-process front ends (CLI, tests): validates too; throws ApiError. */
  async invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    const r = await this.call(channel, payload);
    if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details ?? []);
    return r.result as ResponseOf<C>;
  }

  get storagePort(): number | null { return this.storageState.port; }
  get virtualPrinterPort(): number | null { return this.virtualState.port; }

  /** Stops the services gracefully: open transfers finish (at most timeoutMs), queue state is saved. */
  /** Our AE title for this run: serve --aet when given, else the settings'. */
  ourAeTitle(): string {
    return (typeof this.o.storage === 'object' ? this.o.storage.aeTitle : undefined) ?? this.settingsStore.get().aeTitle;
  }

  async close(o: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const timeoutMs = o.timeoutMs ?? 30_000;
    for (const w of this.statusWatchers.values()) w.stop();
    this.statusWatchers.clear();
    await this.queue.stop();
    await Promise.allSettled([
      this.storageScp?.close({ graceful: true, timeoutMs }),
      this.virtualImager?.close({ graceful: true, timeoutMs }),
    ]);
    this.events.close();
    this.unsubscribeArchive();
    await this.archive.close();
  }

  // ------------------------------------------------------------------ lifecycle

  private log(line: string): void {
    this.o.log?.(line);
  }

  private async start(): Promise<void> {
    this.queue.start();
    if (this.o.virtualPrinter !== false) await this.startVirtualPrinter();
    this.ensureDefaultPrinter();
    if (this.o.storage !== false) await this.startStorage();
    this.restartPolling();
  }

  private profile(name: string): Promise<PrinterProfile> {
    let p = this.profiles.get(name);
    if (!p) {
      p = loadPrinterProfile(name, this.o.profileDirectory);
      p.catch(() => this.profiles.delete(name));
      this.profiles.set(name, p);
    }
    return p;
  }

  private async startStorage(): Promise<void> {
    const s = this.settingsStore.get();
    const over: StorageOverrides = typeof this.o.storage === 'object' ? this.o.storage : {};
    const aeTitle = over.aeTitle ?? s.aeTitle;
    const port = over.port ?? s.port;
    const host = over.host ?? s.listenHost;
    const scp = new StorageScp({
      aeTitle, archive: this.archive,
      ...(over.allowedCallingAeTitles ? { allowedCallingAeTitles: over.allowedCallingAeTitles } : {}),
      ...(over.maxAssociations ? { maxAssociations: over.maxAssociations } : {}),
      ...(over.asyncOperationsWindow ? { asyncOperationsWindow: over.asyncOperationsWindow } : {}),
      ...(over.events ? { events: over.events } : {}),
      ...(over.onStored ? { onStored: over.onStored } : {}),
      ...(this.o.networkConfig ? { config: this.o.networkConfig } : {}),
    });
    try {
      const bound = await scp.listen(port, host);
      this.storageScp = scp;
      this.storageState = { listening: true, port: bound };
      this.log(`Storage SCP ${aeTitle} listening on ${host}:${bound}`);
    } catch (err) {
      this.storageState = { listening: false, port: null, error: `Cannot listen on port ${port}: ${(err as Error).message}` };
      this.log(this.storageState.error ?? '');
      await scp.close().catch(() => undefined);
    }
    this.events.emit({ type: 'service-state', service: 'storage-scp', ...this.storageState });
  }

  /** Storage SCP state: listening port, or the reason it is not running. */
  get storage(): { listening: boolean; port: number | null; error?: string } { return { ...this.storageState }; }

  private async stopStorage(): Promise<void> {
    const scp = this.storageScp;
    this.storageScp = undefined;
    this.storageState = { listening: false, port: null };
    await scp?.close({ graceful: true, timeoutMs: 30_000 });
  }

  /** The built-in virtual imager (issue 7): started when enabled; its port is kept in the settings so queued jobs find it again. */
  private async startVirtualPrinter(): Promise<void> {
    const s = this.settingsStore.get();
    const vp = s.virtualPrinter;
    if (!vp.enabled) return;
    try {
      const profile = await this.profile(vp.profile);
      mkdirSync(vp.outputFolder, { recursive: true });
      const imager = new PrintScp({ profile, aeTitle: vp.aeTitle, outputFolder: vp.outputFolder, onError: (e) => this.log(`virtual imager: ${e.message}`) });
      let port: number;
      try {
        port = await imager.listen(vp.port, '127.0.0.1');
      } catch (err) {
        if (vp.port === 0) throw err;
        this.log(`virtual imager: port ${vp.port} busy (${(err as Error).message}); using a free port`);
        port = await imager.listen(0, '127.0.0.1');
      }
      this.virtualImager = imager;
      this.virtualState = { listening: true, port };
      let next = this.settingsStore.get();
      if (next.virtualPrinter.port !== port) next = { ...next, virtualPrinter: { ...next.virtualPrinter, port } };
      next = { ...next, printers: next.printers.map((p) => (p.kind === 'virtual' ? { ...p, host: '127.0.0.1', port, calledAeTitle: vp.aeTitle, profile: vp.profile } : p)) };
      this.settingsStore.replace(next);
      this.log(`virtual imager ${vp.aeTitle} (${vp.profile}) on 127.0.0.1:${port}, films to ${vp.outputFolder}`);
    } catch (err) {
      this.virtualState = { listening: false, port: null, error: `Virtual imager not started: ${(err as Error).message}` };
      this.log(this.virtualState.error ?? '');
    }
    this.events.emit({ type: 'service-state', service: 'virtual-printer', ...this.virtualState });
  }

  private async stopVirtualPrinter(): Promise<void> {
    const vp = this.virtualImager;
    this.virtualImager = undefined;
    this.virtualState = { listening: false, port: null };
    await vp?.close({ graceful: true, timeoutMs: 30_000 });
  }

  /** No printer configured: the virtual imager becomes the default printer (issue 7). */
  private ensureDefaultPrinter(): void {
    const s = this.settingsStore.get();
    if (s.printers.length > 0 || !s.virtualPrinter.enabled) return;
    const vp: PrinterConfig = {
      id: VIRTUAL_PRINTER_ID, name: 'Virtual imager', kind: 'virtual', host: '127.0.0.1', port: this.virtualState.port ?? s.virtualPrinter.port,
      calledAeTitle: s.virtualPrinter.aeTitle, profile: s.virtualPrinter.profile, statusPollSeconds: 30,
    };
    this.settingsStore.replace({ ...s, printers: [vp], defaultPrinterId: vp.id });
  }

  private restartPolling(): void {
    for (const w of this.statusWatchers.values()) w.stop();
    this.statusWatchers.clear();
    if (this.o.statusPolling === false) return;
    const s = this.settingsStore.get();
    for (const p of s.printers) {
      const every = p.statusPollSeconds ?? 30;
      if (every <= 0) continue;
      const address = this.addressOf(p, s);
      if (!address) continue;
      this.statusWatchers.set(p.id, watchPrinterStatus(address, every * 1000, (r) => {
        const view = printerStatusView(r);
        this.lastStatus.set(p.id, view);
        this.events.emit({ type: 'printer-status', printerId: p.id, status: view });
      }));
    }
  }

  private addressOf(p: PrinterConfig, s: Settings): { host: string; port: number; calledAeTitle: string; callingAeTitle: string; config?: Partial<NetworkConfig> } | undefined {
    const port = p.kind === 'virtual' ? this.virtualState.port : p.port;
    if (!port) return undefined;
    return { host: p.kind === 'virtual' ? '127.0.0.1' : p.host, port, calledAeTitle: p.calledAeTitle, callingAeTitle: s.aeTitle, ...(this.o.networkConfig ? { config: this.o.networkConfig } : {}) };
  }

  private printerById(id: string | undefined): PrinterConfig {
    const s = this.settingsStore.get();
    const want = id ?? s.defaultPrinterId ?? s.printers[0]?.id;
    const p = s.printers.find((x) => x.id === want);
    if (!p) throw new ApiError('NOT_FOUND', want ? `No printer '${want}'` : 'No printer is configured');
    return p;
  }

  private printerView(p: PrinterConfig, s: Settings): PrinterView {
    const status = this.lastStatus.get(p.id);
    const port = p.kind === 'virtual' ? this.virtualState.port ?? p.port : p.port;
    return { ...p, port, isDefault: s.defaultPrinterId === p.id, ...(status ? { status } : {}) };
  }

  private jobView(j: PrintJobRecord): ReturnType<typeof jobView> {
    const printers = this.settingsStore.get().printers;
    return jobView(j, (id) => printers.find((p) => p.id === id)?.name);
  }

  private async applySettings(before: Settings, after: Settings): Promise<void> {
    const vpChanged = JSON.stringify(before.virtualPrinter) !== JSON.stringify(after.virtualPrinter);
    if (vpChanged && this.o.virtualPrinter !== false) {
      await this.stopVirtualPrinter();
      await this.startVirtualPrinter();
    }
    this.ensureDefaultPrinter();
    const storageChanged = before.aeTitle !== after.aeTitle || before.port !== after.port || before.listenHost !== after.listenHost;
    if (storageChanged && this.o.storage !== false) {
      await this.stopStorage();
      await this.startStorage();
    }
    if (vpChanged || JSON.stringify(before.printers) !== JSON.stringify(after.printers) || before.aeTitle !== after.aeTitle) this.restartPolling();
    this.events.emit({ type: 'settings-changed', settings: this.settingsStore.get() });
  }

  // ------------------------------------------------------------------ films helpers

  /** Images of a dropped study / series / image list, with what pagination sorts by. */
  private imagesFor(source: RequestOf<'films:fill'>['source']): SeriesImage[] {
    const fromRows = (rows: ReturnType<Archive['listInstances']>): SeriesImage[] => rows.sort(byInstanceNumber).flatMap((r) => {
      const frames = Math.max(1, r.numberOfFrames ?? 1);
      return Array.from({ length: frames }, (_, frame) => ({
        sopInstanceUid: r.sopInstanceUid, frame, seriesInstanceUid: r.seriesInstanceUid, studyInstanceUid: r.studyInstanceUid,
        ...(r.instanceNumber !== null ? { instanceNumber: r.instanceNumber } : {}),
      }));
    });
    if (source.kind === 'series') return fromRows(this.archive.listInstances({ seriesInstanceUid: source.seriesInstanceUid }));
    if (source.kind === 'study') {
      // Series in Series Number order, images in Instance Number order within each.
      const series = this.archive.listSeries(source.studyInstanceUid).sort((a, b) => (a.seriesNumber ?? 1e9) - (b.seriesNumber ?? 1e9));
      return series.flatMap((s) => fromRows(this.archive.listInstances({ seriesInstanceUid: s.seriesInstanceUid })));
    }
    for (const i of source.images) {
      if (this.archive.index.instancePath(i.sopInstanceUid) === undefined) throw new ApiError('NOT_FOUND', `Image ${i.sopInstanceUid} is not in the archive`);
    }
    return source.images.map((i) => ({ ...i }));
  }

  /** The profile of the given printer, else of the default printer, else the profile the film names. */
  private async maybeProfile(printerId: string | undefined, film?: FilmDocument): Promise<PrinterProfile | undefined> {
    const s = this.settingsStore.get();
    if (printerId) return this.profile(this.printerById(printerId).profile);
    const p = s.printers.find((x) => x.id === s.defaultPrinterId);
    if (p) return this.profile(p.profile);
    return film?.printer ? this.profile(film.printer).catch(() => undefined) : undefined;
  }

  private sourcesFor(films: readonly FilmDocument[]): Record<string, string> {
    const sources: Record<string, string> = {};
    for (const f of films) {
      for (const b of f.boxes) {
        if (!b || sources[b.image.sopInstanceUid]) continue;
        const rel = this.archive.index.instancePath(b.image.sopInstanceUid);
        if (rel === undefined) throw new ApiError('NOT_FOUND', `Image ${b.image.sopInstanceUid} on the film is no longer in the archive`);
        sources[b.image.sopInstanceUid] = this.archive.absolutePath(rel);
      }
    }
    return sources;
  }

  private async importReport(operationId: string, run: (onProgress: (p: ImportProgress) => void) => Promise<Awaited<ReturnType<typeof importPaths>>>): Promise<ImportReportView> {
    let last = 0;
    const report = await run((p) => {
      // Every file when few; at most ~20 per second when many.
      const now = Date.now();
      if (p.done !== p.total && p.total > 50 && now - last < 50 && p.outcome !== 'failed') return;
      last = now;
      this.events.emit({ type: 'import-progress', operationId, done: p.done, total: p.total, path: p.path, outcome: p.outcome, ...(p.reason ? { reason: p.reason } : {}) });
    });
    this.events.flush();
    return { operationId, ...report };
  }

  // ------------------------------------------------------------------ the handlers

  private makeHandlers(): Handlers {
    return {
      'app:info': async () => {
        const s = this.settingsStore.get();
        return {
          version: APP_VERSION, host: this.o.host ?? 'cli', aeTitle: this.ourAeTitle(),
          storage: { ...this.storageState },
          virtualPrinter: { ...this.virtualState, outputFolder: s.virtualPrinter.outputFolder },
          archiveFolder: this.archive.root, settingsFolder: this.settingsStore.folder,
          systemLocale: Intl.DateTimeFormat().resolvedOptions().locale,
          queryRetrieve: this.pacs.available,
        };
      },

      'studies:list': async ({ query }) => {
        const q = query ?? {};
        const all = this.archive.listStudies().map(studySummary).filter((s) => matchStudy(s, q));
        // Newest studies first (study date, then arrival).
        all.sort((a, b) => (b.studyDate + b.studyTime).localeCompare(a.studyDate + a.studyTime) || b.receivedAt.localeCompare(a.receivedAt));
        const offset = q.offset ?? 0;
        return all.slice(offset, offset + (q.limit ?? 500));
      },
      'studies:get': async ({ studyInstanceUid }) => {
        const row = this.archive.index.getStudy(studyInstanceUid);
        if (!row) throw new ApiError('NOT_FOUND', `Study ${studyInstanceUid} is not in the archive`);
        const series = this.archive.listSeries(studyInstanceUid).map(seriesSummary)
          .sort((a, b) => (a.seriesNumber ?? 1e9) - (b.seriesNumber ?? 1e9));
        return { study: studySummary(row), series };
      },
      'studies:instances': async ({ seriesInstanceUid }) => this.archive.listInstances({ seriesInstanceUid }).sort(byInstanceNumber).map(instanceSummary),
      'studies:delete': async ({ studyInstanceUid, seriesInstanceUid }) => {
        if (!this.archive.index.getStudy(studyInstanceUid)) throw new ApiError('NOT_FOUND', `Study ${studyInstanceUid} is not in the archive`);
        const uids = this.archive.listInstances(seriesInstanceUid ? { seriesInstanceUid } : { studyInstanceUid }).map((r) => r.sopInstanceUid);
        const deletedInstances = seriesInstanceUid ? this.archive.deleteSeries(studyInstanceUid, seriesInstanceUid) : this.archive.deleteStudy(studyInstanceUid);
        this.images.forget(uids);
        return { deletedInstances };
      },

      'images:thumbnail': async ({ sopInstanceUid, frame, maxSide }) => this.images.thumbnail(sopInstanceUid, frame ?? 0, maxSide ?? 128),
      'images:info': async ({ sopInstanceUid, frame }) => this.images.info(sopInstanceUid, frame ?? 0),
      'images:presets': async () => VOI_PRESETS.map((p) => ({ ...p })),

      'import:paths': async ({ paths, operationId }) => {
        const id = operationId ?? randomUUID();
        return this.importReport(id, (onProgress) => importPaths(this.archive, paths, { onProgress }));
      },
      'import:upload': async ({ files, operationId }) => {
        const id = operationId ?? randomUUID();
        const dir = mkdtempSync(join(tmpdir(), 'filmstation-upload-'));
        try {
          const paths = files.map((f, i) => {
            // Our own file names: the browser's name is shown, never used as a path.
            const p = join(dir, `${String(i).padStart(6, '0')}.dcm`);
            writeFileSync(p, Buffer.from(f.base64, 'base64'));
            return p;
          });
          const names = new Map(paths.map((p, i) => [p, files[i]?.name ?? p]));
          const report = await this.importReport(id, (onProgress) => importPaths(this.archive, paths, {
            onProgress: (p) => onProgress({ ...p, path: names.get(p.path) ?? p.path }),
          }));
          const rename = (x: { path: string; reason: string }): { path: string; reason: string } => ({ ...x, path: names.get(x.path) ?? x.path });
          return { ...report, skipped: report.skipped.map(rename), failed: report.failed.map(rename) };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },

      'pacs:echo': async ({ nodeId }) => this.pacs.echo(nodeId),
      'pacs:findStudies': async ({ nodeId, query }) => this.pacs.findStudies(nodeId, query),
      'pacs:findSeries': async ({ nodeId, studyInstanceUid }) => this.pacs.findSeries(nodeId, studyInstanceUid),
      'pacs:retrieve': async (req) => this.pacs.retrieve(req, this.storageState.port),

      'films:sizes': async () => FILM_SIZES.map((s) => ({ id: s.id, widthMm: s.widthMm, heightMm: s.heightMm, defined: s.defined })),
      'films:create': async (req) => {
        const s = this.settingsStore.get();
        let printerId = req.printerId;
        if (!printerId && s.defaultPrinterId) printerId = s.defaultPrinterId;
        const profile = printerId ? await this.profile(this.printerById(printerId).profile) : undefined;
        const template = s.annotationTemplates.find((t) => t.id === s.activeAnnotationTemplateId);
        return newFilm({ ...req, ...(printerId ? { printerId } : {}) }, profile, {
          filmSizeId: s.defaultFilmSizeId, displayFormat: s.defaultDisplayFormat, annotations: template ? template.annotations.map((a) => ({ ...a })) : [],
        });
      },
      'films:fill': async ({ film, source, options }) => {
        const images = this.imagesFor(source);
        const films = fill(film, images, options);
        return { films, images: images.length };
      },
      'films:relayout': async ({ films, ...change }) => ({ films: relayout(films, change) }),
      'films:validate': async ({ film, printerId }) => checkFilm(film, await this.maybeProfile(printerId, film)),
      'films:preview': async ({ film, printerId, maxSide, filmNumber, filmCount }) => previewFilm(film, await this.maybeProfile(printerId, film), this.images.resolve, {
        maxSide: maxSide ?? 1024, ...(filmNumber ? { filmNumber } : {}), ...(filmCount ? { filmCount } : {}),
      }),
      'films:previewBox': async ({ film, boxIndex, printerId, maxSide }) => previewBox(film, boxIndex, await this.maybeProfile(printerId, film), this.images.resolve, maxSide ?? 512),

      'printers:list': async () => {
        const s = this.settingsStore.get();
        return s.printers.map((p) => this.printerView(p, s));
      },
      'printers:profiles': async () => {
        const names = await listPrinterProfiles(this.o.profileDirectory);
        const out = [];
        for (const name of names) {
          try { out.push({ name, description: (await this.profile(name)).description }); } catch { /* invalid profiles are not offered */ }
        }
        return out;
      },
      'printers:capabilities': async ({ printerId }) => {
        const p = this.printerById(printerId);
        return capabilitiesOf(p.id, await this.profile(p.profile));
      },
      'printers:save': async ({ printer }) => {
        await this.profile(printer.profile).catch((err: Error) => { throw new ApiError('BAD_REQUEST', `Printer profile: ${err.message}`); });
        const before = this.settingsStore.get();
        const existing = printer.id ? before.printers.find((p) => p.id === printer.id) : undefined;
        if (printer.kind === 'virtual' && existing?.kind !== 'virtual') {
          if (before.printers.some((p) => p.kind === 'virtual')) throw new ApiError('CONFLICT', 'There is already a virtual imager');
        }
        const id = printer.id ?? `printer-${randomUUID().slice(0, 8)}`;
        const saved: PrinterConfig = { ...printer, id };
        const printers = existing ? before.printers.map((p) => (p.id === id ? saved : p)) : [...before.printers, saved];
        const after = this.settingsStore.update({ printers, ...(before.defaultPrinterId === null ? { defaultPrinterId: id } : {}) });
        await this.applySettings(before, after);
        const now = this.settingsStore.get();
        return this.printerView(now.printers.find((p) => p.id === id) ?? saved, now);
      },
      'printers:remove': async ({ printerId }) => {
        const before = this.settingsStore.get();
        if (!before.printers.some((p) => p.id === printerId)) return { removed: false };
        const printers = before.printers.filter((p) => p.id !== printerId);
        const after = this.settingsStore.update({ printers, ...(before.defaultPrinterId === printerId ? { defaultPrinterId: printers[0]?.id ?? null } : {}) });
        this.lastStatus.delete(printerId);
        await this.applySettings(before, after);
        return { removed: true };
      },
      'printers:setDefault': async ({ printerId }) => {
        this.printerById(printerId);
        const before = this.settingsStore.get();
        const after = this.settingsStore.update({ defaultPrinterId: printerId });
        await this.applySettings(before, after);
        return after.printers.map((p) => this.printerView(p, after));
      },
      'printers:status': async ({ printerId }) => {
        const s = this.settingsStore.get();
        const p = this.printerById(printerId);
        const address = this.addressOf(p, s);
        if (!address) throw new ApiError('NOT_AVAILABLE', 'The virtual imager is not running');
        const view = printerStatusView(await getPrinterStatus(address));
        this.lastStatus.set(p.id, view);
        this.events.emit({ type: 'printer-status', printerId: p.id, status: view });
        return view;
      },
      'printers:echo': async ({ printerId, address }) => {
        const s = this.settingsStore.get();
        let target = address;
        if (printerId) {
          const a = this.addressOf(this.printerById(printerId), s);
          if (!a) throw new ApiError('NOT_AVAILABLE', 'The virtual imager is not running');
          target = a;
        }
        if (!target) throw new ApiError('BAD_REQUEST', 'Give a printer or an address');
        return echoNode(target, s.aeTitle, this.o.networkConfig);
      },
      'printers:detect': async ({ address, displayFormats, filmSizes }) => detectPrinter(address, this.settingsStore.get().aeTitle, {
        ...(displayFormats ? { displayFormats } : {}), ...(filmSizes ? { filmSizes } : {}),
        ...(this.o.networkConfig ? { config: this.o.networkConfig } : {}),
        ...(this.o.profileDirectory ? { profileDirectory: this.o.profileDirectory } : {}),
      }),

      'print:submit': async ({ printerId, films, options }) => {
        const s = this.settingsStore.get();
        const p = this.printerById(printerId);
        const address = this.addressOf(p, s);
        if (!address) throw new ApiError('NOT_AVAILABLE', 'The virtual imager is not running: enable it in the settings or choose another printer');
        const empty = films.findIndex((f) => f.boxes.every((b) => b === null));
        if (empty >= 0) throw new ApiError('BAD_REQUEST', `Film ${empty + 1} has no images`);
        const profile = await this.profile(p.profile);
        for (const [i, f] of films.entries()) {
          const c = checkFilm(f, profile);
          if (!c.ok) throw new ApiError('BAD_REQUEST', `Film ${i + 1}: ${c.problems.join('; ')}`, c.problems);
        }
        const target: PrinterTarget = { name: p.id, host: address.host, port: address.port, calledAeTitle: p.calledAeTitle, callingAeTitle: s.aeTitle, profile: p.profile };
        const o = options ?? {};
        const jobOptions: JobOptions = {
          ...(o.copies !== undefined ? { copies: o.copies } : {}),
          ...(o.priority ? { priority: o.priority } : {}),
          ...(o.mediumType ? { mediumType: o.mediumType } : {}),
          ...(o.filmDestination ? { filmDestination: o.filmDestination } : {}),
          ...(o.magnificationType ? { magnificationType: o.magnificationType } : {}),
          ...(o.smoothingType ? { smoothingType: o.smoothingType } : {}),
          ...(o.borderDensity ? { borderDensity: o.borderDensity } : {}),
          ...(o.emptyImageDensity ? { emptyImageDensity: o.emptyImageDensity } : {}),
          ...(o.minDensity !== undefined ? { minDensity: o.minDensity } : {}),
          ...(o.maxDensity !== undefined ? { maxDensity: o.maxDensity } : {}),
          ...(o.trim !== undefined ? { trim: o.trim } : {}),
          ...(o.resolutionId ? { resolutionId: o.resolutionId } : {}),
          ...(o.bits ? { bits: o.bits } : {}),
          ...(o.label ? { label: o.label } : {}),
          ...(o.annotate !== undefined ? { annotate: o.annotate } : {}),
        };
        const job = this.queue.submit({ printer: target, films: films.map((f) => ({ ...f, printer: p.profile })), options: jobOptions, sources: this.sourcesFor(films) });
        return this.jobView(job);
      },

      'queue:list': async () => this.queue.list().reverse().map((j) => this.jobView(j)),
      'queue:get': async ({ jobId }) => {
        const j = this.queue.get(jobId);
        if (!j) throw new ApiError('NOT_FOUND', `No print job ${jobId}`);
        return this.jobView(j);
      },
      'queue:cancel': async ({ jobId }) => this.jobView(this.queue.cancel(jobId)),
      'queue:retry': async ({ jobId }) => {
        const j = this.queue.get(jobId);
        if (!j) throw new ApiError('NOT_FOUND', `No print job ${jobId}`);
        if (j.state !== 'failed' && j.state !== 'cancelled' && j.state !== 'needs-attention') {
          throw new ApiError('CONFLICT', `Job ${jobId} is ${j.state}: only failed or cancelled jobs can be sent again`);
        }
        const again = j.films.filter((f) => f.state === 'failed' || f.state === 'cancelled').map((f) => f.index);
        if (again.length === 0) throw new ApiError('CONFLICT', `Job ${jobId} has no failed or cancelled films`);
        return this.jobView(this.queue.reprint(jobId, again));
      },
      'queue:confirmUncertain': async ({ jobId, filmIndex, printed }) => this.jobView(this.queue.confirmUncertain(jobId, filmIndex, printed)),
      'queue:reprint': async ({ jobId, filmIndexes }) => this.jobView(this.queue.reprint(jobId, filmIndexes)),
      'queue:filmPreview': async ({ jobId, filmIndex, maxSide }) => {
        const j = this.queue.get(jobId);
        const f = j?.films[filmIndex];
        if (!j || !f) throw new ApiError('NOT_FOUND', `No film ${filmIndex + 1} in print job ${jobId}`);
        const profile = await this.profile(j.printer.profile).catch(() => undefined);
        const p = await previewFilm(f.document as FilmDocument, profile, this.images.resolve, { maxSide: maxSide ?? 512, filmNumber: filmIndex + 1, filmCount: j.films.length });
        return { dataUrl: p.dataUrl, width: p.width, height: p.height };
      },

      'settings:get': async () => this.settingsStore.get(),
      'settings:set': async ({ patch }) => {
        const before = this.settingsStore.get();
        const after = this.settingsStore.update(patch);
        await this.applySettings(before, after);
        return this.settingsStore.get();
      },
    };
  }
}

export type { WorkstationEvent, WorkstationListener };
