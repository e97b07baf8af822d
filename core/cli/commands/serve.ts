import { parseArgs } from 'node:util';
import { DicomServer, type ServerEvents } from '../../network/server.js';
import type { Association } from '../../network/association.js';
import { answerEcho } from '../../services/verification.js';
import { DEFAULT_SCP_WINDOW, StorageScp } from '../../services/storage-scp.js';
import { Archive, DEFAULT_SPARE_RESERVE } from '../../archive/archive.js';
import { TransferSyntax, VERIFICATION_SOP_CLASS, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../../dicom/uids.js';
import { type CliIo, ExitCode, UsageError, waitForStopSignal } from '../io.js';
import { aeTitleOption, listOption, portOption, windowOption } from '../options.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Workstation, type StorageOverrides } from '../../app/workstation.js';
import type { ArchiveOptions } from '../../archive/archive.js';
import type { StoredEvent } from '../../services/storage-scp.js';
import { BrowserHost } from '../../app/browser-host.js';

export const serveHelp = `Usage: filmstation serve [--archive DIR] [--settings DIR] [--aet AET] [--port P] [--host ADDRESS]
                        [--ui-port P] [--no-ui] [--allow-calling-aet AET1,AET2] [--max-associations N]
                        [--duplicates keep|overwrite] [--durability fsync|none] [--async-window N]

Runs the workstation until SIGINT/SIGTERM, then stops accepting, lets open associations
finish their transfers (at most 30 s), lets the print queue reach a safe point and exits 0.

By default this is the whole workstation, headless: the Storage SCP, the print queue, the
built-in virtual imager (the default printer until another is configured), printer status
polling, and the browser workstation: the user interface and its API on
http://127.0.0.1:<ui-port>/ only, guarded by a random token printed at start-up (open that
exact address; it changes at every start).
  --settings DIR  settings, print queue and (without --archive) the archive; default
                  $FILMSTATION_HOME or ~/.filmstation.
  --archive DIR   the archive folder (files and index); default <settings>/archive.
  --aet/--port/--host  our AE title and Storage SCP port/address for this run (default: the
                  settings: FILMSTATION, 11112, 0.0.0.0); the settings file is not changed.
  --ui-port P     port of the browser workstation on 127.0.0.1 (default: any free port).
  --no-ui         only the DICOM services: the Storage SCP with --archive, else only the
                  Verification SCP (no settings, no print queue, no browser workstation).
  --duplicates    an instance already in the archive is kept (default) or overwritten.
  --durability    fsync (default): an instance is flushed to disk before success is answered;
                  none: leave flushing to the operating system (faster, not power-loss safe).
  --async-window N  C-STOREs a sender may keep outstanding when it proposes an Asynchronous
                  Operations Window (default 8; 1 = one at a time). Most senders propose none.
Any calling AE title is accepted unless --allow-calling-aet is given.`;

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      archive: { type: 'string' },
      settings: { type: 'string' },
      aet: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'ui-port': { type: 'string' },
      'no-ui': { type: 'boolean', default: false },
      'allow-calling-aet': { type: 'string' },
      'max-associations': { type: 'string', default: '32' },
      duplicates: { type: 'string', default: 'keep' },
      durability: { type: 'string', default: 'fsync' },
      'async-window': { type: 'string', default: String(DEFAULT_SCP_WINDOW) },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const aeTitle = aeTitleOption(values.aet ?? 'FILMSTATION', '--aet');
  const port = portOption(values.port ?? '11112', '--port');
  const host = values.host ?? '0.0.0.0';
  const maxAssociations = Math.max(1, Number(values['max-associations']) || 32);
  const duplicates = values.duplicates;
  if (duplicates !== 'keep' && duplicates !== 'overwrite') throw new UsageError(`--duplicates must be keep or overwrite, not '${duplicates}'`);
  const durability = values.durability;
  if (durability !== 'fsync' && durability !== 'none') throw new UsageError(`--durability must be fsync or none, not '${durability}'`);
  const asyncOperationsWindow = windowOption(values['async-window'], '--async-window');
  if (values.archive === '') throw new UsageError('--archive needs a folder');

  const counts = new WeakMap<Association, { stored: number; failed: number }>();
  const events: ServerEvents = {
    onAssociation: (a, rq) => io.stdout.write(`association from ${rq.callingAeTitle.trim()} (${a.remoteAddress})\n`),
    onRejected: (rq, reason, remote) => io.stdout.write(`rejected ${rq.callingAeTitle.trim()} (${remote}): ${reason}\n`),
    onClosed: (a, err) => {
      if (!a.associateRq || !a.negotiated) return; // a connection that never associated (port probe, rejected)
      const c = counts.get(a);
      // The network core reports the peer's TCP close after our A-RELEASE-RP as an error; the
      // trace shows whether the release was completed (PS3.8 7.2), which is what counts here.
      const released = !err || a.trace.list().some((e) => e.direction === 'out' && e.text.includes('A-RELEASE-RP'));
      const what = c ? `: ${c.stored} stored, ${c.failed} failed` : '';
      io.stdout.write(`association from ${a.callingAeTitle.trim()} ${released ? 'released' : `ended abnormally (${err?.message ?? ''})`}${what}\n`);
    },
  };

  /** Counts per association for the summary line; failures always, stored files with --verbose. */
  const onStored = (e: StoredEvent): void => {
    const c = counts.get(e.association) ?? { stored: 0, failed: 0 };
    if (e.status === 0) c.stored += 1; else c.failed += 1;
    counts.set(e.association, c);
    if (e.status !== 0) {
      io.stderr.write(`C-STORE ${e.sopInstanceUid} from ${e.association.callingAeTitle.trim()} failed: 0x${e.status.toString(16).padStart(4, '0').toUpperCase()} ${e.error ?? ''}\n`);
    } else if (values.verbose && e.result) {
      io.stdout.write(`stored ${e.result.path} (${e.result.outcome})\n`);
    }
  };

  if (!values['no-ui']) {
    return runWorkstation({
      settingsDir: values.settings ?? process.env.FILMSTATION_HOME ?? join(homedir(), '.filmstation'),
      ...(values.archive !== undefined ? { archiveDir: values.archive } : {}),
      storage: {
        ...(values.aet !== undefined ? { aeTitle } : {}), ...(values.port !== undefined ? { port } : {}), ...(values.host !== undefined ? { host } : {}),
        ...(listOption(values['allow-calling-aet']) ? { allowedCallingAeTitles: listOption(values['allow-calling-aet']) } : {}),
        maxAssociations, asyncOperationsWindow, events,
        onStored,
      },
      archiveOptions: { duplicates, durability },
      uiPort: uiPortOption(values['ui-port']),
    }, io);
  }

  let archive: Archive | undefined;
  let listen: (port: number, host: string) => Promise<number>;
  let close: () => Promise<void>;
  if (values.archive !== undefined) {
    const opened = Archive.open(values.archive, { duplicates, durability, spareReserve: DEFAULT_SPARE_RESERVE });
    archive = opened;
    const scp = new StorageScp({
      aeTitle, archive: opened, allowedCallingAeTitles: listOption(values['allow-calling-aet']), maxAssociations, asyncOperationsWindow, events,
      onStored,
    });
    listen = (p, h) => scp.listen(p, h);
    close = () => scp.close({ graceful: true, timeoutMs: 30_000 });
  } else {
    const server = new DicomServer({
      policy: {
        aeTitle,
        checkCalledAeTitle: true,
        allowedCallingAeTitles: listOption(values['allow-calling-aet']),
        supported: [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian] }],
        maxPduLength: 262_144,
        implementationClassUid: IMPLEMENTATION_CLASS_UID,
        implementationVersionName: IMPLEMENTATION_VERSION_NAME,
      },
      handlers: { onRequest: answerEcho },
      config: { maxAssociations },
      events,
    });
    listen = (p, h) => server.listen(p, h);
    close = () => server.close({ graceful: true, timeoutMs: 30_000 });
  }
  try {
    const bound = await listen(port, host);
    io.stdout.write(`listening as ${aeTitle} on ${host}:${bound}${archive ? ` (Storage SCP into ${archive.root})` : ''}\n`);
    const signal = await (io.stopSignal ?? waitForStopSignal());
    io.stdout.write(`${signal}: stopping, waiting for open associations\n`);
    await close();
    io.stdout.write('stopped\n');
    return ExitCode.Ok;
  } finally {
    await archive?.close();
  }
}

