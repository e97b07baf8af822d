/**
 * The preload exposes exactly the contract's functions: one per channel of CHANNELS, plus
 * onEvent and pathForFile, and nothing else (no invoke, no ipcRenderer).
 */
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { build } from 'esbuild';
import { CHANNELS, bridgeName as coreBridgeName } from '../../../core/app/contract.js';
import type { WorkstationEvent } from '../../../core/app/contract-types.js';
import { channelsArgument, EVENT_CHANNEL } from '../../../electron/ipc.js';

const m = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  return {
    exposed: [] as Array<{ key: string; api: Record<string, unknown> }>,
    invokes: [] as unknown[][],
    listeners,
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => { m.exposed.push({ key, api }); } },
  ipcRenderer: {
    invoke: (...args: unknown[]) => { m.invokes.push(args); return Promise.resolve({ ok: true, result: args[0] }); },
    on: (channel: string, l: (...a: unknown[]) => void) => { if (!m.listeners.has(channel)) m.listeners.set(channel, new Set()); m.listeners.get(channel)?.add(l); },
    removeListener: (channel: string, l: (...a: unknown[]) => void) => { m.listeners.get(channel)?.delete(l); },
  },
  webUtils: { getPathForFile: (f: { path?: string }) => { if (!f.path) throw new Error('not a file'); return f.path; } },
}));

const expectedKeys = [...CHANNELS.map(coreBridgeName), 'onEvent', 'pathForFile'].sort();

async function loadPreload(argv: string[]): Promise<{ key: string; api: Record<string, unknown> }> {
  m.exposed.length = 0;
  m.invokes.length = 0;
  m.listeners.clear();
  vi.resetModules();
  const saved = process.argv;
  process.argv = [...saved, ...argv];
  try {
    await import('../../../electron/preload.js');
  } finally {
    process.argv = saved;
  }
  expect(m.exposed).toHaveLength(1);
  const first = m.exposed[0];
  if (!first) throw new Error('nothing exposed');
  return first;
}

describe('preload', () => {
  beforeEach(() => { m.exposed.length = 0; });

  it('exposes window.filmstation with exactly the contract functions, onEvent and pathForFile', async () => {
    const { key, api } = await loadPreload([channelsArgument()]);
    expect(key).toBe('filmstation');
    expect(Object.keys(api).sort()).toEqual(expectedKeys);
    for (const k of Object.keys(api)) expect(typeof api[k], k).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('each function invokes its own channel with the one payload', async () => {
    const { api } = await loadPreload([channelsArgument()]);
    for (const channel of CHANNELS) {
      const fn = api[coreBridgeName(channel)] as (p: unknown, extra?: unknown) => Promise<unknown>;
      await fn({ probe: channel }, 'ignored extra');
    }
    expect(m.invokes).toEqual(CHANNELS.map((c) => [c, { probe: c }]));
  });

  it('exposes nothing for entries of the argument that are not channels', async () => {
    const { api } = await loadPreload(['--filmstation-channels=app:info,ELECTRON_BROWSER_REQUIRE,a:b:c,../x,ipc:invoke']);
    expect(Object.keys(api).sort()).toEqual(['appInfo', 'ipcInvoke', 'onEvent', 'pathForFile'].sort());
    // 'ipc:invoke' is shaped like a channel, so it is exposed, but main only handles CHANNELS (ipc.test.ts).
  });

  it('onEvent delivers event data only, and unsubscribes', async () => {
    const { api } = await loadPreload([channelsArgument()]);
    const got: WorkstationEvent[] = [];
    const off = (api.onEvent as (l: (e: WorkstationEvent) => void) => () => void)((e) => got.push(e));
    const ev: WorkstationEvent = { type: 'study-deleted', studyInstanceUid: '1.2.3' };
    const senderEvent = { sender: { send: () => undefined } };
    for (const l of m.listeners.get(EVENT_CHANNEL) ?? []) { l(senderEvent, ev); l(senderEvent, 'junk'); }
    off();
    expect(m.listeners.get(EVENT_CHANNEL)?.size ?? 0).toBe(0);
    expect(got).toEqual([ev]);
  });

  it('pathForFile gives the dropped file path, or empty for non-files', async () => {
    const { api } = await loadPreload([channelsArgument()]);
    const pathForFile = api.pathForFile as (f: unknown) => string;
    expect(pathForFile({ path: '/data/CT/IM0001' })).toBe('/data/CT/IM0001');
    expect(pathForFile({})).toBe('');
  });

  it('names functions as the contract does (studies:list -> studiesList)', async () => {
    const { bridgeName } = await import('../../../electron/preload.js');
    for (const c of CHANNELS) expect(bridgeName(c)).toBe(coreBridgeName(c));
  });

  it('bundles to a CommonJS preload.cjs that requires only electron and exposes the same functions', async () => {
    const entry = fileURLToPath(new URL('../../../electron/preload.ts', import.meta.url));
    const out = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], write: false, logLevel: 'silent' });
    const code = out.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((x) => x[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    // Run it the way a sandboxed preload runs: a function of (require, module, exports, process).
    const exposed: Array<{ key: string; api: Record<string, unknown> }> = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }) },
      ipcRenderer: { invoke: () => Promise.resolve(), on: () => undefined, removeListener: () => undefined },
      webUtils: { getPathForFile: () => '' },
    };
    const module = { exports: {} };
    runInNewContext(code, {
      require: (name: string) => { if (name !== 'electron') throw new Error(`sandbox cannot require ${name}`); return fakeElectron; },
      module, exports: module.exports, process: { argv: ['electron', '.', channelsArgument()] },
    });
    expect(exposed).toHaveLength(1);
    expect(Object.keys(exposed[0]?.api ?? {}).sort()).toEqual(expectedKeys);
  });
});
