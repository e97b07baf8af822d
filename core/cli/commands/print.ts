import { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readDicomFile } from '../../dicom/read-dicom-file.js';
import { createFilmDocument } from '../../film/film-document.js';
import { fillFilms, type SeriesImage } from '../../film/pagination.js';
import { loadPrinterProfile } from '../../film/printer-profile.js';
import { PrintQueue } from '../../jobs/print-queue.js';
import { JobStore } from '../../jobs/job-store.js';
import { filePreparer } from '../../jobs/render-film-content.js';
import type { JobOptions, PrintJobRecord } from '../../jobs/job-types.js';
import { type CliIo, ExitCode, UsageError } from '../io.js';
import { aeTitleOption, portOption, timeoutOption } from '../options.js';
import { PrintScp } from '../../services/print-scp/print-scp.js';
import { defaultVirtualPrinterFolder } from '../../services/print-scp/output-writer.js';

export const printHelp = `Usage: filmstation print [--host H --port P --called-aet AET] [--calling-aet AET] [--profile NAME]
       [--format 'STANDARD\\2,2'] [--film-size 14INX17IN] [--orientation PORTRAIT|LANDSCAPE]
       [--copies N] [--medium 'BLUE FILM'] [--magnification CUBIC] [--bits 8|12]
       [--window CENTER,WIDTH] [--annotate] [--queue-dir DIR] [--out DIR] [--timeout SECONDS] [--json] FILES...

Paginates the images into as many films as needed, and prints them through the persistent
print queue (Basic Grayscale Print Management). Unset options take the printer profile's
defaults (resources/printers/NAME.json; default profile GENERIC).
Without --host, the films go to the built-in virtual imager (behaving as the --profile
printer), which writes them as PNG, JSON and PDF to --out (default
~/Documents/Filmstation/virtual-printer).
Exit codes: 0 every film printed (warnings listed), 1 a film failed or is uncertain,
3 printer unreachable (after retries), 2 wrong usage.`;

function windowOption(v: string | undefined): { center: number; width: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(v);
  if (!m) throw new UsageError(`--window '${v}' must be CENTER,WIDTH (e.g. 40,400)`);
  const width = Number(m[2]);
  if (width < 1) throw new UsageError('--window WIDTH must be at least 1');
  return { center: Number(m[1]), width };
}

