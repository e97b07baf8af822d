import { parseArgs } from 'node:util';
import { getPrinterStatus } from '../../services/print-scu/printer-status.js';
import { type CliIo, ExitCode } from '../io.js';
import { peerOptionSpec, peerOptions } from '../options.js';

export const printerStatusHelp = `Usage: filmstation printer-status --host H --port P --called-aet AET [--calling-aet AET] [--implicit-only] [--timeout SECONDS] [--json]

Asks a DICOM printer for its status (N-GET Printer): NORMAL / WARNING / FAILURE and the
status info in words (FILM JAM, SUPPLY EMPTY, RECEIVER FULL...), name, model, calibration.
Exit codes: 0 printer NORMAL, 1 WARNING or FAILURE or refused request, 3 unreachable, 2 wrong usage.`;

export async function printerStatusCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...peerOptionSpec(10), 'implicit-only': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const { host, port, calledAeTitle, callingAeTitle, timeoutMs: t } = peerOptions(values);
  const r = await getPrinterStatus({
    host, port, calledAeTitle, callingAeTitle, implicitOnly: values['implicit-only'],
    config: { connectTimeoutMs: t, artimTimeoutMs: t, dimseTimeoutMs: t },
  });
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ reachable: r.reachable, summary: r.summary, printer: r.printer, events: r.events, error: r.error, elapsedMs: r.elapsedMs })}\n`);
  } else if (r.printer) {
    const p = r.printer;
    const lines = [
      `${calledAeTitle}@${host}:${port}: ${r.summary}`,
      `  Printer Status:      ${p.statusRaw ?? '(not given)'}`,
      `  Printer Status Info: ${p.statusInfo ?? '(not given)'}${p.statusInfoWords && p.statusInfoWords.term !== 'NORMAL' ? ` - ${p.statusInfoWords.text}` : ''}`,
      ...(p.printerName ? [`  Name:                ${p.printerName}`] : []),
      ...(p.manufacturer || p.modelName ? [`  Model:               ${[p.manufacturer, p.modelName].filter(Boolean).join(' ')}`] : []),
      ...(p.calibrationDate ? [`  Last calibration:    ${p.calibrationDate}${p.calibrationTime ? ` ${p.calibrationTime}` : ''}`] : []),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  } else {
    io.stderr.write(`printer-status failed: ${r.summary}\n`);
  }
  if (!r.reachable) return r.error?.code === 'ASSOCIATION_REJECTED' ? ExitCode.Rejected : ExitCode.Unreachable;
  return r.printer?.status === 'NORMAL' ? ExitCode.Ok : ExitCode.Failure;
}
