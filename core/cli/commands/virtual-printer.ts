import { parseArgs } from 'node:util';
import { loadPrinterProfile } from '../../film/printer-profile.js';
import { PrintScp } from '../../services/print-scp/print-scp.js';
import { defaultVirtualPrinterFolder } from '../../services/print-scp/output-writer.js';
import { type CliIo, ExitCode, UsageError, waitForStopSignal } from '../io.js';
import { aeTitleOption, portOption } from '../options.js';

export const virtualPrinterHelp = `Usage: filmstation virtual-printer [--port P] [--aet AET] [--out DIR] [--profile NAME]
                                  [--host ADDRESS] [--check-called-aet]

Runs the built-in virtual imager (Basic Grayscale Print Management SCP) until SIGINT/SIGTERM.
Each printed film is written as film.png (true pixel matrix), the received image boxes and a
record.json under DIR, one folder per film session with a session.pdf.
  --profile NAME  behave like this printer profile (resources/printers/NAME.json): film sizes,
                  formats, optional attributes, implicit-only and Max PDU. Default IHEFULL.
  --out DIR       output folder (default ~/Documents/Filmstation/virtual-printer).
Defaults: --port 10005 --aet the profile's AE title (else FILMSTATION_VP) --host 0.0.0.0.`;

export async function virtualPrinterCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '10005' },
      aet: { type: 'string' },
      out: { type: 'string' },
      profile: { type: 'string', default: 'IHEFULL' },
      host: { type: 'string', default: '0.0.0.0' },
      'check-called-aet': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = portOption(values.port, '--port');
  const aeTitle = values.aet === undefined ? undefined : aeTitleOption(values.aet, '--aet');
  if (values.out === '') throw new UsageError('--out needs a folder');
  const out = values.out ?? defaultVirtualPrinterFolder();
  const profile = await loadPrinterProfile(values.profile);
  const scp = new PrintScp({
    profile, outputFolder: out, checkCalledAeTitle: values['check-called-aet'],
    ...(aeTitle ? { aeTitle } : {}),
    events: {
      onAssociation: (a, rq) => io.stdout.write(`association from ${rq.callingAeTitle.trim()} (${a.remoteAddress})\n`),
      onRejected: (rq, reason, remote) => io.stdout.write(`rejected ${rq.callingAeTitle.trim()} (${remote}): ${reason}\n`),
    },
    onFilmPrinted: (e) => io.stdout.write(`printed film ${e.filmNumber} -> ${e.folder}${e.status ? ` (status 0x${e.status.toString(16).toUpperCase()})` : ''}\n`),
    onSessionClosed: (e) => io.stdout.write(`session of ${e.films} film(s) done${e.pdf ? `: ${e.pdf}` : ''}\n`),
    onError: (err) => io.stderr.write(`virtual printer: ${err.message}\n`),
  });
  const bound = await scp.listen(port, values.host);
  io.stdout.write(`virtual printer ${scp.aeTitle} (profile ${profile.name}) listening on ${values.host}:${bound}, films into ${out}\n`);
  const signal = await (io.stopSignal ?? waitForStopSignal());
  io.stdout.write(`${signal}: stopping, waiting for open associations\n`);
  await scp.close({ graceful: true, timeoutMs: 30_000 });
  io.stdout.write('stopped\n');
  return ExitCode.Ok;
}

