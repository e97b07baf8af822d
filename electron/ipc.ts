/**
 * IPC generated from the typed contract: one ipcMain.handle per channel of CHANNELS
 * (core/app/contract.ts), nothing else. Every call is checked before the facade sees it:
 * the sender must be a page of this app (checklist item 17), exactly one argument, and
 * the payload must pass the channel's REQUEST_SCHEMAS validator. Results cross the
 * process boundary as ApiResult ({ ok, result } | { ok: false, error: { code, message } }):
 * a thrown Error would reach the renderer as an opaque "Error invoking remote method".
 */
import type { IpcMainInvokeEvent } from 'electron';
import { CHANNELS, REQUEST_SCHEMAS, bridgeName } from '../core/app/contract.js';
import type { ApiErrorBody, ApiResult, Channel, WorkstationEvent } from '../core/app/contract-types.js';
import { toApiErrorBody } from '../core/app/errors.js';
import type { WorkstationPort } from './workstation-port.js';

/** The one main -> renderer channel: Workstation events. Not a contract channel (no 'domain:verb' the renderer can invoke). */
export const EVENT_CHANNEL = 'filmstation:event';
/** Prefix of the renderer argument that carries the channel list to the preload. */
export const CHANNELS_ARGUMENT = '--filmstation-channels=';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  /** Is this frame URL one of our pages? (security/app-protocol.ts isAppUrl) */
  isTrustedSender: (url: string | undefined) => boolean;
  log?: (level: 'warn' | 'error', message: string) => void;
}

/** The renderer argument listing the channels: the preload builds one function per entry. */
export function channelsArgument(channels: readonly Channel[] = CHANNELS): string {
  return `${CHANNELS_ARGUMENT}${channels.join(',')}`;
}

/** The names the preload exposes, in contract order (plus its onEvent and pathForFile). */
export function bridgeFunctionNames(channels: readonly Channel[] = CHANNELS): string[] {
  return channels.map(bridgeName);
}

function fail(code: ApiErrorBody['code'], message: string, details?: string[]): ApiResult<never> {
  return { ok: false, error: { code, message, ...(details?.length ? { details } : {}) } };
}

/** Checks sender and payload of one call; the validated payload, or the error result to send back. */
export function checkCall(channel: Channel, event: Pick<IpcMainInvokeEvent, 'senderFrame'>, args: readonly unknown[], o: IpcOptions): { ok: true; payload: unknown } | { ok: false; result: ApiResult<never> } {
  const url = event.senderFrame?.url;
  if (!o.isTrustedSender(url)) {
    o.log?.('warn', `IPC ${channel} refused: sender ${String(url).slice(0, 200)} is not a page of this app`);
    return { ok: false, result: fail('BAD_REQUEST', 'Request from a page that is not part of Filmstation') };
  }
  if (args.length !== 1) return { ok: false, result: fail('BAD_REQUEST', `${channel} takes exactly one argument, got ${args.length}`) };
  const problems: string[] = [];
  REQUEST_SCHEMAS[channel].check(args[0], '$', problems);
  if (problems.length) return { ok: false, result: fail('BAD_REQUEST', `${channel} request is not valid`, problems.slice(0, 50)) };
  return { ok: true, payload: args[0] };
}

/** Registers one handler per contract channel; returns the function that removes them all. */
export function registerIpcHandlers(ipc: IpcMainLike, workstation: WorkstationPort, o: IpcOptions): () => void {
  for (const channel of CHANNELS) {
    ipc.handle(channel, async (event, ...args): Promise<ApiResult<unknown>> => {
      const checked = checkCall(channel, event, args, o);
      if (!checked.ok) return checked.result;
      try {
        return await workstation.call(channel, checked.payload);
      } catch (err) {
        // The facade promises not to throw; if it does anyway, the renderer still gets a shape it understands.
        o.log?.('error', `IPC ${channel} threw: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        return { ok: false, error: toApiErrorBody(err) };
      }
    });
  }
  return () => { for (const channel of CHANNELS) ipc.removeHandler(channel); };
}

/** Sends every Workstation event to the window (while it exists); returns the unsubscribe function. */
export function forwardEvents(workstation: Pick<WorkstationPort, 'on'>, send: (channel: string, event: WorkstationEvent) => void): () => void {
  return workstation.on((event) => send(EVENT_CHANNEL, event));
}
