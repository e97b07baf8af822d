/**
 * Printer profile + user options -> the explicit attribute values the SCU sends.
 * Rules (PRINT-ANCHORS §4.5, issue 6):
 *  - an attribute the user leaves unset takes the profile's default (first listed value);
 *  - a value the profile does not list is refused with the values it does list;
 *  - optional attributes (smoothing, min density, trim, configuration information,
 *    resolution, illumination, requested image size, decimate/crop) are only sent when the
 *    profile says the printer accepts them (dcmprscp answers 0x0105 otherwise);
 *  - the Presentation LUT reference goes on the Film Session or the Film Box as the profile
 *    says (DCMTK PresentationLUTinFilmSession, CP-173).
 */
import type { PrinterProfile } from '../../film/printer-profile.js';
import { parseDisplayFormat, formatDisplayFormat } from '../../film/display-format.js';
import { PrintScuError } from './errors.js';
import type { FilmBoxAttributes, FilmSessionAttributes, PresentationLutRequest } from './types.js';

export interface PrintOptions {
  copies?: number;
  priority?: 'HIGH' | 'MED' | 'LOW';
  mediumType?: string;
  filmDestination?: string;
  label?: string;
  ownerId?: string;
  filmSizeId?: string;
  orientation?: 'PORTRAIT' | 'LANDSCAPE';
  magnificationType?: string;
  smoothingType?: string;
  borderDensity?: string;
  emptyImageDensity?: string;
  minDensity?: number;
  maxDensity?: number;
  trim?: boolean;
  configurationInformation?: string;
  resolutionId?: string;
  illumination?: number;
  reflectedAmbientLight?: number;
  /** 'none' = never create one; default: IDENTITY when the printer supports Presentation LUT. */
  presentationLut?: 'IDENTITY' | 'LIN OD' | 'none';
}

export interface Mapped<T> { value: T; warnings: string[] }

function pick(what: string, user: string | undefined, allowed: readonly string[] | null | undefined): string | undefined {
  const list = allowed ?? [];
  if (user !== undefined && user !== '') {
    const u = user.trim().toUpperCase();
    if (list.length && !list.some((a) => a.toUpperCase() === u)) {
      throw new PrintScuError('BAD_REQUEST', `The printer does not accept ${what} '${user}' (it accepts: ${list.join(', ')})`);
    }
    return u;
  }
  return list[0];
}

function pickNumber(what: string, user: number | undefined, allowed: readonly number[] | null | undefined): number | undefined {
  const list = allowed ?? [];
  if (user !== undefined) {
    if (list.length && !list.includes(user)) throw new PrintScuError('BAD_REQUEST', `The printer does not accept ${what} ${user} (it accepts: ${list.join(', ')})`);
    return user;
  }
  return list[0];
}

export function sessionAttributesFor(p: PrinterProfile, o: PrintOptions): Mapped<FilmSessionAttributes> {
  const a: FilmSessionAttributes = {};
  a.numberOfCopies = o.copies ?? 1;
  if (!Number.isInteger(a.numberOfCopies) || a.numberOfCopies < 1 || a.numberOfCopies > 99) throw new PrintScuError('BAD_REQUEST', `Copies ${a.numberOfCopies} must be 1..99`);
  if (o.priority) a.printPriority = o.priority;
  const medium = pick('medium type', o.mediumType, p.mediumTypes);
  if (medium) a.mediumType = medium;
  const dest = pick('film destination', o.filmDestination, p.filmDestinations);
  if (dest) a.filmDestination = dest;
  if (o.label) a.filmSessionLabel = o.label;
  if (o.ownerId) a.ownerId = o.ownerId;
  return { value: a, warnings: [] };
}

/** The profile's portrait C,R list turned for the orientation (DCMTK convention). */
export function supportedDisplayFormats(p: PrinterProfile, orientation: 'PORTRAIT' | 'LANDSCAPE'): string[] | undefined {
  if (!p.displayFormats) return undefined;
  return p.displayFormats.map((f) => {
    const d = parseDisplayFormat(f);
    if (d.kind !== 'STANDARD' || orientation === 'PORTRAIT') return formatDisplayFormat(d);
    return formatDisplayFormat({ kind: 'STANDARD', columns: d.rows, rows: d.columns });
  });
}

export function displayFormatSupported(p: PrinterProfile, format: string, orientation: 'PORTRAIT' | 'LANDSCAPE'): boolean {
  const list = supportedDisplayFormats(p, orientation);
  if (!list) return true; // unknown: try it, the printer will say (0x0106)
  const want = formatDisplayFormat(parseDisplayFormat(format));
  return list.includes(want);
}

