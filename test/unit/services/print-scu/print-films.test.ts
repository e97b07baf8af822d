import { afterEach, describe, expect, it } from 'vitest';
import { printFilms } from '../../../../core/services/print-scu/print-films.js';
import { getPrinterStatus } from '../../../../core/services/print-scu/printer-status.js';
import { probePrinter } from '../../../../core/services/print-scu/capability-probe.js';
import { CommandField } from '../../../../core/network/dimse/command-set.js';
import { SopClass } from '../../../../core/dicom/uids.js';
import type { FilmContent, PrintPixels, PrintRequest } from '../../../../core/services/print-scu/types.js';
import { freePort } from '../../../support/peers.js';
import { startFakePrinter, type FakePrinter, type FakePrinterOptions } from './fake-printer.js';

const pixels = (w: number, h: number, bits: 8 | 12, seed = 0): PrintPixels => {
  const data = bits === 8 ? new Uint8Array(w * h) : new Uint16Array(w * h);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + seed) % (bits === 8 ? 256 : 4096);
  return { width: w, height: h, bits, data };
};
const film = (n = 4, format = 'STANDARD\\2,2', bits: 8 | 12 = 8): FilmContent => ({
  filmBox: { imageDisplayFormat: format, filmSizeId: '8INX10IN' },
  images: Array.from({ length: n }, (_, i) => ({ position: i + 1, pixels: pixels(16, 12, bits, i) })),
});

let printer: FakePrinter | undefined;
afterEach(async () => { await printer?.close(); printer = undefined; });

async function run(o: FakePrinterOptions, req: Partial<PrintRequest> = {}, timeoutMs?: number) {
  printer = await startFakePrinter(o);
  return printFilms({ host: '127.0.0.1', port: printer.port, calledAeTitle: printer.aeTitle, callingAeTitle: 'FSTEST', implicitOnly: o.implicitOnly === true },
    { session: { numberOfCopies: 1 }, films: [film()], ...req }, timeoutMs ? { timeoutMs } : {});
}

