/**
 * Printer Status (2110,0010) and Printer Status Info / Execution Status Info (2110,0020),
 * (2100,0030) put into words. Defined terms of PS3.3 C.13.9.1 (Printer Status Info and
 * Execution Status Info, Table C.13.9.1-1). Vendors add their own terms: an unknown term is
 * shown as it came, never dropped.
 */
export type PrinterStatusLevel = 'NORMAL' | 'WARNING' | 'FAILURE';

export interface StatusInfoWords {
  term: string;
  /** Plain language, for the technologist. */
  text: string;
  /** What to do, when something can be done at the imager. */
  fix?: string;
  known: boolean;
}

const SIZES: Record<string, string> = {
  '8X10': '8 x 10 in', '10X12': '10 x 12 in', '10X14': '10 x 14 in', '11X14': '11 x 14 in', '14X14': '14 x 14 in',
  '14X17': '14 x 17 in', '24X24': '24 x 24 cm', '24X30': '24 x 30 cm', 'A4': 'A4', 'A3': 'A3',
};
const MEDIA: Record<string, string> = { BLUE: 'blue film', CLR: 'clear film', PAPR: 'paper', TRANS: 'transparency' };

const TERMS: Record<string, [string, string?]> = {
  'NORMAL': ['The printer is ready.'],
  'BAD RECEIVE MGZ': ['The receive magazine (output tray) is faulty.', 'Check and reseat the receive magazine.'],
  'BAD SUPPLY MGZ': ['The film supply magazine is faulty.', 'Check and reseat the supply magazine.'],
  'CALIBRATING': ['The printer is calibrating.', 'Wait until calibration finishes.'],
  'CALIBRATION ERR': ['Calibration failed.', 'Run calibration again or call service.'],
  'CHECK CHEMISTRY': ['The processor chemistry needs checking.', 'Check the processor chemicals.'],
  'CHECK SORTER': ['The sorter needs attention.', 'Check the sorter.'],
  'CHEMICALS EMPTY': ['The processor chemicals are empty.', 'Refill the processor chemicals.'],
  'CHEMICALS LOW': ['The processor chemicals are low.', 'Refill the processor chemicals soon.'],
  'COVER OPEN': ['A cover of the printer is open.', 'Close all covers.'],
  'ELEC CONFIG ERR': ['The printer electronics are misconfigured.', 'Call service.'],
  'ELEC DOWN': ['The printer electronics are down.', 'Call service.'],
  'ELEC SW ERROR': ['The printer software has failed.', 'Restart the printer; call service if it persists.'],
  'EXPOSURE FAILURE': ['The film exposure failed.', 'Re-print; call service if it persists.'],
  'FILM JAM': ['Film is jammed in the printer.', 'Open the printer and remove the jammed film.'],
  'FILM TRANSP ERR': ['The film transport has failed.', 'Check the film path; call service if it persists.'],
  'FINISHER EMPTY': ['The finisher is empty.', 'Refill the finisher.'],
  'FINISHER ERROR': ['The finisher has failed.', 'Check the finisher.'],
  'FINISHER LOW': ['The finisher is running low.', 'Refill the finisher soon.'],
  'NO RECEIVE MGZ': ['The receive magazine (output tray) is missing.', 'Insert the receive magazine.'],
  'NO RIBBON': ['The ribbon is missing.', 'Insert a ribbon.'],
  'NO SUPPLY MGZ': ['The film supply magazine is missing.', 'Insert a supply magazine.'],
  'CHECK PRINTER': ['The printer needs attention.', 'Look at the printer\'s display.'],
  'CHECK PROC': ['The film processor needs attention.', 'Look at the processor.'],
  'PRINTER DOWN': ['The printer is down.', 'Switch the printer on or call service.'],
  'PRINTER INIT': ['The printer is starting up.', 'Wait until it is ready.'],
  'PRINTER OFFLINE': ['The printer is off line.', 'Put the printer on line.'],
  'PROC DOWN': ['The film processor is down.', 'Switch the processor on or call service.'],
  'PROC INIT': ['The film processor is starting up.', 'Wait until it is ready.'],
  'PROC OVERFLOW FL': ['The processor overflow is full.', 'Empty the processor overflow.'],
  'PROC OVERFLOW HI': ['The processor overflow is nearly full.', 'Empty the processor overflow soon.'],
  'QUEUED': ['The job is waiting in the printer\'s queue.'],
  'RECEIVER FULL': ['The output tray (receiver) is full.', 'Take the printed films out of the receiver.'],
  'REQ MED NOT INST': ['The requested film or paper is not installed.', 'Load the requested medium or choose another.'],
  'REQ MED NOT AVAI': ['The requested film or paper is not available.', 'Load the requested medium or choose another.'],
  'RIBBON ERROR': ['The ribbon has a problem.', 'Check the ribbon.'],
  'SUPPLY EMPTY': ['The film supply is empty.', 'Load film.'],
  'SUPPLY LOW': ['The film supply is running low.', 'Load film soon.'],
  'UNKNOWN': ['The printer reports an unknown condition.', 'Look at the printer\'s display.'],
  // Execution Status Info only (PS3.3 C.13.9.1): job states
  'PRINTING': ['The film is being printed.'],
  'DONE': ['The film has been printed.'],
  'PENDING': ['The job is waiting to be printed.'],
  'FAILURE': ['The job failed at the printer.', 'Look at the printer\'s display.'],
  'INVALID PAGE DES': ['The printer could not understand the film description.', 'Export the DIMSE log for support.'],
  'INSUFFIC MEMORY': ['The printer does not have enough memory for the film.', 'Print fewer or smaller images.'],
};

/** EMPTY 8X10 BLUE, LOW 14X17 PAPR ... (PS3.3 C.13.9.1: size and medium variants). */
function supplyVariant(term: string): StatusInfoWords | undefined {
  const m = /^(EMPTY|LOW) (\w+?)(?: (BLUE|CLR|PAPR|TRANS))?$/.exec(term);
  if (!m) return undefined;
  const size = SIZES[m[2] ?? ''];
  if (!size) return undefined;
  const what = `${size} ${m[3] ? MEDIA[m[3]] ?? '' : 'film'}`.trim();
  return m[1] === 'EMPTY'
    ? { term, text: `Out of ${what}.`, fix: `Load ${what}.`, known: true }
    : { term, text: `Running low on ${what}.`, fix: `Load ${what} soon.`, known: true };
}

export function describePrinterStatusInfo(term: string | undefined): StatusInfoWords | undefined {
  const t = term?.trim().toUpperCase();
  if (!t) return undefined;
  const known = TERMS[t];
  if (known) return known[1] === undefined ? { term: t, text: known[0], known: true } : { term: t, text: known[0], fix: known[1], known: true };
  return supplyVariant(t) ?? { term: t, text: `The printer reports "${t}".`, fix: 'See the printer\'s manual or display for this code.', known: false };
}

export function describePrinterStatus(level: string | undefined): string {
  switch (level?.trim().toUpperCase()) {
    case 'NORMAL': return 'Ready';
    case 'WARNING': return 'Ready, with a warning';
    case 'FAILURE': return 'Not able to print';
    case undefined: case '': return 'Status not reported';
    default: return `Unknown status "${level ?? ''}"`;
  }
}

export function normaliseLevel(level: string | undefined): PrinterStatusLevel | undefined {
  const t = level?.trim().toUpperCase();
  return t === 'NORMAL' || t === 'WARNING' || t === 'FAILURE' ? t : undefined;
}