export function filmBoxAttributesFor(p: PrinterProfile, displayFormat: string, o: PrintOptions): Mapped<FilmBoxAttributes> {
  const warnings: string[] = [];
  const opt = p.optionalAttributes;
  const a: FilmBoxAttributes = { imageDisplayFormat: formatDisplayFormat(parseDisplayFormat(displayFormat)) };
  a.filmOrientation = o.orientation ?? 'PORTRAIT';
  const size = pick('film size', o.filmSizeId, p.filmSizes?.map((s) => s.id));
  if (size) a.filmSizeId = size;
  const mag = pick('magnification type', o.magnificationType, p.magnificationTypes);
  if (mag) a.magnificationType = mag;
  const drop = (what: string): void => { warnings.push(`${what} not sent: printer ${p.name} does not accept it`); };
  if (opt.smoothingType === true) {
    const s = pick('smoothing type', o.smoothingType, p.smoothingTypes);
    if (s) a.smoothingType = s;
  } else if (o.smoothingType) drop('Smoothing Type');
  const border = pick('border density', o.borderDensity, p.borderDensities);
  if (border) a.borderDensity = border;
  const empty = pick('empty image density', o.emptyImageDensity, p.emptyImageDensities);
  if (empty) a.emptyImageDensity = empty;
  if (opt.minDensity === true) {
    const v = pickNumber('min density', o.minDensity, p.minDensities);
    if (v !== undefined) a.minDensity = v;
  } else if (o.minDensity !== undefined) drop('Min Density');
  const max = pickNumber('max density', o.maxDensity, p.maxDensities);
  if (max !== undefined) a.maxDensity = max;
  if (o.trim !== undefined) { if (opt.trim === true) a.trim = o.trim; else drop('Trim'); }
  if (o.configurationInformation) {
    if (opt.configurationInformation === true) a.configurationInformation = o.configurationInformation;
    else drop('Configuration Information');
  }
  if (opt.requestedResolutionId === true) {
    const r = o.resolutionId ?? p.defaultResolution;
    if (r) {
      if (p.resolutions && !(r in p.resolutions)) throw new PrintScuError('BAD_REQUEST', `The printer does not accept resolution '${r}' (it accepts: ${Object.keys(p.resolutions).join(', ')})`);
      a.requestedResolutionId = r;
    }
  } else if (o.resolutionId) drop('Requested Resolution ID');
  if (o.illumination !== undefined || o.reflectedAmbientLight !== undefined) {
    if (opt.illumination !== false && p.presentationLut.supported === true) {
      if (o.illumination !== undefined) a.illumination = o.illumination;
      if (o.reflectedAmbientLight !== undefined) a.reflectedAmbientLight = o.reflectedAmbientLight;
    } else drop('Illumination / Reflected Ambient Light');
  }
  return { value: a, warnings };
}

export function presentationLutFor(p: PrinterProfile, o: PrintOptions): PresentationLutRequest | undefined {
  if (o.presentationLut === 'none' || p.presentationLut.supported !== true) return undefined;
  return { shape: o.presentationLut ?? 'IDENTITY', placement: p.presentationLut.inFilmSession === true ? 'film-session' : 'film-box' };
}

/** Image box level optional attributes allowed by the profile. */
export function imageBoxOptionsFor(p: PrinterProfile, o: { requestedImageSize?: number; requestedDecimateCropBehavior?: 'DECIMATE' | 'CROP' | 'FAIL' }): Mapped<{ requestedImageSize?: number; requestedDecimateCropBehavior?: 'DECIMATE' | 'CROP' | 'FAIL' }> {
  const v: { requestedImageSize?: number; requestedDecimateCropBehavior?: 'DECIMATE' | 'CROP' | 'FAIL' } = {};
  const warnings: string[] = [];
  if (o.requestedImageSize !== undefined) {
    if (p.optionalAttributes.requestedImageSize === true) v.requestedImageSize = o.requestedImageSize;
    else warnings.push(`Requested Image Size not sent: printer ${p.name} does not accept it; the image is fitted to its box`);
  }
  if (o.requestedDecimateCropBehavior) {
    if (p.optionalAttributes.requestedDecimateCropBehavior === true) v.requestedDecimateCropBehavior = o.requestedDecimateCropBehavior;
    else warnings.push(`Requested Decimate/Crop Behavior not sent: printer ${p.name} does not accept it`);
  }
  return { value: v, warnings };
}
