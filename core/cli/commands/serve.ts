import { parseArgs } from 'node:util';
import { DicomServer } from '../../network/server.js';
import { answerEcho } from '../../services/verification.js';
import { TransferSyntax, VERIFICATION_SOP_CLASS, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../../dicom/uids.js';
import { type CliIo, ExitCode } from '../io.js';
import { aeTitleOption, listOption, portOption } from '../options.js';

export const serveHelp = `Usage: filmstation serve [--aet AET] [--port P] [--host ADDRESS]
                        [--allow-calling-aet AET1,AET2] [--max-associations N]

Runs the workstation's DICOM services (Verification SCP) until SIGINT/SIGTERM, then stops
accepting, lets open associations finish (at most 30 s) and exits 0.
Defaults: --aet FILMSTATION --port 11112 --host 0.0.0.0; any calling AE title is accepted.`;

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      aet: { type: 'string', default: 'FILMSTATION' },
      port: { type: 'string', default: '11112' },
      host: { type: 'string', default: '0.0.0.0' },
      'allow-calling-aet': { type: 'string' },
      'max-associations': { type: 'string', default: '32' },
    },
    strict: true,
  });
  const aeTitle = aeTitleOption(values.aet, '--aet');
  const port = portOption(values.port, '--port');
  const maxAssociations = Math.max(1, Number(values['max-associations']) || 32);
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
    events: {
      onAssociation: (a, rq) => io.stdout.write(`association from ${rq.callingAeTitle} (${a.remoteAddress})\n`),
      onRejected: (rq, reason, remote) => io.stdout.write(`rejected ${rq.callingAeTitle} (${remote}): ${reason}\n`),
    },
  });
  const bound = await server.listen(port, values.host);
  io.stdout.write(`listening as ${aeTitle} on ${values.host}:${bound}\n`);
  const signal = await (io.stopSignal ?? waitForStopSignal());
  io.stdout.write(`${signal}: stopping, waiting for open associations\n`);
  await server.close({ graceful: true, timeoutMs: 30_000 });
  io.stdout.write('stopped\n');
  return ExitCode.Ok;
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