function uiPortOption(value: string | undefined): number {
  if (value === undefined) return 0;
  const p = Number(value);
  if (!/^\d+$/.test(value) || p > 65535) throw new UsageError(`--ui-port must be a TCP port from 0 to 65535, not '${value}'`);
  return p;
}

/** The whole workstation, headless, with the browser workstation on 127.0.0.1. */
async function runWorkstation(o: {
  settingsDir: string; archiveDir?: string; storage: StorageOverrides; archiveOptions: ArchiveOptions; uiPort: number;
}, io: CliIo): Promise<number> {
  const ws = await Workstation.open({
    settingsDir: o.settingsDir, ...(o.archiveDir ? { archiveDir: o.archiveDir } : {}), host: 'browser',
    storage: o.storage, archiveOptions: o.archiveOptions,
    log: (line) => io.stderr.write(`${line}\n`),
  });
  let host: BrowserHost | undefined;
  try {
    const storage = ws.storage;
    const info = await ws.invoke('app:info', {});
    if (storage.listening) {
      io.stdout.write(`listening as ${info.aeTitle} on ${o.storage.host ?? ws.settingsStore.get().listenHost}:${storage.port} (Storage SCP into ${ws.archive.root})\n`);
    } else {
      io.stderr.write(`Storage SCP not running: ${storage.error ?? 'unknown reason'}\n`);
    }
    if (info.virtualPrinter.listening) io.stdout.write(`virtual imager on 127.0.0.1:${info.virtualPrinter.port}, films to ${info.virtualPrinter.outputFolder}\n`);
    host = new BrowserHost({ api: ws, port: o.uiPort });
    const url = await host.start();
    io.stdout.write(`browser workstation: ${url}\n`);
    if (!host.rendererBuilt) io.stderr.write('The user interface is not built (npm run build:renderer); the API is running.\n');
    const signal = await (io.stopSignal ?? waitForStopSignal());
    io.stdout.write(`${signal}: stopping, waiting for open associations\n`);
  } finally {
    await host?.close();
    await ws.close();
  }
  io.stdout.write('stopped\n');
  return ExitCode.Ok;
}

