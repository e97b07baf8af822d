/**
 * The local archive: DICOM files under one root folder plus the SQLite index that the
 * study browser reads. Order of every store: data set to a temporary file, fdatasync,
 * atomic rename into `<study>/<series>/<instance>.dcm`, fsync of the folder, then the
 * index row. A received instance written into a spare with a durable name takes one flush
 * instead (completion-mark.ts): mark and fsync, then rename, with no folder flush; a power
 * loss that undoes the rename leaves it marked in the spare folder, and the next open
 * places it. A crash at any point leaves either no file, or a file the index does not
 * list yet, never a row without its file. Received instances are answered before their
 * row is written (placement-journal.ts): the next start indexes such files, and
 * `reindex` rebuilds the whole index from the files.
 */
import { fdatasync, fsync, close, open, constants as fsConstants } from 'node:fs';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, rmdirSync, unlinkSync, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { FileMetaInformation } from '../dicom/part10-writer.js';
import { ArchiveIndex, type InstanceRow, type SeriesRow, type StudyRow } from './archive-index.js';
import { ArchiveEvents } from './archive-events.js';
import { ArchiveError, archiveErrorFrom } from './errors.js';
import { IncomingInstance, tempFilePath } from './incoming-instance.js';
import { parseHeaderBytes, readInstanceHeaderSync, type InstanceAttributes } from './instance-header.js';
import { INDEX_FILE, TEMP_DIR, instanceRelativePath, resolveInArchive, seriesDir, studyDir } from './paths.js';
import { SPARE_DIR, TempFilePool } from './temp-file-pool.js';
import { fileMatchesMark, marksSupportedIn, readMark, writeMark, type CompletionMark } from './completion-mark.js';
import { PlacementJournal } from './placement-journal.js';
import { syncFolder, syncFolderNow } from './folder-sync.js';
import { ArchiveLock } from './archive-lock.js';
import type { NewInstance } from './archive-index.js';

const fdatasyncP = promisify(fdatasync);
const fsyncP = promisify(fsync);
const closeP = promisify(close);
const openP = promisify(open);

export type DuplicatePolicy = 'keep' | 'overwrite';

export interface ArchiveOptions {
  /** A second copy of a SOP Instance UID already stored: keep the first (default) or replace it. */
  duplicates?: DuplicatePolicy;
  /**
   * 'fsync' (default): file data and folder entries are flushed to the disk before an
   * instance counts as stored. 'none': rely on the OS (faster, not power-loss safe).
   */
  durability?: 'fsync' | 'none';
  /** Largest instance accepted, bytes (default 4 GiB - 1). */
  maxInstanceBytes?: number;
  /**
   * Empty spare files kept in reserve for bursts of received instances, made while the
   * archive is idle after receiving and kept across restarts (temp-file-pool.ts). Default 0
   * (one-shot commands, tests); the Storage SCP's hosts use DEFAULT_SPARE_RESERVE.
   */
  spareReserve?: number;
}

/** Reserve of empty spares for an archive that receives: a study of this many instances creates no file on its way. */
export const DEFAULT_SPARE_RESERVE = 1024;

export type StoreOutcome = 'stored' | 'duplicate-kept' | 'overwritten';

export interface StoreResult {
  outcome: StoreOutcome;
  attributes: InstanceAttributes;
  /** Relative path in the archive. */
  path: string;
}

export interface AnnouncedInstance {
  sopClassUid: string;
  sopInstanceUid: string;
}

/** Rows of answered instances written together (see scheduleRows). */
const ROW_BATCH = 64;
/** Longest wait of an answered instance's row, ms. */
const ROW_DELAY_MS = 20;
/**
 * Spares the pool may grow to: instances in flight at once, each in its own spare (8 per
 * windowed sender, 1 per other sender). Past it an instance opens its own temporary file,
 * a few hundred microseconds on the receiving thread and no completion mark (two flushes).
 */
const SPARES_MAX = 32;