export async function printCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' }, port: { type: 'string' }, 'called-aet': { type: 'string' },
      'calling-aet': { type: 'string', default: 'FILMSTATION' }, profile: { type: 'string', default: 'GENERIC' },
      format: { type: 'string', default: 'STANDARD\\1,1' }, 'film-size': { type: 'string' },
      orientation: { type: 'string' }, copies: { type: 'string', default: '1' }, medium: { type: 'string' },
      magnification: { type: 'string' }, bits: { type: 'string', default: '8' }, window: { type: 'string' },
      annotate: { type: 'boolean', default: false }, 'queue-dir': { type: 'string' },
      timeout: { type: 'string', default: '30' }, json: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError('no FILES to print');
  // No printer named: print to the built-in virtual imager (issue 7: the out-of-the-box printer).
  const virtual = values.host === undefined;
  if (virtual && (values.port !== undefined || values['called-aet'] !== undefined)) throw new UsageError('--port and --called-aet need --host');
  if (!virtual && values.out !== undefined) throw new UsageError('--out is for the built-in virtual imager (no --host)');
  const callingAeTitle = aeTitleOption(values['calling-aet'], '--calling-aet');
  const t = timeoutOption(values.timeout);
  const orientation = values.orientation?.toUpperCase();
  if (orientation !== undefined && orientation !== 'PORTRAIT' && orientation !== 'LANDSCAPE') throw new UsageError('--orientation must be PORTRAIT or LANDSCAPE');
  const bits = Number(values.bits);
  if (bits !== 8 && bits !== 12) throw new UsageError('--bits must be 8 or 12');
  const copies = Number(values.copies);
  if (!Number.isInteger(copies) || copies < 1 || copies > 99) throw new UsageError('--copies must be 1..99');
  const win = windowOption(values.window);
  const profile = await loadPrinterProfile(values.profile);
  let host = values.host ?? '127.0.0.1';
  let port: number;
  let calledAeTitle: string;
  let imager: PrintScp | undefined;
  if (virtual) {
    const outputFolder = resolve(values.out ?? defaultVirtualPrinterFolder());
    imager = new PrintScp({ profile, outputFolder });
    host = '127.0.0.1';
    port = await imager.listen(0, host);
    calledAeTitle = imager.aeTitle;
    if (!values.json) io.stderr.write(`No printer given: printing to the built-in virtual imager (${profile.name}); films go to ${outputFolder}\n`);
  } else {
    port = portOption(values.port, '--port');
    calledAeTitle = aeTitleOption(values['called-aet'], '--called-aet');
  }
  const printWith = async (): Promise<number> => {
    const filmSizeId = values['film-size']?.toUpperCase() ?? profile.filmSizes?.[0]?.id ?? '14INX17IN';

    const sources: Record<string, string> = {};
    const images: SeriesImage[] = [];
    for (const f of positionals) {
      const path = resolve(f);
      const ds = await readDicomFile(path, { stopAtTag: 0x7fe00010 });
      const uid = ds.string(0x00080018);
      if (!uid) throw new UsageError(`${f} has no SOP Instance UID`);
      const frames = ds.number(0x00280008) ?? 1;
      sources[uid] = path;
      const instanceNumber = ds.number(0x00200013);
      for (let frame = 0; frame < frames; frame++) images.push({ sopInstanceUid: uid, frame, ...(instanceNumber !== undefined ? { instanceNumber } : {}) });
    }
    const first = createFilmDocument({ displayFormat: values.format, filmSizeId, ...(orientation ? { orientation } : {}), options: { copies } });
    const docs = fillFilms(first, images, { sort: 'none', ...(win ? { view: { voi: { kind: 'window', center: win.center, width: win.width } } } : {}) });
    const options: JobOptions = {
      copies, bits, filmSizeId, annotate: values.annotate,
      ...(orientation ? { orientation } : {}),
      ...(values.medium ? { mediumType: values.medium } : {}),
      ...(values.magnification ? { magnificationType: values.magnification.toUpperCase() } : {}),
    };
    let shown = 0;
    const queue = new PrintQueue({
      store: new JobStore(values['queue-dir'] ?? join(homedir(), '.filmstation', 'print-queue')),
      prepare: filePreparer(), retry: { baseMs: 1000, maxMs: 8000, maxAttempts: 4 },
      networkConfig: { connectTimeoutMs: t, artimTimeoutMs: t, dimseTimeoutMs: t },
      onChange: (j) => {
        if (values.json) return;
        // onChange fires for every saved state; print each history entry once.
        for (const entry of j.history.slice(shown)) io.stderr.write(`  ${entry.film !== undefined ? `film ${entry.film + 1}: ` : ''}${entry.what}\n`);
        shown = j.history.length;
      },
    });
    queue.start();
    let job: PrintJobRecord;
    try {
      job = queue.submit({ printer: { name: calledAeTitle, host, port, calledAeTitle, callingAeTitle, profile: profile.name }, films: docs, options, sources });
      job = await queue.waitFor(job.id, 30 * 60_000);
    } finally {
      await queue.stop();
    }
    const printed = job.films.filter((f) => f.state === 'printed').length;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ ok: job.state === 'done', job: job.id, state: job.state, films: job.films.map((f) => ({ film: f.index + 1, state: f.state, warnings: f.warnings, failure: f.failure })) })}\n`);
    } else {
      io.stdout.write(`${job.state === 'done' ? 'OK' : 'FAILED'}: ${printed} of ${job.films.length} film(s) printed on ${calledAeTitle}@${host}:${port} (job ${job.id})\n`);
      for (const f of job.films) {
        for (const w of f.warnings) io.stdout.write(`  film ${f.index + 1} warning: ${w}\n`);
        if (f.state !== 'printed') io.stdout.write(`  film ${f.index + 1} ${f.state}: ${f.failure ?? ''}\n`);
      }
    }
    if (job.state === 'done') return ExitCode.Ok;
    const unreachable = job.films.every((f) => f.state !== 'printed') && /refused|unreachable|connect/i.test(job.lastError ?? '');
    return unreachable ? ExitCode.Unreachable : ExitCode.Failure;
  };
  try {
    return await printWith();
  } finally {
    await imager?.close({ graceful: true, timeoutMs: 30_000 });
  }
}