describe('printFilms against a scripted printer', () => {
  it('follows the PS3.4 H.4 sequence and fills the image boxes the Film Box response named', async () => {
    const phases: string[] = [];
    const r = await run({}, { onFilmPhase: (i, p) => { phases.push(`${i}:${p}`); } });
    expect(r.ok).toBe(true);
    expect(printer?.received).toEqual([
      'N-GET printer', 'N-CREATE film-session', 'N-CREATE film-box',
      'N-SET image-box', 'N-SET image-box', 'N-SET image-box', 'N-SET image-box',
      'N-ACTION film-box', 'N-DELETE film-box', 'N-DELETE film-session',
    ]);
    expect(printer?.imageBoxes.map((b) => b.position)).toEqual([1, 2, 3, 4]);
    expect(phases).toEqual(['0:creating', '0:action-sent', '0:printed']);
    expect(r.printer?.status).toBe('NORMAL');
    expect(r.films[0]?.outcome).toBe('printed');
  });

  it('sends the Presentation LUT reference where the request says (film session or film box)', async () => {
    await run({}, { presentationLut: { shape: 'IDENTITY', placement: 'film-session' } });
    expect(printer?.received.slice(0, 3)).toEqual(['N-GET printer', 'N-CREATE lut', 'N-CREATE film-session']);
    expect(printer?.sessions[0]?.lut).toMatch(/^2\.25\./);
    expect(printer?.filmBoxes[0]?.lut).toBeUndefined();
    await printer?.close();
    await run({}, { presentationLut: { shape: 'IDENTITY', placement: 'film-box' } });
    expect(printer?.sessions[0]?.lut).toBeUndefined();
    expect(printer?.filmBoxes[0]?.lut).toMatch(/^2\.25\./);
  });

  it('12-bit pixels travel as 16 bits allocated, 12 stored, little endian; MONOCHROME1 is inverted', async () => {
    const f: FilmContent = { filmBox: { imageDisplayFormat: 'STANDARD\\1,2' }, images: [
      { position: 1, pixels: { width: 2, height: 1, bits: 12, data: Uint16Array.from([0x123, 4095]) } },
      { position: 2, pixels: { width: 2, height: 1, bits: 8, data: Uint8Array.from([0, 200]) }, photometric: 'MONOCHROME1' },
    ] };
    const r = await run({ implicitOnly: true }, { films: [f] });
    expect(r.ok).toBe(true);
    expect(r.negotiated.metaTransferSyntax).toBe('1.2.840.10008.1.2');
    const [a, b] = printer?.imageBoxes ?? [];
    expect(a?.bitsStored).toBe(12);
    expect([...(a?.pixels ?? [])]).toEqual([0x23, 0x01, 0xff, 0x0f]);
    expect(b?.photometric).toBe('MONOCHROME1');
    expect([...(b?.pixels ?? [])]).toEqual([255, 55]);
  });

  it('answers a printer N-EVENT-REPORT that arrives while our request is pending, and records it in words', async () => {
    const r = await run({ eventBefore: { request: 3, eventTypeId: 2, statusInfo: 'SUPPLY LOW' } });
    expect(r.ok).toBe(true);
    expect(printer?.eventsAnswered).toEqual([0]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ source: 'printer', name: 'WARNING', statusInfo: 'SUPPLY LOW' });
    expect(r.events[0]?.words?.text).toMatch(/low/i);
  });

  it('a warning status prints and is listed (B604 image demagnified)', async () => {
    const r = await run({ rule: (req) => (req.command.commandField === CommandField.N_SET_RQ ? 0xb604 : undefined) });
    expect(r.ok).toBe(true);
    expect(r.films[0]?.outcome).toBe('printed');
    expect(r.films[0]?.warnings.map((w) => w.status.code)).toEqual([0xb604, 0xb604, 0xb604, 0xb604]);
    expect(r.films[0]?.warnings[0]?.status.text).toMatch(/reduced the image/);
  });

  it('a failure status fails the film with the reason and never sends N-ACTION (C603)', async () => {
    const r = await run({ rule: (req, n) => (req.command.commandField === CommandField.N_SET_RQ && n === 5 ? 0xc603 : undefined) });
    expect(r.ok).toBe(false);
    expect(r.films[0]?.outcome).toBe('failed');
    expect(r.films[0]?.failure).toMatchObject({ step: 'image-box' });
    expect(r.films[0]?.failure?.message).toMatch(/Image box 2: .*larger than its box/);
    expect(printer?.received).not.toContain('N-ACTION film-box');
    expect(printer?.received).toContain('N-DELETE film-box');
  });

  it('a printer that answers every request with a failure status: nothing printed, reason given', async () => {
    const r = await run({ rule: () => 0x0110 });
    expect(r.ok).toBe(false);
    expect(r.printer?.getStatus.code).toBe(0x0110);
    expect(r.films[0]?.outcome).toBe('failed');
    expect(r.films[0]?.failure?.step).toBe('film-session');
    expect(r.films[0]?.failure?.message).toMatch(/internal error/);
    expect(printer?.received).not.toContain('N-ACTION film-box');
  });

  it('queue full (C602) on N-ACTION is a failed film marked transient', async () => {
    const { isTransientFilmFailure } = await import('../../../../core/services/print-scu/print-films.js');
    const r = await run({ rule: (req) => (req.command.commandField === CommandField.N_ACTION_RQ ? 0xc602 : undefined) });
    expect(r.films[0]?.outcome).toBe('failed');
    expect(isTransientFilmFailure(r.films[0]!)).toBe(true);
    expect(r.films[0]?.failure?.message).toMatch(/queue is full/);
  });

  it('a printer that aborts after N-ACTION leaves the film uncertain, never failed', async () => {
    const phases: string[] = [];
    const r = await run({ rule: (req) => (req.command.commandField === CommandField.N_ACTION_RQ ? 'abort' : undefined) },
      { films: [film(), film()], onFilmPhase: (i, p) => { phases.push(`${i}:${p}`); } });
    expect(r.ok).toBe(false);
    expect(r.films.map((f) => f.outcome)).toEqual(['uncertain', 'not-sent']);
    expect(r.films[0]?.failure?.message).toMatch(/may have been printed/);
    expect(r.error?.transient).toBe(true);
    expect(phases).toEqual(['0:creating', '0:action-sent', '0:failed']);
  });

  it('no answer to N-ACTION within the DIMSE timeout is uncertain too', async () => {
    const r = await run({ rule: (req) => (req.command.commandField === CommandField.N_ACTION_RQ ? 'silent' : undefined) }, {}, 500);
    expect(r.films[0]?.outcome).toBe('uncertain');
    expect(r.error?.code).toBe('DIMSE_TIMEOUT');
  });

  it('a printer in FAILURE (FILM JAM) gets nothing sent and a transient error in words', async () => {
    const r = await run({ printerStatus: 'FAILURE', printerStatusInfo: 'FILM JAM' });
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'PRINTER_FAILURE', transient: true });
    expect(r.error?.message).toMatch(/jammed/);
    expect(printer?.received).toEqual(['N-GET printer']);
    expect(r.films[0]?.outcome).toBe('not-sent');
  });

  it('follows the Print Job by N-GET when offered and fails the film the printer reports failed', async () => {
    const r = await run({ printJob: { executionStatus: 'FAILURE', executionStatusInfo: 'FILM JAM' } }, { followPrintJobMs: 2000 });
    expect(r.negotiated.printJob).toBe(true);
    expect(printer?.received).toContain('N-GET print-job');
    expect(r.films[0]?.outcome).toBe('failed');
    expect(r.films[0]?.printJob?.executionStatus).toBe('FAILURE');
    expect(r.films[0]?.failure?.message).toMatch(/jammed/);
  });

  it('refused connection: a transient error, no film sent', async () => {
    const port = await freePort();
    const r = await printFilms({ host: '127.0.0.1', port, calledAeTitle: 'X', callingAeTitle: 'FSTEST' }, { session: {}, films: [film()] });
    expect(r.error).toMatchObject({ code: 'CONNECT_REFUSED', transient: true });
    expect(r.films[0]?.outcome).toBe('not-sent');
  });
});

