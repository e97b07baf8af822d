/**
 * Storage Service Class, SCU role (PS3.4 Annex B): sends files with C-STORE.
 *
 * Negotiation (PS3.8 9.3.2.2): for each SOP class among the files, one presentation context
 * per transfer syntax the files are in (sent untouched), plus one with
 * the uncompressed fallbacks Explicit VR LE and Implicit VR LE. A file whose own transfer
 * syntax is refused is transcoded between uncompressed syntaxes when it is uncompressed;
 * compressed pixel data is never decompressed here (reported as not sent).
 * More than 128 contexts (PS3.8 9.3.2.2 limit) are spread over several associations.
 *
 * Files are read one ahead of the sends. When the peer grants an Asynchronous Operations
 * Window (PS3.7 D.3.3.3) several C-STOREs are outstanding at once, their file bytes bounded
 * (IN_FLIGHT_BYTES); otherwise one at a time: memory stays bounded whatever the study size.
 */
import { associate, type AssociateOptions } from '../network/associate.js';
import type { Association } from '../network/association.js';
import { AssociationAbortedError, AssociationRejectedError } from '../network/errors.js';
import { cStoreRq } from '../network/dimse/messages.js';
import type { StatusInfo } from '../network/dimse/status.js';
import { MAX_PRESENTATION_CONTEXTS, type NegotiatedContext, type Proposal } from '../network/negotiation/requestor.js';
import { readPart10Header } from '../dicom/part10.js';
import { transcodeDataset } from '../dicom/transcode.js';
import { normalizeUid, transferSyntaxOrDefault } from '../dicom/transfer-syntax.js';
import { TransferSyntax } from '../dicom/uids.js';
import { summarizeFile, type FileSummary } from './storage/file-summary.js';
import { readWholeFile } from '../platform/file-read.js';
import { ReadBuffers } from './storage/read-buffers.js';

export const UNCOMPRESSED_FALLBACK: readonly string[] = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

export interface InstanceSendResult {
  path: string;
  ok: boolean;
  sopClassUid?: string;
  sopInstanceUid?: string;
  /** Transfer syntax of the file, and the one it was sent in. */
  fileTransferSyntaxUid?: string;
  sentTransferSyntaxUid?: string;
  /** The peer's C-STORE-RSP status (absent when the instance could not be sent). */
  status?: StatusInfo;
  /** Why it was not sent, or the error comment. */
  error?: string;
  /** Data set bytes sent. */
  bytes: number;
  /** When the association failed (connect, reject, abort, timeout): that typed error. */
  networkError?: Error;
}

export interface SendReport {
  /** One per file, in the order they were answered (file order unless a window was granted). */
  results: InstanceSendResult[];
  sent: number;
  failed: number;
  bytes: number;
  /** Whole call: reading the files' headers, associating, sending, releasing. */
  elapsedMs: number;
  /** Time on established associations only (first C-STORE to release): the peer's pace. */
  transferMs: number;
  /** Most C-STOREs that were outstanding at once: above 1 only when the peer granted a window. */
  outstanding: number;
}

export interface SendOptions extends Omit<AssociateOptions, 'proposals'> {
  files: string[];
  onInstance?: (r: InstanceSendResult, done: number, total: number) => void;
  /** Per C-STORE response timeout, ms (default: the config's DIMSE timeout). */
  timeoutMs?: number;
  /**
   * C-STOREs kept outstanding at once when the peer grants an Asynchronous Operations
   * Window (PS3.7 D.3.3.3): default DEFAULT_SEND_WINDOW; 1 = synchronous, no window offered.
   * Peers that grant none (most) get one at a time.
   */
  window?: number;
}

/**
 * Offered window. Why more than one: the receiver flushes each instance to disk before it
 * answers; with several outstanding, the next data set travels while it flushes.
 */
export const DEFAULT_SEND_WINDOW = 8;

