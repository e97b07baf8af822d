/**
 * Printer status on demand (N-GET Printer, PS3.4 H.4.6.1.2.1), and a periodic watcher for
 * the UI. The association proposes only the meta SOP class: the Printer SOP Class is part of
 * it (PS3.4 H.3.1).
 */
import { associate } from '../../network/associate.js';
import { printProposals } from './print-proposals.js';
import { PrintSession } from './print-session.js';
import { eventRecorder } from './print-films.js';
import { classifyError, type ClassifiedError } from './classify-error.js';
import { describePrinterStatus } from './printer-status-info.js';
import type { PrinterAddress, PrinterEvent, PrinterInfo } from './types.js';

export interface PrinterStatusResult {
  reachable: boolean;
  printer?: PrinterInfo;
  /** One line for people: "Ready", "Not able to print: Film is jammed in the printer." */
  summary: string;
  events: PrinterEvent[];
  error?: ClassifiedError;
  elapsedMs: number;
}

export function summarisePrinter(p: PrinterInfo): string {
  if (p.getStatus.category === 'failure') return `The printer refused the status request: ${p.getStatus.text}`;
  const head = describePrinterStatus(p.statusRaw);
  const w = p.statusInfoWords;
  if (!w || w.term === 'NORMAL') return head;
  return `${head}: ${w.text}${w.fix ? ` ${w.fix}` : ''}`;
}

export async function getPrinterStatus(address: PrinterAddress): Promise<PrinterStatusResult> {
  const started = performance.now();
  const events: PrinterEvent[] = [];
  try {
    const a = await associate({
      host: address.host, port: address.port, callingAeTitle: address.callingAeTitle, calledAeTitle: address.calledAeTitle,
      proposals: printProposals({ implicitOnly: address.implicitOnly === true, presentationLut: false, annotationBox: false, printJob: false }),
      ...(address.config ? { config: address.config } : {}),
      ...(address.trace ? { trace: address.trace } : {}),
      handlers: { onRequest: eventRecorder(events) },
    });
    try {
      const printer = await new PrintSession(a).getPrinter();
      await a.release();
      return { reachable: true, printer, summary: summarisePrinter(printer), events, elapsedMs: Math.round(performance.now() - started) };
    } catch (err) {
      a.abort();
      throw err;
    }
  } catch (err) {
    const error = classifyError(err);
    return { reachable: false, summary: `Not reachable: ${error.message}`, events, error, elapsedMs: Math.round(performance.now() - started) };
  }
}

/** Polls the printer status every intervalMs until stopped; each result goes to onStatus. */
export function watchPrinterStatus(address: PrinterAddress, intervalMs: number, onStatus: (r: PrinterStatusResult) => void): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    if (stopped) return;
    const r = await getPrinterStatus(address);
    if (stopped) return;
    onStatus(r);
    timer = setTimeout(() => { void tick(); }, Math.max(1000, intervalMs));
    timer.unref();
  };
  void tick();
  return { stop: () => { stopped = true; if (timer) clearTimeout(timer); } };
}