describe('printer status and capability probe', () => {
  it('reports status info in words', async () => {
    printer = await startFakePrinter({ printerStatus: 'WARNING', printerStatusInfo: 'RECEIVER FULL' });
    const s = await getPrinterStatus({ host: '127.0.0.1', port: printer.port, calledAeTitle: printer.aeTitle, callingAeTitle: 'FSTEST' });
    expect(s.reachable).toBe(true);
    expect(s.printer?.status).toBe('WARNING');
    expect(s.summary).toBe('Ready, with a warning: The output tray (receiver) is full. Take the printed films out of the receiver.');
    expect(s.printer?.printerName).toBe('FAKE');
  });

  it('probe creates and deletes film boxes without printing', async () => {
    printer = await startFakePrinter({ rule: (req) => {
      const ds = req.command.commandField === CommandField.N_CREATE_RQ && req.command.affectedSopClassUid === SopClass.BasicFilmBox;
      return ds && printer!.received.filter((x) => x === 'N-CREATE film-box').length === 2 ? 0x0106 : undefined;
    } });
    const r = await probePrinter({ host: '127.0.0.1', port: printer.port, calledAeTitle: printer.aeTitle, callingAeTitle: 'FSTEST' },
      [{ imageDisplayFormat: 'STANDARD\\1,1', filmSizeId: '14INX17IN' }, { imageDisplayFormat: 'STANDARD\\5,6', filmSizeId: '14INX17IN' }]);
    expect(r.answers.map((a) => a.accepted)).toEqual([true, false]);
    expect(r.suggestion.displayFormats).toEqual(['STANDARD\\1,1']);
    expect(printer.received).not.toContain('N-ACTION film-box');
    expect(printer.received.filter((x) => x === 'N-DELETE film-box')).toHaveLength(1);
  });
});
