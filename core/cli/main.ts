/**
 * The `filmstation` command: a thin front end over core services (and, as they arrive,
 * the Workstation facade). Each command lives in commands/ with its own help text.
 */
import { type CliIo, ExitCode, UsageError } from './io.js';
import { echoCommand, echoHelp } from './commands/echo.js';
import { serveCommand, serveHelp } from './commands/serve.js';
import { startCommand, startHelp } from './commands/start.js';
import { importCommand, importHelp } from './commands/import.js';
import { studiesCommand, studiesHelp } from './commands/studies.js';
import { sendCommand, sendHelp } from './commands/send.js';
import { reindexCommand, reindexHelp } from './commands/reindex.js';
import { verifyCommand, verifyHelp } from './commands/verify.js';
import { describeFailure } from './errors-to-exit.js';
import { virtualPrinterCommand, virtualPrinterHelp } from './commands/virtual-printer.js';
import { printCommand, printHelp } from './commands/print.js';
import { printerStatusCommand, printerStatusHelp } from './commands/printer-status.js';
import { findCommand, findHelp } from './commands/find.js';
import { retrieveCommand, retrieveHelp } from './commands/retrieve.js';

interface Command {
  summary: string;
  help: string;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

const commands: Record<string, Command> = {
  echo: { summary: 'check that a DICOM node answers (C-ECHO)', help: echoHelp, run: echoCommand },
  serve: { summary: 'run the DICOM services (Storage SCP with --archive, Verification SCP) until stopped', help: serveHelp, run: serveCommand },
  import: { summary: 'copy DICOM files, folders or a DICOMDIR (CD/DVD) into the archive', help: importHelp, run: importCommand },
  studies: { summary: 'list the studies in the archive', help: studiesHelp, run: studiesCommand },
  send: { summary: 'send DICOM files to a node (C-STORE)', help: sendHelp, run: sendCommand },
  find: { summary: 'search a PACS for patients, studies, series or images (C-FIND)', help: findHelp, run: findCommand },
  retrieve: { summary: 'fetch a study from a PACS into the archive (C-MOVE or C-GET)', help: retrieveHelp, run: retrieveCommand },
  reindex: { summary: "rebuild the archive's index from its files", help: reindexHelp, run: reindexCommand },
  verify: { summary: "check the archive's files against what was stored (missing, altered)", help: verifyHelp, run: verifyCommand },
  print: { summary: 'print DICOM images on a DICOM printer through the print queue', help: printHelp, run: printCommand },
  'printer-status': { summary: 'ask a DICOM printer for its status (N-GET Printer)', help: printerStatusHelp, run: printerStatusCommand },
  'virtual-printer': { summary: 'run the built-in virtual imager (Print SCP): films become PNG, JSON and PDF', help: virtualPrinterHelp, run: virtualPrinterCommand },
  start: { summary: 'start the workstation (desktop app, or the services where Electron is missing)', help: startHelp, run: startCommand },
};

export const VERSION = '0.1.0';

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    `Filmstation ${VERSION}: DICOM print and film workstation`,
    '',
    'Usage: filmstation <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'filmstation <command> --help' for a command's options.",
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`);
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`Unknown command '${name}'.\n\n${usage()}\n`);
    return ExitCode.Usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return ExitCode.Ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`${err.message}\n\n${command.help}\n`);
      return ExitCode.Usage;
    }
    const { code, text } = describeFailure(err);
    io.stderr.write(`${name} failed: ${text}\n`);
    return code;
  }
}
