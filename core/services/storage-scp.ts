/**
 * Storage Service Class, SCP role (PS3.4 Annex B), with Verification (Annex A).
 *
 * Each C-STORE data set is streamed to a temporary file in the archive as it arrives
 * (openDatasetSink), never held whole in memory; when the last fragment is in, the archive
 * syncs and renames it into place and only then is the C-STORE-RSP sent: a success status
 * means the instance is on disk. Its index row follows within 20 ms, batched with others
 * (journalled, so a crash in between is repaired at the next start: placement-journal.ts).
 * A transfer cut off by A-ABORT or a dropped connection leaves nothing behind (the
 * temporary file is removed).
 */
import type { Association, AssociationHandlers, IncomingRequest } from '../network/association.js';
import { DicomServer, type ServerEvents } from '../network/server.js';
import { networkConfig, type NetworkConfig } from '../network/config.js';
import { CommandField, type CommandSet } from '../network/dimse/command-set.js';
import type { DatasetSink } from '../network/dimse/reassembler.js';
import { cStoreRsp, type DimseMessage } from '../network/dimse/messages.js';
import type { NegotiatedContext } from '../network/negotiation/requestor.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../dicom/uids.js';
import type { Archive, StoreResult } from '../archive/archive.js';
import type { IncomingInstance } from '../archive/incoming-instance.js';
import { answerEcho } from './verification.js';
import { storageScpSupport } from './storage/accepted-syntaxes.js';
import { storeStatusOf, StoreStatus } from './storage/store-status.js';

export interface StoredEvent {
  association: Association;
  sopInstanceUid: string;
  status: number;
  result?: StoreResult;
  error?: string;
}

export interface StorageScpOptions {
  aeTitle: string;
  archive: Archive;
  /** Calling AE titles allowed; undefined = any. */
  allowedCallingAeTitles?: string[] | undefined;
  /** Reject associations whose called AE title is not ours (default true). */
  checkCalledAeTitle?: boolean;
  maxAssociations?: number;
  /**
   * C-STOREs a sender may have outstanding at once when it proposes an Asynchronous
   * Operations Window (PS3.7 D.3.3.3); default DEFAULT_SCP_WINDOW, 1 = synchronous only.
   */
  asyncOperationsWindow?: number;
  maxPduLength?: number;
  config?: Partial<NetworkConfig>;
  events?: ServerEvents;
  /** After each C-STORE (success or not). */
  onStored?: (e: StoredEvent) => void;
}

/**
 * Window granted by default. Why: each instance is flushed to disk before its answer; a
 * sender with several outstanding sends the next data set meanwhile. Each outstanding
 * instance holds one open temporary file, so the bound stays small.
 */
export const DEFAULT_SCP_WINDOW = 8;

