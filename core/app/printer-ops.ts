/**
 * Printer helpers of the facade: what a profile allows (the print dialog offers only
 * that), Echo and capability detection results in plain language.
 */
import { FILM_SIZES } from '../film/film-sizes.js';
import { listPrinterProfiles, loadPrinterProfile, type PrinterProfile } from '../film/printer-profile.js';
import { describePrinterStatus } from '../services/print-scu/printer-status-info.js';
import { probePrinter, type ProbeCandidate } from '../services/print-scu/capability-probe.js';
import { classifyError } from '../services/print-scu/classify-error.js';
import { echo } from '../services/verification.js';
import type { NetworkConfig } from '../network/config.js';
import type { DetectedCapabilities, EchoView, NodeAddress, PrinterCapabilities } from './contract-types.js';

export function capabilitiesOf(printerId: string, p: PrinterProfile): PrinterCapabilities {
  const sizes = p.filmSizes ? FILM_SIZES.filter((s) => p.filmSizes?.some((f) => f.id === s.id)) : FILM_SIZES;
  return {
    printerId, profile: p.name, description: p.description,
    filmSizes: sizes.map((s) => ({ id: s.id, widthMm: s.widthMm, heightMm: s.heightMm, defined: s.defined })),
    displayFormats: p.displayFormats ? [...p.displayFormats] : null,
    orientations: ['PORTRAIT', 'LANDSCAPE'],
    mediumTypes: p.mediumTypes ? [...p.mediumTypes] : null,
    filmDestinations: p.filmDestinations ? [...p.filmDestinations] : null,
    magnificationTypes: p.magnificationTypes ? [...p.magnificationTypes] : null,
    smoothingTypes: p.smoothingTypes ? [...p.smoothingTypes] : null,
    borderDensities: p.borderDensities ? [...p.borderDensities] : null,
    emptyImageDensities: p.emptyImageDensities ? [...p.emptyImageDensities] : null,
    minDensities: p.minDensities ? [...p.minDensities] : null,
    maxDensities: p.maxDensities ? [...p.maxDensities] : null,
    resolutions: p.resolutions ? Object.keys(p.resolutions) : null,
    supports12Bit: p.supports12Bit === true,
    printModes: [...p.printModes],
    maxCopies: 99,
    annotationBoxes: p.annotation?.positions.length ?? 0,
  };
}

/** C-ECHO in words. Never throws: a failure is a result the settings page shows. */
export async function echoNode(address: NodeAddress, callingAeTitle: string, config?: Partial<NetworkConfig>): Promise<EchoView> {
  const started = performance.now();
  try {
    const r = await echo({ host: address.host, port: address.port, calledAeTitle: address.calledAeTitle, callingAeTitle, ...(config ? { config } : {}) });
    return r.ok
      ? { ok: true, elapsedMs: r.elapsedMs, message: `Answered in ${Math.round(r.elapsedMs)} ms` }
      : { ok: false, elapsedMs: r.elapsedMs, message: `Answered with an error status: ${r.status.text}` };
  } catch (err) {
    const e = classifyError(err);
    return { ok: false, elapsedMs: Math.round(performance.now() - started), message: `${address.calledAeTitle}@${address.host}:${address.port}: ${e.message}` };
  }
}

const DEFAULT_PROBE_FORMATS = ['STANDARD\\1,1', 'STANDARD\\1,2', 'STANDARD\\2,2', 'STANDARD\\2,3', 'STANDARD\\3,3', 'STANDARD\\3,4', 'STANDARD\\3,5', 'STANDARD\\4,4', 'STANDARD\\4,5', 'STANDARD\\4,6', 'STANDARD\\5,6'];
const DEFAULT_PROBE_SIZES = ['14INX17IN', '14INX14IN', '11INX14IN', '10INX14IN', '8INX10IN', '24CMX30CM', 'A4'];

/** Capability detection (N-CREATE Film Box probes, nothing printed) and the profiles that fit. */
export async function detectPrinter(address: NodeAddress, callingAeTitle: string, o: { displayFormats?: string[]; filmSizes?: string[]; config?: Partial<NetworkConfig>; profileDirectory?: string } = {}): Promise<DetectedCapabilities> {
  const formats = o.displayFormats ?? DEFAULT_PROBE_FORMATS;
  const sizes = o.filmSizes ?? DEFAULT_PROBE_SIZES;
  // Formats at the first size, then the sizes at 1,1: enough to tell the layouts and films apart.
  const candidates: ProbeCandidate[] = [
    ...formats.map((f) => ({ imageDisplayFormat: f, ...(sizes[0] ? { filmSizeId: sizes[0] } : {}) })),
    ...sizes.slice(1).map((s) => ({ imageDisplayFormat: 'STANDARD\\1,1', filmSizeId: s })),
  ];
  const r = await probePrinter({ host: address.host, port: address.port, calledAeTitle: address.calledAeTitle, callingAeTitle, ...(o.config ? { config: o.config } : {}) }, candidates);
  const displayFormats = [...new Set(r.answers.filter((a) => a.accepted).map((a) => a.candidate.imageDisplayFormat))];
  const filmSizes = [...new Set(r.answers.filter((a) => a.accepted && a.candidate.filmSizeId).map((a) => a.candidate.filmSizeId as string))];
  const suggested: Array<{ name: string; score: number }> = [];
  if (!r.error || r.answers.length) {
    for (const name of await listPrinterProfiles(o.profileDirectory).catch(() => [] as string[])) {
      try {
        const p = await loadPrinterProfile(name, o.profileDirectory);
        const fitsFormats = displayFormats.every((f) => !p.displayFormats || p.displayFormats.includes(f));
        const fitsSizes = filmSizes.every((s) => !p.filmSizes || p.filmSizes.some((x) => x.id === s));
        if (!fitsFormats || !fitsSizes) continue;
        const maker = `${r.printer?.manufacturer ?? ''} ${r.printer?.modelName ?? ''}`.toUpperCase();
        const byName = name.split('_').some((w) => w.length > 2 && maker.includes(w)) ? 10 : 0;
        suggested.push({ name, score: byName + (p.displayFormats ? 1 : 0) });
      } catch { /* an invalid profile is not suggested */ }
    }
  }
  suggested.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const level = r.printer?.status;
  return {
    reachable: r.error === undefined || r.printer !== undefined,
    message: r.error ? r.error.message : `${displayFormats.length} layouts and ${filmSizes.length} film sizes accepted`,
    ...(r.printer ? {
      printer: {
        ...(level ? { level } : {}), summary: describePrinterStatus(r.printer.statusRaw),
        ...(r.printer.manufacturer ? { manufacturer: r.printer.manufacturer } : {}),
        ...(r.printer.modelName ? { modelName: r.printer.modelName } : {}),
        ...(r.printer.printerName ? { printerName: r.printer.printerName } : {}),
      },
    } : {}),
    ...(r.error && !r.printer ? {} : { negotiated: r.negotiated }),
    displayFormats, filmSizes, suggestedProfiles: suggested.map((s) => s.name),
  };
}
