import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { CHANNELS, bridgeName } from '../../../core/app/contract.js';
import type { ApiResult, WorkstationEvent } from '../../../core/app/contract-types.js';
import { bridgeFunctionNames, channelsArgument, EVENT_CHANNEL, forwardEvents, registerIpcHandlers, type IpcMainLike } from '../../../electron/ipc.js';
import { isAppUrl } from '../../../electron/security/app-protocol.js';
import type { WorkstationPort } from '../../../electron/workstation-port.js';

vi.mock('electron', () => ({}));

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpc(): IpcMainLike & { handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) { handlers.delete(channel); },
  };
}

function fakeWorkstation(result: ApiResult<unknown> = { ok: true, result: 'fine' }) {
  const listeners = new Set<(e: WorkstationEvent) => void>();
  const ws = {
    calls: [] as Array<[string, unknown]>,
    listeners,
    call: vi.fn(async (channel: string, payload: unknown) => { ws.calls.push([channel, payload]); return result; }),
    on: (l: (e: WorkstationEvent) => void) => { listeners.add(l); return () => { listeners.delete(l); }; },
    close: vi.fn(async () => undefined),
  };
  return ws;
}

const fromApp = { senderFrame: { url: 'app://filmstation/index.html' } } as unknown as IpcMainInvokeEvent;

function setup(ws: WorkstationPort = fakeWorkstation()) {
  const ipc = fakeIpc();
  const logs: string[] = [];
  const unregister = registerIpcHandlers(ipc, ws, { isTrustedSender: isAppUrl, log: (_l, m) => logs.push(m) });
  const invoke = async (channel: string, event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const h = ipc.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return (await h(event, ...args)) as ApiResult<unknown>;
  };
  return { ipc, logs, unregister, invoke };
}

describe('IPC handlers generated from the contract', () => {
  it('registers exactly one handler per contract channel, and removes them all', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(ipc.handlers.size).toBe(CHANNELS.length);
    expect(CHANNELS.length).toBeGreaterThan(30);
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes a valid payload to the facade and returns its result', async () => {
    const ws = fakeWorkstation({ ok: true, result: [{ studyInstanceUid: '1.2.3' }] });
    const { invoke } = setup(ws);
    const r = await invoke('studies:list', fromApp, { query: { text: 'YAMADA', limit: 10 } });
    expect(r).toEqual({ ok: true, result: [{ studyInstanceUid: '1.2.3' }] });
    expect(ws.calls).toEqual([['studies:list', { query: { text: 'YAMADA', limit: 10 } }]]);
  });

  it.each([
    ['studies:get', { studyInstanceUid: 'not a uid' }],
    ['studies:get', {}],
    ['studies:get', null],
    ['studies:get', 'x'],
    ['studies:list', { query: { limit: 1e9 } }],
    ['studies:list', { unknownKey: 1 }],
    ['import:paths', { paths: [] }],
    ['queue:confirmUncertain', { jobId: 'j1', filmIndex: -1, printed: true }],
    ['printers:echo', {}],
    ['settings:set', { patch: { aeTitle: 'WAY_TOO_LONG_AE_TITLE_X' } }],
    ['app:info', { extra: true }],
  ])('rejects a malformed %s payload before the facade sees it (%j)', async (channel, payload) => {
    const ws = fakeWorkstation();
    const { invoke } = setup(ws);
    const r = await invoke(channel, fromApp, payload);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_REQUEST');
      expect(r.error.details?.length).toBeGreaterThan(0);
    }
    expect(ws.call).not.toHaveBeenCalled();
  });

  it('rejects calls with more or fewer than one argument', async () => {
    const ws = fakeWorkstation();
    const { invoke } = setup(ws);
    expect((await invoke('app:info', fromApp)).ok).toBe(false);
    expect((await invoke('app:info', fromApp, {}, { sneaky: true })).ok).toBe(false);
    expect(ws.call).not.toHaveBeenCalled();
  });

  it('refuses senders that are not pages of the app', async () => {
    const ws = fakeWorkstation();
    const { invoke, logs } = setup(ws);
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html', undefined]) {
      const r = await invoke('app:info', { senderFrame: url === undefined ? null : { url } } as unknown as IpcMainInvokeEvent, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(ws.call).not.toHaveBeenCalled();
    expect(logs).toHaveLength(4);
  });

  it('maps a facade that throws to a serialisable error', async () => {
    const ws = fakeWorkstation();
    ws.call.mockImplementationOnce(async () => { throw new Error('disk on fire'); });
    const { invoke } = setup(ws);
    const r = await invoke('app:info', fromApp, {});
    expect(r).toEqual({ ok: false, error: { code: 'FAILED', message: 'disk on fire' } });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('forwards facade errors unchanged', async () => {
    const ws = fakeWorkstation({ ok: false, error: { code: 'NOT_FOUND', message: 'No such study' } });
    const { invoke } = setup(ws);
    expect(await invoke('studies:get', fromApp, { studyInstanceUid: '1.2.3' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No such study' } });
  });

  it('forwards every facade event on the event channel until unsubscribed', () => {
    const ws = fakeWorkstation();
    const sent: Array<[string, WorkstationEvent]> = [];
    const stop = forwardEvents(ws, (c, e) => sent.push([c, e]));
    const ev: WorkstationEvent = { type: 'study-deleted', studyInstanceUid: '1.2' };
    for (const l of ws.listeners) l(ev);
    stop();
    for (const l of ws.listeners) l(ev);
    expect(sent).toEqual([[EVENT_CHANNEL, ev]]);
    expect(ws.listeners.size).toBe(0);
  });

  it('builds the channel argument and bridge names from the contract', () => {
    expect(channelsArgument()).toBe(`--filmstation-channels=${CHANNELS.join(',')}`);
    expect(bridgeFunctionNames()).toEqual(CHANNELS.map(bridgeName));
    expect(bridgeFunctionNames()).toContain('studiesList');
    expect(CHANNELS).not.toContain(EVENT_CHANNEL);
  });
});
