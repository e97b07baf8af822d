/**
 * What the Electron shell needs of the Workstation facade (core/app/workstation.ts). A
 * structural type, so the main-process modules can be unit-tested with a fake facade and
 * never import the services themselves.
 */
import type { ApiResult, WorkstationEvent } from '../core/app/contract-types.js';

export interface WorkstationPort {
  /** Validates and runs one request; never throws (failures are { ok: false, error }). */
  call(channel: string, payload: unknown): Promise<ApiResult<unknown>>;
  /** Subscribes to the one event stream; returns the unsubscribe function. */
  on(listener: (event: WorkstationEvent) => void): () => void;
  /** Stops the services: open transfers finish (bounded), queue state saved. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}
