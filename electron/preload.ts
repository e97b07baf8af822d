/**
 * The preload: the only bridge between the sandboxed renderer and the main process. It
 * exposes, as window.filmstation, one function per contract channel ('studies:list' ->
 * studiesList(payload)), the event subscription onEvent(listener), and pathForFile(file)
 * for files dropped from the OS. No generic invoke and no ipcRenderer reach the page
 * (checklist items 3 and 20), so a compromised page can call only what the contract
 * offers, and main validates each payload again (ipc.ts).
 *
 * A sandboxed preload can require only 'electron' (no relative modules, no core/), so the
 * channel list comes from the main process as a renderer argument built from CHANNELS
 * (ipc.ts channelsArgument), and this file is bundled to CommonJS preload.cjs
 * (esbuild, see the build:preload script). Keep it free of other runtime imports.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { FilmstationBridge, WorkstationEvent } from '../core/app/contract-types.js';

const CHANNELS_ARGUMENT = '--filmstation-channels=';
const EVENT_CHANNEL = 'filmstation:event';
/** A contract channel: 'domain:verb'. Anything else in the argument is ignored. */
const CHANNEL_NAME = /^[a-z]{1,32}:[A-Za-z]{1,64}$/;

type IpcRendererPort = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;
type WebUtilsPort = Pick<typeof webUtils, 'getPathForFile'>;

/** What window.filmstation is: the contract's bridge plus the path of a dropped file. */
export type PreloadBridge = FilmstationBridge & { pathForFile(file: File): string };

/** The channel list main put on the renderer's command line. */
export function channelsFromArgv(argv: readonly string[]): string[] {
  const arg = argv.find((a) => a.startsWith(CHANNELS_ARGUMENT));
  if (!arg) return [];
  return [...new Set(arg.slice(CHANNELS_ARGUMENT.length).split(',').filter((c) => CHANNEL_NAME.test(c)))];
}

/** 'studies:list' -> 'studiesList' (BridgeName in the contract types). */
export function bridgeName(channel: string): string {
  const i = channel.indexOf(':');
  const verb = channel.slice(i + 1);
  return `${channel.slice(0, i)}${verb.charAt(0).toUpperCase()}${verb.slice(1)}`;
}

function isEvent(value: unknown): value is WorkstationEvent {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function buildBridge(channels: readonly string[], ipc: IpcRendererPort, utils: WebUtilsPort): PreloadBridge {
  const bridge: Record<string, unknown> = {};
  for (const channel of channels) {
    // One argument only, whatever the page passes: main refuses anything else anyway.
    bridge[bridgeName(channel)] = (payload: unknown) => ipc.invoke(channel, payload);
  }
  bridge.onEvent = (listener: (event: WorkstationEvent) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    // The IpcRendererEvent (with its sender) never reaches the page: only the event data.
    const handler = (_event: unknown, data: unknown): void => { if (isEvent(data)) listener(data); };
    ipc.on(EVENT_CHANNEL, handler);
    return () => { ipc.removeListener(EVENT_CHANNEL, handler); };
  };
  // Files dropped from the OS: their path on disk, so the page can ask for import:paths
  // (folders included) instead of uploading bytes. '' for files that are not on disk.
  bridge.pathForFile = (file: File): string => {
    try { return utils.getPathForFile(file); } catch { return ''; }
  };
  return Object.freeze(bridge) as PreloadBridge;
}

contextBridge.exposeInMainWorld('filmstation', buildBridge(channelsFromArgv(process.argv), ipcRenderer, webUtils));