/** File bytes held for outstanding C-STOREs: a window of large files waits for room. */
const IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/** Presentation contexts for a set of files, grouped into associations of at most 128 contexts. */
export function planProposals(files: FileSummary[]): Proposal[][] {
  const bySopClass = new Map<string, Set<string>>();
  for (const f of files) {
    const set = bySopClass.get(f.sopClassUid) ?? new Set<string>();
    set.add(normalizeUid(f.transferSyntaxUid));
    bySopClass.set(f.sopClassUid, set);
  }
  const batches: Proposal[][] = [];
  let current: Proposal[] = [];
  for (const [sopClass, syntaxes] of bySopClass) {
    // One context per syntax the files are in (the acceptor chooses by ITS preference within a
    // context, so a file's own syntax gets a context of its own), then the fallbacks.
    const own = [...syntaxes];
    const group: Proposal[] = [
      ...own.map((ts) => ({ abstractSyntax: sopClass, transferSyntaxes: [ts] })),
      { abstractSyntax: sopClass, transferSyntaxes: [...UNCOMPRESSED_FALLBACK] },
    ].slice(0, MAX_PRESENTATION_CONTEXTS);
    if (current.length + group.length > MAX_PRESENTATION_CONTEXTS) {
      batches.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The accepted context to send a file on, and whether it needs transcoding; undefined when none fits. */
export function chooseContext(contexts: NegotiatedContext[], sopClassUid: string, fileTs: string): { context: NegotiatedContext; transcode: boolean } | undefined {
  const usable = contexts.filter((c) => c.accepted && c.abstractSyntax === sopClassUid && c.roles.scu);
  const same = usable.find((c) => normalizeUid(c.transferSyntax) === normalizeUid(fileTs));
  if (same) return { context: same, transcode: false };
  const ts = transferSyntaxOrDefault(fileTs);
  if (ts.encapsulated || !ts.known) return undefined;
  for (const fallback of UNCOMPRESSED_FALLBACK) {
    const c = usable.find((x) => normalizeUid(x.transferSyntax) === fallback);
    if (c) return { context: c, transcode: true };
  }
  return undefined;
}

/** Sends one file's data set on an open association. */
export async function storeFile(association: Association, summary: FileSummary, fileBytes: Uint8Array, timeoutMs?: number): Promise<InstanceSendResult> {
  const base = { path: summary.path, sopClassUid: summary.sopClassUid, sopInstanceUid: summary.sopInstanceUid, fileTransferSyntaxUid: summary.transferSyntaxUid };
  const choice = chooseContext(association.negotiated?.contexts ?? [], summary.sopClassUid, summary.transferSyntaxUid);
  if (!choice) {
    return { ...base, ok: false, bytes: 0, error: `the peer accepted no presentation context for ${summary.sopClassUid} in ${summary.transferSyntaxUid} or an uncompressed syntax we can convert to` };
  }
  const header = readPart10Header(fileBytes, { fileName: summary.path });
  // The data set as it is in the file: for deflated syntaxes, the deflated bytes.
  let dataset = fileBytes.subarray(header.datasetOffset);
  if (choice.transcode) dataset = transcodeDataset(dataset, summary.transferSyntaxUid, choice.context.transferSyntax, { fileName: summary.path });
  const rsp = await association.request(cStoreRq({
    messageId: 0, affectedSopClassUid: summary.sopClassUid, affectedSopInstanceUid: summary.sopInstanceUid, dataset,
  }), { presentationContextId: choice.context.id, service: 'storage', ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  const ok = rsp.status.category === 'success' || rsp.status.category === 'warning';
  return {
    ...base, ok, sentTransferSyntaxUid: choice.context.transferSyntax, status: rsp.status, bytes: dataset.length,
    ...(rsp.command.errorComment ? { error: rsp.command.errorComment } : {}),
  };
}

/** Associates (once per batch of SOP classes), sends every file, releases; one result per file. */
export async function sendFiles(opts: SendOptions): Promise<SendReport> {
  const started = performance.now();
  const results: InstanceSendResult[] = [];
  const summaries: FileSummary[] = [];
  const total = opts.files.length;
  const report = (r: InstanceSendResult): void => { results.push(r); opts.onInstance?.(r, results.length, total); };
  for (const path of opts.files) {
    try {
      const s = await summarizeFile(path);
      if (!s.sopClassUid || !s.sopInstanceUid) throw new Error('no SOP Class or SOP Instance UID');
      summaries.push(s);
    } catch (err) {
      report({ path, ok: false, bytes: 0, error: `not sent, unreadable: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  const { files: _files, onInstance: _onInstance, timeoutMs, window: asked, ...associateOptions } = opts;
  const window = Math.max(1, Math.floor(asked ?? DEFAULT_SEND_WINDOW));
  // Offered only when we would use it: a window of 1 is the synchronous default (PS3.7 D.3.3.3).
  if (window > 1) associateOptions.asyncOpsWindow = { maxOperationsInvoked: window, maxOperationsPerformed: 1 };
  let transferMs = 0;
  let outstanding = 0;
  for (const proposals of planProposals(summaries)) {
    const classes = new Set(proposals.map((p) => p.abstractSyntax));
    const batch = summaries.filter((s) => classes.has(s.sopClassUid));
    let association: Association;
    try {
      association = await associateForSending({ ...associateOptions, proposals });
    } catch (err) {
      for (const s of batch) report(notSent(s, err));
      continue;
    }
    const transferStart = performance.now();
    outstanding = Math.max(outstanding, await sendBatch(association, batch, Math.min(window, association.maxOutstandingRequests), report, timeoutMs));
    if (association.state === 'established') {
      try { await association.release(); } catch { association.abort(); }
    }
    transferMs += performance.now() - transferStart;
  }
  const sent = results.filter((r) => r.ok).length;
  return { results, sent, failed: results.length - sent, bytes: results.reduce((n, r) => n + r.bytes, 0), elapsedMs: Math.round(performance.now() - started), transferMs: Math.round(transferMs), outstanding };
}

/** An instance not sent because the association failed (or never came up). */
function notSent(s: FileSummary, err: unknown): InstanceSendResult {
  const networkError = err instanceof Error ? err : new Error(String(err));
  return { path: s.path, ok: false, bytes: 0, sopInstanceUid: s.sopInstanceUid, error: `not sent: ${networkError.message}`, networkError };
}

/**
 * Associates; a peer that rejects or aborts an A-ASSOCIATE-RQ carrying an Asynchronous
 * Operations Window (an implementation that refuses sub-items it does not know, although
 * PS3.7 D.3.3.3 lets it simply omit the reply) is asked once more without it.
 */
async function associateForSending(options: AssociateOptions): Promise<Association> {
  try {
    return await associate(options);
  } catch (err) {
    if (!options.asyncOpsWindow || !(err instanceof AssociationRejectedError || err instanceof AssociationAbortedError)) throw err;
    const { asyncOpsWindow: _window, ...withoutWindow } = options;
    return associate(withoutWindow);
  }
}

/**
 * Sends a batch on an open association, in order, up to `window` C-STOREs outstanding (1:
 * each waits for the previous response). Files are read one ahead of the sends; the bytes
 * held for outstanding ones stay under IN_FLIGHT_BYTES (a larger file goes alone).
 * Returns the most that were outstanding at once.
 */
async function sendBatch(association: Association, batch: FileSummary[], window: number,
  report: (r: InstanceSendResult) => void, timeoutMs: number | undefined): Promise<number> {
  let failure: unknown;
  const outstanding = new Set<Promise<void>>();
  let held = 0;
  let most = 0;
  const failed = (s: FileSummary, err: unknown): void => {
    // After a network failure the association is gone: the rest of the batch is not sent.
    const gone = association.state !== 'established';
    if (gone) failure ??= err;
    report({ path: s.path, ok: false, bytes: 0, sopInstanceUid: s.sopInstanceUid, error: err instanceof Error ? err.message : String(err),
      ...(gone && err instanceof Error ? { networkError: err } : {}) });
  };
  // Files are read into buffers that answered C-STOREs hand back (read-buffers.ts).
  const buffers = new ReadBuffers(window + 1);
  const readAt = (i: number): Promise<Buffer> | undefined => {
    const s = batch[i];
    if (!s) return undefined;
    const r = readWholeFile(s.path, (size) => buffers.take(size));
    r.catch(() => undefined);
    return r;
  };
  let next = readAt(0);
  for (let i = 0; i < batch.length; i++) {
    const s = batch[i] as FileSummary;
    const reading = next as Promise<Buffer>;
    // Read ahead: the next file comes off the disk while this one is sent and stored
    // (not once the association is gone: the rest is only reported).
    next = failure === undefined ? readAt(i + 1) : undefined;
    if (failure !== undefined) { report(notSent(s, failure)); continue; }
    let buf: Buffer;
    try {
      buf = await reading;
    } catch (err) {
      failed(s, err);
      continue;
    }
    while (outstanding.size >= window || (held > 0 && held + buf.length > IN_FLIGHT_BYTES)) await Promise.race(outstanding);
    if (failure !== undefined) { report(notSent(s, failure)); continue; }
    // Called in file order: each request is queued on the association before the next.
    held += buf.length;
    const sending: Promise<void> = storeFile(association, s, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), timeoutMs)
      .then((r) => { buffers.give(buf); report(r); }, (err: unknown) => failed(s, err))
      .finally(() => { held -= buf.length; outstanding.delete(sending); });
    outstanding.add(sending);
    most = Math.max(most, outstanding.size);
  }
  await Promise.all(outstanding);
  return most;
}
