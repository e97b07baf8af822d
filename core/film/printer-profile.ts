/**
 * Printer profiles: what one imager accepts, so the UI offers only that and the SCU
 * sends only attributes the printer takes (PRINT-ANCHORS §4.5). Modelled on DCMTK's
 * printers.cfg keys (Supports12Bit, PresentationLUTinFilmSession, ...) plus the pixel
 * matrix per film size and resolution that native-matrix rendering needs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDisplayFormat } from './display-format.js';
import { FilmError } from './errors.js';
import { findFilmSize } from './film-sizes.js';
import { validateJson } from './json-schema-lite.js';
import { PRINTER_PROFILE_SCHEMA } from './printer-profile-schema.js';

export interface PixelMatrix { readonly columns: number; readonly rows: number }

export type PrintMode = 'per-box' | 'composite';

export interface PrinterProfile {
  readonly profileVersion: 1;
  readonly name: string;
  readonly description: string;
  readonly sources: readonly string[];
  readonly network: { readonly aeTitle: string | null; readonly implicitOnly: boolean | null; readonly maxPdu: number | null; readonly disableNewVRs: boolean | null; readonly omitSopClassUidFromCreateResponse?: boolean };
  readonly filmSizes: readonly { readonly id: string; readonly matrix?: Readonly<Record<string, PixelMatrix | null>> }[] | null;
  readonly resolutions: Readonly<Record<string, { readonly pixelPitchUm: number | null }>> | null;
  readonly defaultResolution?: string;
  /** Portrait formats; landscape swaps C and R of STANDARD (DCMTK convention). */
  readonly displayFormats: readonly string[] | null;
  readonly magnificationTypes: readonly string[] | null;
  readonly smoothingTypes: readonly string[] | null;
  readonly mediumTypes: readonly string[] | null;
  readonly filmDestinations: readonly string[] | null;
  readonly borderDensities: readonly string[] | null;
  readonly emptyImageDensities: readonly string[] | null;
  readonly minDensities: readonly number[] | null;
  readonly maxDensities: readonly number[] | null;
  readonly supports12Bit: boolean | null;
  readonly presentationLut: { readonly supported: boolean | null; readonly inFilmSession: boolean | null; readonly matchRequired: boolean | null; readonly preferScpRendering?: boolean };
  readonly annotation: { readonly positions: readonly number[]; readonly displayFormatId?: string; readonly maxLength: number | null; readonly sessionLabelAnnotation?: boolean } | null;
  readonly optionalAttributes: Readonly<Partial<Record<'requestedImageSize' | 'requestedDecimateCropBehavior' | 'trim' | 'configurationInformation'
    | 'requestedResolutionId' | 'illumination' | 'minDensity' | 'smoothingType', boolean | null>>>;
  readonly configurationInformation?: readonly string[];
  readonly printModes: readonly PrintMode[];
  readonly colour?: boolean | null;
  readonly notes?: readonly string[];
  readonly unknown: readonly string[];
}

/** Schema check plus the semantic checks a schema cannot express. Throws FilmError('BAD_PROFILE'). */
export function validatePrinterProfile(value: unknown, where = 'printer profile'): PrinterProfile {
  const problems = validateJson(PRINTER_PROFILE_SCHEMA, value);
  if (problems.length === 0) {
    const p = value as PrinterProfile;
    for (const f of p.displayFormats ?? []) {
      try { parseDisplayFormat(f); } catch (e) { problems.push(`$.displayFormats: ${(e as Error).message}`); }
    }
    for (const s of p.filmSizes ?? []) {
      if (!findFilmSize(s.id) && s.id !== 'CURRENT') problems.push(`$.filmSizes: unknown Film Size ID '${s.id}'`);
      for (const r of Object.keys(s.matrix ?? {})) if (p.resolutions && !(r in p.resolutions)) problems.push(`$.filmSizes.${s.id}: resolution '${r}' not in $.resolutions`);
    }
    if (p.defaultResolution && p.resolutions && !(p.defaultResolution in p.resolutions)) problems.push(`$.defaultResolution '${p.defaultResolution}' not in $.resolutions`);
  }
  if (problems.length) throw new FilmError('BAD_PROFILE', `Invalid ${where}`, problems);
  return value as PrinterProfile;
}

/** resources/printers relative to this module (core/film -> ../../resources, also from dist/core/film). */
export function defaultProfileDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = here.includes(`${join('dist', 'core')}`) ? '../../../resources/printers' : '../../resources/printers';
  return resolve(here, up);
}

const NAME = /^[A-Z0-9_]+$/;

export async function loadPrinterProfile(name: string, directory = defaultProfileDirectory()): Promise<PrinterProfile> {
  const key = name.trim().toUpperCase();
  if (!NAME.test(key)) throw new FilmError('UNKNOWN_PROFILE', `Printer profile name '${name}' must be letters, digits and _`);
  let text: string;
  try {
    text = await readFile(join(directory, `${key}.json`), 'utf8');
  } catch {
    const known = await listPrinterProfiles(directory).catch(() => []);
    throw new FilmError('UNKNOWN_PROFILE', `No printer profile '${key}' in ${directory} (known: ${known.join(', ')})`);
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) { throw new FilmError('BAD_PROFILE', `${key}.json is not JSON: ${(e as Error).message}`); }
  const p = validatePrinterProfile(json, `${key}.json`);
  if (p.name !== key) throw new FilmError('BAD_PROFILE', `${key}.json declares name '${p.name}'`);
  return p;
}

export async function listPrinterProfiles(directory = defaultProfileDirectory()): Promise<string[]> {
  return (await readdir(directory)).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).map((f) => f.slice(0, -5)).sort();
}

/**
 * The printable pixel matrix of a film size at a resolution, in PORTRAIT orientation:
 * the profile's table when known, else film size / pixel pitch; undefined when neither
 * is known (the caller then picks a pitch and warns).
 */
export function profileMatrix(p: PrinterProfile, filmSizeId: string, resolution?: string): PixelMatrix | undefined {
  const res = resolution ?? p.defaultResolution ?? 'STANDARD';
  const fromTable = p.filmSizes?.find((s) => s.id === filmSizeId)?.matrix?.[res];
  if (fromTable) return fromTable;
  const pitch = p.resolutions?.[res]?.pixelPitchUm;
  const size = findFilmSize(filmSizeId);
  if (!pitch || !size) return undefined;
  // floor with a tolerance: 355.6 mm / 79.375 um is 4480 exactly, not 4479.9999.
  return { columns: Math.floor((size.widthMm * 1000) / pitch + 1e-6), rows: Math.floor((size.heightMm * 1000) / pitch + 1e-6) };
}