export class Archive {
  readonly root: string;
  /** The SQLite index; `index` (for readers outside) first writes the rows still pending. */
  private readonly indexStore: ArchiveIndex;
  readonly events = new ArchiveEvents();
  readonly options: Required<ArchiveOptions>;
  /** SOP Instance UIDs between rename and index row: a concurrent duplicate must see them. */
  private readonly inFlight = new Set<string>();
  private readonly tempFiles: TempFilePool;
  /** Series folders known to exist (created or used on this run). */
  private readonly knownFolders = new Set<string>();
  private readonly journal: PlacementJournal;
  /** Placed (and answered) instances whose rows are written shortly after, together (scheduleRows). */
  private pendingRows: NewInstance[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushImmediate: NodeJS.Immediate | undefined;
  /** A deferred row could not be written: the journal is kept for the next start. */
  private indexBehind = false;
  /** Received instances are made durable with one flush, through a completion mark (completion-mark.ts). */
  private readonly marks: boolean;
  /** Answered instances that a power loss had left in the spare folder, placed at open. */
  readonly recoveredSpares: number;
  /** Held while open: one writer per archive folder (archive-lock.ts). */
  private readonly lock: ArchiveLock;

  private constructor(root: string, options: ArchiveOptions) {
    this.root = root;
    this.options = {
      duplicates: options.duplicates ?? 'keep',
      durability: options.durability ?? 'fsync',
      maxInstanceBytes: options.maxInstanceBytes ?? 0xffffffff,
      spareReserve: options.spareReserve ?? 0,
    };
    this.lock = ArchiveLock.acquire(root);
    try {
      const tempDir = join(root, TEMP_DIR);
      mkdirSync(tempDir, { recursive: true });
      this.indexStore = new ArchiveIndex(join(root, INDEX_FILE));
      this.journal = new PlacementJournal(join(root, `${INDEX_FILE}-placed`));
      // Journal first: a marked spare may be a second copy of an instance only journalled.
      this.recoverPlaced();
      const spares = this.recoverSpares();
      this.recoveredSpares = spares.placed;
      // Leftovers of a crash (kill -9, power loss) mid-transfer: never part of the archive.
      // Empty spares are not leftovers: up to spareReserve of them stay, as the pool's reserve.
      const reserve = new Set(spares.empty);
      for (const name of readdirSync(tempDir)) {
        const path = join(tempDir, name);
        try {
          if (name !== SPARE_DIR || reserve.size === 0) { rmSync(path, { force: true, recursive: true }); continue; }
          for (const spare of readdirSync(path)) {
            if (!reserve.has(join(path, spare))) rmSync(join(path, spare), { force: true, recursive: true });
          }
        } catch { /* retried next start */ }
      }
      this.marks = this.options.durability === 'fsync' && marksSupportedIn(tempDir);
      // Grows past its first size under load: senders with a window, many senders at once.
      this.tempFiles = new TempFilePool(root, {
        durableNames: this.marks, maxSize: SPARES_MAX, reserve: this.options.spareReserve, found: spares.empty,
      });
      if (this.marks) {
        // The spare folder may just have been created: its name, and its parent's, must be
        // durable before a spare's is worth anything; so must the names of the spares found,
        // which a clean stop does not flush (completion-mark.ts).
        syncFolderNow(join(tempDir, SPARE_DIR));
        syncFolderNow(tempDir);
        syncFolderNow(root);
      }
    } catch (err) {
      this.lock.release();
      throw err;
    }
  }

  /**
   * Places and indexes the answered instances that a power loss left in the spare folder
   * (their rename lost): spares whose completion mark their data matches (completion-mark.ts).
   * Runs before the temporary folder is emptied. Returns how many were placed, and the empty
   * spares to keep as reserve (up to spareReserve; an empty file holds no instance).
   */
  private recoverSpares(): { placed: number; empty: string[] } {
    const spareDir = join(this.root, TEMP_DIR, SPARE_DIR);
    const empty: string[] = [];
    let names: string[];
    try { names = readdirSync(spareDir); } catch { return { placed: 0, empty }; }
    let placed = 0;
    for (const name of names) {
      const path = join(spareDir, name);
      try {
        const fd = openSync(path, fsConstants.O_RDONLY);
        let mark: CompletionMark | undefined;
        try {
          const st = fstatSync(fd);
          if (st.isFile() && st.size === 0) {
            if (name.endsWith('.spare') && empty.length < this.options.spareReserve) empty.push(path);
            continue;
          }
          mark = readMark(fd);
          if (mark !== undefined && !fileMatchesMark(fd, mark)) mark = undefined;
        } finally {
          closeSync(fd);
        }
        if (mark === undefined) continue;
        const attrs = readInstanceHeaderSync(path);
        const relPath = instanceRelativePath(attrs.studyInstanceUid, attrs.seriesInstanceUid, attrs.sopInstanceUid);
        const finalPath = resolveInArchive(this.root, relPath);
        // Keep the first copy: indexed, or in place (a file is renamed in only once complete).
        const existing = this.indexStore.instancePath(attrs.sopInstanceUid);
        if ((existing !== undefined || existsSync(finalPath)) && this.options.duplicates === 'keep') continue;
        mkdirSync(dirname(finalPath), { recursive: true });
        renameSync(path, finalPath);
        syncFolderNow(dirname(finalPath));
        syncFolderNow(dirname(dirname(finalPath)));
        syncFolderNow(this.root);
        // The mark's size is the file's (fileMatchesMark checked it).
        const result = this.indexStore.addInstance({ attributes: attrs, path: relPath, size: mark.size, receivedFrom: attrs.sourceAeTitle });
        if (result.replacedPath !== undefined && result.replacedPath !== relPath) this.removeFiles([result.replacedPath]);
        placed++;
      } catch { /* unreadable: removed with the other leftovers, as a partial transfer would be */ }
    }
    return { placed, empty };
  }

  /**
   * Index the files a killed process had placed (and answered) without their rows. Rare
   * (only after a kill) and small (the rows of a moment), so it runs to the end before the
   * archive serves anything.
   */
  private recoverPlaced(): void {
    const leftovers = this.journal.leftovers();
    if (leftovers.length === 0) return;
    for (const rel of leftovers) {
      try {
        const abs = resolveInArchive(this.root, rel);
        if (!existsSync(abs)) continue;
        const attrs = readInstanceHeaderSync(abs);
        if (this.indexStore.instancePath(attrs.sopInstanceUid) !== undefined) continue;
        this.indexStore.addInstance({ attributes: attrs, path: rel, size: statSync(abs).size, receivedFrom: attrs.sourceAeTitle });
      } catch { /* unreadable or outside the archive: `reindex` reports it */ }
    }
    this.journal.settled(true);
  }

  /** Opens (creating if needed) the archive in `root`. */
  static open(root: string, options: ArchiveOptions = {}): Archive {
    mkdirSync(root, { recursive: true });
    return new Archive(root, options);
  }

  /**
   * Starts receiving one instance (Storage SCP): returns the sink its data set bytes go to.
   * `othersFlushing`: the same sender's previous instances are still being flushed (it keeps
   * several outstanding, an Asynchronous Operations Window). Then this one's pages are
   * written back by its own flush, on the thread pool, instead of being started from the
   * receiving thread as they arrive (incoming-instance.ts): nobody waits on this flush
   * alone, and the receiving thread is the busiest one. Paired runs of bench/storage (500 CT,
   * window of 8): 7 of 7 rounds faster without the early start, by 0-50%; one at a time it is
   * the other way round (4 of 6 faster with it), the flush being on the sender's path.
   */
  beginInstance(meta: FileMetaInformation, o: { othersFlushing?: boolean } = {}): IncomingInstance {
    const preopened = this.tempFiles.take();
    return new IncomingInstance(this.root, meta, {
      maxBytes: this.options.maxInstanceBytes, startWriteback: this.options.durability === 'fsync' && o.othersFlushing !== true,
      checksum: this.marks && preopened?.durableName === true,
      ...(preopened ? { preopened } : {}),
    });
  }

  /**
   * Makes a fully received instance part of the archive. Checks the data set against what
   * the sender announced, applies the duplicate policy, syncs, renames, indexes.
   * Throws ArchiveError; the temporary file is gone either way.
   * `placeAfter`: the previous instance of the same sender. Instances received one after the
   * other may be flushed at the same time (an Asynchronous Operations Window), but are placed
   * in the order received, so that `keep` keeps the first of two copies and `overwrite`
   * leaves the last.
   */
  async commit(incoming: IncomingInstance, announced: AnnouncedInstance, receivedFrom: string,
    o: { answerFirst?: boolean; placeAfter?: Promise<unknown> | undefined } = {}): Promise<StoreResult> {
    // Still receiving: the spare reserve waits for an idle moment (temp-file-pool.ts).
    this.tempFiles.activity();
    let fd: number | undefined;
    try {
      if (incoming.error) throw incoming.error;
      if (!incoming.ended) throw new ArchiveError('WRITE_FAILED', 'the data set was not received completely');
      fd = incoming.takeFd();
      let attrs: InstanceAttributes | undefined;
      try {
        attrs = incoming.earlyHeader ?? parseHeaderBytes(incoming.headerPrefix, incoming.prefixIsComplete);
        attrs ??= parseHeaderBytes(new Uint8Array(await readFile(incoming.tempPath)), true);
      } catch (err) {
        throw new ArchiveError('UNREADABLE', `the data set cannot be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      if (!attrs) throw new ArchiveError('UNREADABLE', 'the data set cannot be read');
      // Checked before anything is flushed: a marked spare is always an instance we would store.
      checkAnnounced(attrs, announced);
      let flushFolder = false;
      if (this.options.durability === 'fsync') {
        // One flush (data and mark together) when the spare's name is already durable; else
        // the classic data flush here and folder flush after the rename (completion-mark.ts).
        // Spare names due for their folder's flush go with it (temp-file-pool.ts).
        const crc = incoming.crc32;
        const marked = incoming.durableName && crc !== undefined && writeMark(fd, { size: incoming.size, crc32: crc });
        await Promise.all([marked ? fsyncP(fd) : fdatasyncP(fd), this.tempFiles.flushNames()]);
        flushFolder = !marked;
      }
      // Closing flushes nothing (the flush did, when asked): no need for a thread-pool round trip.
      closeSync(fd);
      fd = undefined;
      // Flushes may finish out of order; placing keeps the order asked for (see placeAfter).
      if (o.placeAfter) await o.placeAfter.catch(() => undefined);
      return await this.place(incoming.tempPath, attrs, incoming.size, receivedFrom, { answerFirst: o.answerFirst === true, flushFolder });
    } catch (err) {
      if (fd !== undefined) await closeP(fd).catch(() => undefined);
      incoming.discard();
      throw archiveErrorFrom(err, 'storing the instance');
    }
  }

  /**
   * Copies a Part 10 file into the archive (import): bytes unchanged when the file has a
   * meta header; a file without one gets ours in front of its data set bytes.
   */
  async importFile(path: string, receivedFrom = 'import'): Promise<StoreResult> {
    let attrs: InstanceAttributes;
    let bytes: Uint8Array;
    try {
      const st = statSync(path);
      if (st.size > this.options.maxInstanceBytes) throw new ArchiveError('TOO_LARGE', `${path} is larger than the limit of ${this.options.maxInstanceBytes} bytes`);
      const buf = await readFile(path);
      bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      const parsed = parseHeaderBytes(bytes, true, path);
      if (!parsed) throw new Error('unreadable');
      attrs = parsed;
    } catch (err) {
      if (err instanceof ArchiveError) throw err;
      throw new ArchiveError('NOT_DICOM', `not a readable DICOM file (${err instanceof Error ? err.message : String(err)})`, { cause: err });
    }
    if (!attrs.sopInstanceUid || !attrs.studyInstanceUid || !attrs.seriesInstanceUid) {
      throw new ArchiveError('UNREADABLE', `lacks SOP Instance, Study or Series Instance UID`);
    }
    if (!hasMetaHeader(bytes)) {
      // Raw data set (old archives, some CDs): keep its bytes, put a meta header in front (PS3.10 7.1).
      const incoming = this.beginInstance({
        mediaStorageSopClassUid: attrs.sopClassUid, mediaStorageSopInstanceUid: attrs.sopInstanceUid,
        transferSyntaxUid: attrs.transferSyntaxUid, sourceApplicationEntityTitle: undefined,
      });
      incoming.write(bytes);
      incoming.end();
      return this.commit(incoming, { sopClassUid: attrs.sopClassUid, sopInstanceUid: attrs.sopInstanceUid }, receivedFrom);
    }
    const temp = tempFilePath(this.root);
    let fd: number | undefined;
    try {
      fd = await openP(temp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o644);
      await writeAll(fd, bytes);
      if (this.options.durability === 'fsync') await fdatasyncP(fd);
      await closeP(fd);
      fd = undefined;
      return await this.place(temp, attrs, bytes.length, receivedFrom, { flushFolder: this.options.durability === 'fsync' });
    } catch (err) {
      if (fd !== undefined) await closeP(fd).catch(() => undefined);
      try { unlinkSync(temp); } catch { /* placed or never created */ }
      throw archiveErrorFrom(err, `importing ${path}`);
    }
  }

  /** Writes now the rows of instances answered before them (a sender releasing, see scheduleRows). */
  writePendingRows(): void {
    this.flushRows();
  }

  /** The index, with the rows of instances just answered written first (see place()). */
  get index(): ArchiveIndex {
    this.flushRows();
    return this.indexStore;
  }

  // Reads and deletes go through `index`, which first writes the rows of instances just answered.
  listStudies(): StudyRow[] { return this.index.listStudies(); }
  listSeries(studyInstanceUid: string): SeriesRow[] { return this.index.listSeries(studyInstanceUid); }
  listInstances(filter: { studyInstanceUid?: string; seriesInstanceUid?: string } = {}): InstanceRow[] { return this.index.listInstances(filter); }

  /** Absolute path of an indexed instance file. */
  absolutePath(relPath: string): string { return resolveInArchive(this.root, relPath); }

  /**
   * Deletes a study, or one series: rows first (so the index never lists a missing file),
   * then the files and the folders left empty.
   */
  deleteStudy(studyInstanceUid: string): number {
    const paths = this.index.deleteRows({ studyInstanceUid });
    this.removeFiles(paths);
    rmSync(studyDir(this.root, studyInstanceUid), { recursive: true, force: true });
    this.events.emit({ type: 'study-deleted', studyInstanceUid });
    return paths.length;
  }

  deleteSeries(studyInstanceUid: string, seriesInstanceUid: string): number {
    const paths = this.index.deleteRows({ seriesInstanceUid });
    this.removeFiles(paths);
    rmSync(seriesDir(this.root, studyInstanceUid, seriesInstanceUid), { recursive: true, force: true });
    removeIfEmpty(studyDir(this.root, studyInstanceUid));
    const left = this.indexStore.getStudy(studyInstanceUid);
    this.events.emit(left
      ? { type: 'study-deleted', studyInstanceUid, seriesInstanceUid }
      : { type: 'study-deleted', studyInstanceUid });
    return paths.length;
  }

  /**
   * Writes pending rows and closes the index and every file. The returned promise resolves
   * when the last spare file still being opened (temp-file-pool.ts) is closed as well: await
   * it before unmounting the archive's file system.
   */
  close(): Promise<void> {
    this.flushRows();
    if (!this.indexBehind) this.journal.settled(true);
    this.journal.close();
    const spares = this.tempFiles.close();
    this.indexStore.close();
    this.lock.release();
    return spares;
  }

  /**
   * Rename into place and index (see the class comment for the order). With `answerFirst`
   * (received instances) a new instance's row is written after the caller has answered,
   * with others (scheduleRows); its path is journalled before this returns.
   */
  private async place(tempPath: string, attrs: InstanceAttributes, size: number, receivedFrom: string,
    o: { answerFirst?: boolean; flushFolder: boolean }): Promise<StoreResult> {
    const answerFirst = o.answerFirst === true;
    const uid = attrs.sopInstanceUid;
    const relPath = instanceRelativePath(attrs.studyInstanceUid, attrs.seriesInstanceUid, uid);
    // Synchronous from the duplicate check to the rename, so two associations storing the
    // same instance at once cannot both pass the check (the event loop does not interleave).
    const existing = this.indexStore.instancePath(uid);
    if ((existing !== undefined || this.inFlight.has(uid)) && this.options.duplicates === 'keep') {
      try { unlinkSync(tempPath); } catch { /* already gone */ }
      return { outcome: 'duplicate-kept', attributes: attrs, path: existing ?? relPath };
    }
    const finalPath = resolveInArchive(this.root, relPath);
    const folder = dirname(finalPath);
    // Folders seen on this run skip the file-system checks (deletes forget them).
    const createdFolders = !this.knownFolders.has(folder) && !existsSync(folder);
    // Only an indexed instance being overwritten needs to know whether its file is there.
    const fileExisted = existing !== undefined && existsSync(finalPath);
    this.inFlight.add(uid);
    let handedOver = false;
    try {
      if (createdFolders) mkdirSync(folder, { recursive: true });
      renameSync(tempPath, finalPath);
      this.knownFolders.add(folder);
      try {
        // A new folder (once per series) is flushed with its parents even with a mark
        // (completion-mark.ts): a rename is only as durable as the folder it went into.
        const flushNewFolders = createdFolders && this.options.durability === 'fsync';
        if (o.flushFolder || flushNewFolders) await syncFolder(folder);
        if (flushNewFolders) {
          await syncFolder(dirname(folder));
          await syncFolder(this.root);
        }
        const row: NewInstance = { attributes: attrs, path: relPath, size, receivedFrom };
        if (answerFirst && existing === undefined) {
          this.journal.record(relPath);
          this.pendingRows.push(row);
          handedOver = true;
          this.scheduleRows();
          return { outcome: 'stored', attributes: attrs, path: relPath };
        }
        const result = this.indexStore.addInstance(row);
        if (result.replacedPath !== undefined && result.replacedPath !== relPath) this.removeFiles([result.replacedPath]);
        this.announce(row, result.newStudy);
        return { outcome: existing !== undefined ? 'overwritten' : 'stored', attributes: attrs, path: relPath };
      } catch (err) {
        // The index is unchanged: take the file back out (unless it replaced a listed one).
        if (!fileExisted || existing === undefined) {
          try { unlinkSync(finalPath); } catch { /* best effort */ }
          if (createdFolders) {
            removeIfEmpty(folder);
            this.knownFolders.delete(folder);
          }
        }
        throw err;
      }
    } finally {
      if (!handedOver) this.inFlight.delete(uid);
    }
  }

  /**
   * Rows wait a little so that one transaction writes many: a row alone costs ~130 us here,
   * one in a batch ~30 us (ArchiveIndex.addInstances), on the receiving thread either way. The wait is short for the study browser, which reads
   * through `index`/list* (those write pending rows first); a full batch goes at once.
   */
  private scheduleRows(): void {
    if (this.pendingRows.length >= ROW_BATCH) {
      this.flushImmediate ??= setImmediate(() => this.flushRows());
    } else {
      this.flushTimer ??= setTimeout(() => this.flushRows(), ROW_DELAY_MS).unref();
    }
  }

  /** Writes the rows of instances answered before their row, in one transaction. */
  private flushRows(): void {
    if (this.flushTimer !== undefined) { clearTimeout(this.flushTimer); this.flushTimer = undefined; }
    if (this.flushImmediate !== undefined) { clearImmediate(this.flushImmediate); this.flushImmediate = undefined; }
    const rows = this.pendingRows;
    if (rows.length === 0) return;
    this.pendingRows = [];
    try {
      const results = this.indexStore.addInstances(rows);
      rows.forEach((r, i) => this.announce(r, results[i]?.newStudy ?? false));
      this.journal.settled();
    } catch (err) {
      // The files are in place and journalled: the next start indexes them.
      this.indexBehind = true;
      process.emitWarning(`Archive index: ${rows.length} received instance(s) not indexed yet (${err instanceof Error ? err.message : String(err)}); they are indexed at the next start`);
    } finally {
      for (const r of rows) this.inFlight.delete(r.attributes.sopInstanceUid);
    }
  }

  private announce(row: NewInstance, newStudy: boolean): void {
    this.events.emit({
      type: newStudy ? 'study-received' : 'study-updated',
      studyInstanceUid: row.attributes.studyInstanceUid, sopInstanceUid: row.attributes.sopInstanceUid, receivedFrom: row.receivedFrom,
    });
  }

  private removeFiles(paths: string[]): void {
    const folders = new Set<string>();
    for (const p of paths) {
      try {
        const abs = resolveInArchive(this.root, p);
        rmSync(abs, { force: true });
        folders.add(dirname(abs));
      } catch { /* a path outside the root is never deleted */ }
    }
    // Emptied folders may be gone now: check them again next time.
    this.knownFolders.clear();
    for (const f of folders) {
      removeIfEmpty(f);
      removeIfEmpty(dirname(f));
    }
  }
}

function checkAnnounced(attrs: InstanceAttributes, announced: AnnouncedInstance): void {
  if (!attrs.studyInstanceUid || !attrs.seriesInstanceUid) {
    throw new ArchiveError('UNREADABLE', 'the data set has no Study or Series Instance UID');
  }
  // PS3.4 B.2.3 / DCMTK: the data set must be the instance the command announced.
  if (announced.sopInstanceUid && attrs.sopInstanceUid !== announced.sopInstanceUid) {
    throw new ArchiveError('MISMATCH', `SOP Instance UID in the data set (${attrs.sopInstanceUid || 'none'}) differs from the command's (${announced.sopInstanceUid})`);
  }
  if (announced.sopClassUid && attrs.sopClassUid && attrs.sopClassUid !== announced.sopClassUid) {
    throw new ArchiveError('MISMATCH', `SOP Class UID in the data set (${attrs.sopClassUid}) differs from the command's (${announced.sopClassUid})`);
  }
}

function hasMetaHeader(bytes: Uint8Array): boolean {
  return bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

async function writeAll(fd: number, bytes: Uint8Array): Promise<void> {
  const { write } = await import('node:fs');
  const writeP = promisify(write);
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await writeP(fd, bytes, offset, bytes.length - offset, null);
    offset += bytesWritten;
  }
}

function removeIfEmpty(folder: string): void {
  try {
    if (readdirSync(folder).length === 0) rmdirSync(folder);
  } catch { /* not there or not empty */ }
}
