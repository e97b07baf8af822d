import { parseArgs } from 'node:util';
import { DicomServer, type ServerEvents } from '../../network/server.js';
import type { Association } from '../../network/association.js';
import { answerEcho } from '../../services/verification.js';
import { StorageScp } from '../../services/storage-scp.js';
import { Archive } from '../../archive/archive.js';
import { TransferSyntax, VERIFICATION_SOP_CLASS, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../../dicom/uids.js';
import { type CliIo, ExitCode, UsageError } from '../io.js';
import { aeTitleOption, listOption, portOption } from '../options.js';

export const serveHelp = `Usage: filmstation serve [--archive DIR] [--aet AET] [--port P] [--host ADDRESS]
                        [--allow-calling-aet AET1,AET2] [--max-associations N]
                        [--duplicates keep|overwrite] [--durability fsync|none]

Runs the workstation's DICOM services until SIGINT/SIGTERM, then stops accepting, lets open
associations finish their transfers (at most 30 s) and exits 0.
  --archive DIR   run the Storage SCP too: received instances are stored in DIR (files and
                  index). Without it only the Verification SCP runs.
  --duplicates    an instance already in the archive is kept (default) or overwritten.
  --durability    fsync (default): an instance is flushed to disk before success is answered;
                  none: leave flushing to the operating system (faster, not power-loss safe).
Defaults: --aet FILMSTATION --port 11112 --host 0.0.0.0; any calling AE title is accepted.`;

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      archive: { type: 'string' },
      aet: { type: 'string', default: 'FILMSTATION' },
      port: { type: 'string', default: '11112' },
      host: { type: 'string', default: '0.0.0.0' },
      'allow-calling-aet': { type: 'string' },
      'max-associations': { type: 'string', default: '32' },
      duplicates: { type: 'string', default: 'keep' },
      durability: { type: 'string', default: 'fsync' },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const aeTitle = aeTitleOption(values.aet, '--aet');
  const port = portOption(values.port, '--port');
  const maxAssociations = Math.max(1, Number(values['max-associations']) || 32);
  const duplicates = values.duplicates;
  if (duplicates !== 'keep' && duplicates !== 'overwrite') throw new UsageError(`--duplicates must be keep or overwrite, not '${duplicates}'`);
  const durability = values.durability;
  if (durability !== 'fsync' && durability !== 'none') throw new UsageError(`--durability must be fsync or none, not '${durability}'`);
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

  let archive: Archive | undefined;
  let listen: (port: number, host: string) => Promise<number>;
  let close: () => Promise<void>;
  if (values.archive !== undefined) {
    const opened = Archive.open(values.archive, { duplicates, durability });
    archive = opened;
    const scp = new StorageScp({
      aeTitle, archive: opened, allowedCallingAeTitles: listOption(values['allow-calling-aet']), maxAssociations, events,
      onStored: (e) => {
        const c = counts.get(e.association) ?? { stored: 0, failed: 0 };
        if (e.status === 0) c.stored += 1; else c.failed += 1;
        counts.set(e.association, c);
        if (e.status !== 0) {
          io.stderr.write(`C-STORE ${e.sopInstanceUid} from ${e.association.callingAeTitle.trim()} failed: 0x${e.status.toString(16).padStart(4, '0').toUpperCase()} ${e.error ?? ''}\n`);
        } else if (values.verbose && e.result) {
          io.stdout.write(`stored ${e.result.path} (${e.result.outcome})\n`);
        }
      },
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
    const bound = await listen(port, values.host);
    io.stdout.write(`listening as ${aeTitle} on ${values.host}:${bound}${archive ? ` (Storage SCP into ${archive.root})` : ''}\n`);
    const signal = await (io.stopSignal ?? waitForStopSignal());
    io.stdout.write(`${signal}: stopping, waiting for open associations\n`);
    await close();
    io.stdout.write('stopped\n');
    return ExitCode.Ok;
  } finally {
    archive?.close();
  }
}

function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
