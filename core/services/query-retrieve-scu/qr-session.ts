/**
 * One association to a PACS used for Query/Retrieve, with C-CANCEL (PS3.7 9.3.2.3, 9.3.3.3,
 * 9.3.4.3) wired to an AbortSignal: on cancel we send C-CANCEL-RQ naming the outstanding
 * request and wait (bounded) for the final response with status Cancel (0xFE00); a PACS that
 * ignores the cancel is aborted after the grace period, so "Stop" always stops.
 */
import type { Association, DimseResponse } from '../../network/association.js';
import type { DimseMessage } from '../../network/dimse/messages.js';
import type { ServiceClass } from '../../network/dimse/status.js';

export interface QrRequestOptions {
  presentationContextId: number;
  service: ServiceClass;
  signal?: AbortSignal | undefined;
  /** Pending responses; `cancel()` stops the operation (e.g. the result limit was reached). */
  onPending?: ((rsp: DimseResponse, control: { cancel: () => void }) => void) | undefined;
  /** How long to wait for the final response after C-CANCEL before A-ABORT (default 10 s). */
  cancelGraceMs?: number | undefined;
  timeoutMs?: number | undefined;
}

export interface QrOutcome {
  /** The final response; absent when the association was aborted after an unanswered cancel. */
  response?: DimseResponse;
  cancelSent: boolean;
  /** The PACS did not answer the C-CANCEL in time: we aborted the association. */
  abortedAfterCancel: boolean;
}

export class QrSession {
  constructor(readonly association: Association) {}

  /** Sends one C-FIND/C-MOVE/C-GET and waits for its final response. Network failures reject. */
  async request(message: DimseMessage, opts: QrRequestOptions): Promise<QrOutcome> {
    const association = this.association;
    // The association tells us the Message ID it gives the request before sending it, so a
    // cancel that comes before any response still names the right request.
    let messageId = 0;
    let cancelSent = false;
    let graceExpired = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const cancel = (): void => {
      if (cancelSent || association.state !== 'established') return;
      cancelSent = true;
      association.cancel(messageId, opts.presentationContextId).catch(() => undefined);
      graceTimer = setTimeout(() => {
        graceExpired = true;
        association.trace.add('error', `no final response ${opts.cancelGraceMs ?? 10_000} ms after C-CANCEL: aborting`);
        association.abort(0, 0);
      }, opts.cancelGraceMs ?? 10_000);
    };
    const onAbort = (): void => cancel();
    const pending = association.request(message, {
      presentationContextId: opts.presentationContextId,
      service: opts.service,
      onMessageId: (id) => { messageId = id; },
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      onPending: (rsp) => {
        messageId = rsp.command.messageIdBeingRespondedTo ?? messageId;
        opts.onPending?.(rsp, { cancel });
      },
    });
    // request() has queued the message before returning: a C-CANCEL sent now follows it on the wire.
    if (opts.signal?.aborted) cancel();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await pending;
      return { response, cancelSent, abortedAfterCancel: false };
    } catch (err) {
      if (graceExpired) return { cancelSent: true, abortedAfterCancel: true };
      throw err;
    } finally {
      if (graceTimer) clearTimeout(graceTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Releases, or aborts when the release fails; never throws. */
  async close(): Promise<void> {
    if (this.association.state !== 'established') return;
    try { await this.association.release(); } catch { this.association.abort(); }
  }
}