/** Handlers of one association: streams C-STORE data sets into the archive, answers C-ECHO. */
export function storageScpHandlers(archive: Archive, association: Association, onStored?: (e: StoredEvent) => void): AssociationHandlers {
  const receiving = new Map<CommandSet, IncomingInstance>();
  const cleanUp = (): void => {
    // The association ended: whatever is still being received is incomplete (PS3.8 7.3/7.4).
    for (const [command, incoming] of receiving) {
      if (!incoming.ended) {
        incoming.discard();
        receiving.delete(command);
      }
    }
  };
  association.closed.then(cleanUp, cleanUp);
  /** The previous C-STORE's commit: with a window, each is placed after the one before (Archive.commit). */
  let previous: Promise<unknown> | undefined;
  /** Commits under way (flushing, placing): more than none while a new one begins means the sender pipelines. */
  let committing = 0;

  const begin = (command: CommandSet, context: NegotiatedContext): IncomingInstance => {
    const incoming = archive.beginInstance({
      mediaStorageSopClassUid: command.affectedSopClassUid ?? context.abstractSyntax,
      mediaStorageSopInstanceUid: command.affectedSopInstanceUid ?? '',
      // The data set is stored in the transfer syntax it was sent in (PS3.10 7.1: meta records it).
      transferSyntaxUid: context.transferSyntax,
      // (0002,0016) Source AE Title: who sent it (PS3.10 Table 7.1-1).
      sourceApplicationEntityTitle: association.peerAeTitle || undefined,
      receivingApplicationEntityTitle: association.calledAeTitle.trim() || undefined,
    }, { othersFlushing: committing > 0 });
    receiving.set(command, incoming);
    return incoming;
  };

  return {
    // Rows batched after the answers are in the index before the sender sees the release.
    beforeRelease: () => archive.writePendingRows(),
    openDatasetSink(command: CommandSet, context: NegotiatedContext): DatasetSink | undefined {
      if (command.commandField !== CommandField.C_STORE_RQ) return undefined;
      const incoming = begin(command, context);
      return {
        write: (chunk) => incoming.write(chunk),
        end: () => incoming.end(),
        abort: () => { incoming.discard(); receiving.delete(command); },
      };
    },
    async onRequest(req: IncomingRequest): Promise<DimseMessage | undefined> {
      if (req.command.commandField === CommandField.C_ECHO_RQ) return answerEcho(req);
      if (req.command.commandField !== CommandField.C_STORE_RQ) return undefined;
      const command = req.command;
      let incoming = receiving.get(command);
      receiving.delete(command);
      if (!incoming) {
        // Not streamed (should not happen with a sink, but a data set in memory is stored the same way).
        incoming = begin(command, req.context);
        receiving.delete(command);
        if (req.dataset) incoming.write(req.dataset);
        incoming.end();
      }
      const sopInstanceUid = command.affectedSopInstanceUid ?? '';
      committing++;
      try {
        // The index row follows the response (the file is in place and journalled).
        const commit = archive.commit(incoming, {
          sopClassUid: command.affectedSopClassUid ?? '', sopInstanceUid,
        }, association.peerAeTitle, { answerFirst: true, placeAfter: previous });
        previous = commit;
        const result = await commit;
        onStored?.({ association, sopInstanceUid, status: StoreStatus.Success, result });
        return cStoreRsp(command, StoreStatus.Success);
      } catch (err) {
        const { status, comment } = storeStatusOf(err);
        onStored?.({ association, sopInstanceUid, status, error: err instanceof Error ? err.message : String(err) });
        return cStoreRsp(command, status, { errorComment: comment });
      } finally {
        committing--;
      }
    },
  };
}

/** A Storage + Verification SCP on a TCP port, storing into an archive. */
export class StorageScp {
  readonly server: DicomServer;

  constructor(readonly options: StorageScpOptions) {
    // What we advertise (A-ASSOCIATE-AC) and what the framer accepts must be the same number.
    const config = networkConfig({ ...options.config, ...(options.maxPduLength !== undefined ? { maxPduLength: options.maxPduLength } : {}) });
    this.server = new DicomServer({
      policy: {
        aeTitle: options.aeTitle,
        checkCalledAeTitle: options.checkCalledAeTitle ?? true,
        allowedCallingAeTitles: options.allowedCallingAeTitles,
        supported: storageScpSupport(),
        maxPduLength: config.maxPduLength,
        implementationClassUid: IMPLEMENTATION_CLASS_UID,
        implementationVersionName: IMPLEMENTATION_VERSION_NAME,
        maxOperationsInvoked: options.asyncOperationsWindow ?? DEFAULT_SCP_WINDOW,
      },
      handlers: (association) => storageScpHandlers(options.archive, association, options.onStored),
      config: { ...config, ...(options.maxAssociations !== undefined ? { maxAssociations: options.maxAssociations } : {}) },
      ...(options.events ? { events: options.events } : {}),
    });
  }

  listen(port: number, host = '0.0.0.0'): Promise<number> {
    return this.server.listen(port, host);
  }

  /** Stops accepting; by default lets open associations finish their transfers (bounded). */
  close(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    return this.server.close(opts);
  }
}
