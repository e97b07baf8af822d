/**
 * What a printer of a given profile accepts in Film Session, Film Box and Image Box
 * attribute lists (PS3.4 H.4.1.2.1, H.4.1.2.2, H.4.2.2.1, H.4.3.1.2.1), checked the way
 * DCMTK's print SCP emulator does (dvpssp.cc, dvpsfs.cc, dvpsib.cc):
 *   - an attribute the SOP class does not have, or an optional one the profile does not
 *     support                                            -> 0x0105 No such attribute
 *   - a value the profile does not list                  -> 0x0106 Invalid attribute value
 *   - Min/Max Density outside the printer's range        -> clamped, B605 warning
 * A null list in a profile means "unknown" (not published): any well-formed value passes.
 */
import type { DicomDataset } from '../../dicom/dataset.js';
import type { PrinterProfile } from '../../film/printer-profile.js';
import { fail, PrintStatus, type Outcome, WarningSet } from './print-failure.js';
import { PrintTag } from '../print-tags.js';

export type AttrKind = 'cs' | 'text' | 'is' | 'us' | 'ds' | 'seq';
type OptionalKey = keyof PrinterProfile['optionalAttributes'];

export interface AttrRule {
  readonly tag: number;
  readonly name: string;
  readonly kind: AttrKind;
  /** Optional attribute: when the profile says false, the printer does not support it (0x0105). */
  readonly optional?: OptionalKey;
  /** Whether the printer supports the attribute at all, beyond the optional flags. */
  readonly supported?: (p: PrinterProfile) => boolean;
  /** Accepted values (null = any). */
  readonly allowed?: (p: PrinterProfile) => readonly string[] | null;
  readonly range?: readonly [number, number];
  /** Densities: clamp into the profile's range with a B605 warning. */
  readonly clamp?: (p: PrinterProfile) => readonly number[] | null;
  /** Only in N-CREATE (not modifiable by N-SET). */
  readonly createOnly?: boolean;
  readonly required?: boolean;
}

export type AttrValues = Map<number, string | number>;

export interface AttrResult {
  outcome: Outcome;
  values: AttrValues;
  warnings: WarningSet;
}

const DENSITY = /^(BLACK|WHITE|\d{1,4})$/;

const filmSessionRules: readonly AttrRule[] = [
  { tag: PrintTag.NumberOfCopies, name: 'Number of Copies', kind: 'is', range: [1, 100] },
  { tag: PrintTag.PrintPriority, name: 'Print Priority', kind: 'cs', allowed: () => ['HIGH', 'MED', 'LOW'] },
  { tag: PrintTag.MediumType, name: 'Medium Type', kind: 'cs', allowed: (p) => p.mediumTypes },
  { tag: PrintTag.FilmDestination, name: 'Film Destination', kind: 'cs', allowed: (p) => p.filmDestinations },
  { tag: PrintTag.FilmSessionLabel, name: 'Film Session Label', kind: 'text' },
  { tag: PrintTag.MemoryAllocation, name: 'Memory Allocation', kind: 'is' },
  { tag: PrintTag.OwnerID, name: 'Owner ID', kind: 'text' },
  {
    tag: PrintTag.ReferencedPresentationLUTSequence, name: 'Referenced Presentation LUT Sequence', kind: 'seq',
    // DCMTK PresentationLUTinFilmSession: the reference goes on the session for such printers only.
    supported: (p) => p.presentationLut.supported !== false && p.presentationLut.inFilmSession === true,
  },
  // With the LUT on the session, Illumination and Reflected Ambient Light go there too (DCMTK dvpssp.cc, pre-CP-173 model).
  { tag: PrintTag.Illumination, name: 'Illumination', kind: 'us', supported: (p) => p.presentationLut.supported !== false && p.presentationLut.inFilmSession === true },
  { tag: PrintTag.ReflectedAmbientLight, name: 'Reflected Ambient Light', kind: 'us', supported: (p) => p.presentationLut.supported !== false && p.presentationLut.inFilmSession === true },
];

const filmBoxRules: readonly AttrRule[] = [
  { tag: PrintTag.ImageDisplayFormat, name: 'Image Display Format', kind: 'text', createOnly: true, required: true },
  {
    tag: PrintTag.AnnotationDisplayFormatID, name: 'Annotation Display Format ID', kind: 'cs', createOnly: true,
    supported: (p) => p.annotation !== null,
    allowed: (p) => (p.annotation?.displayFormatId ? [p.annotation.displayFormatId] : null),
  },
  { tag: PrintTag.FilmOrientation, name: 'Film Orientation', kind: 'cs', createOnly: true, allowed: () => ['PORTRAIT', 'LANDSCAPE'] },
  { tag: PrintTag.FilmSizeID, name: 'Film Size ID', kind: 'cs', createOnly: true, allowed: (p) => p.filmSizes?.map((s) => s.id) ?? null },
  { tag: PrintTag.MagnificationType, name: 'Magnification Type', kind: 'cs', allowed: (p) => p.magnificationTypes },
  { tag: PrintTag.SmoothingType, name: 'Smoothing Type', kind: 'cs', optional: 'smoothingType', allowed: (p) => p.smoothingTypes },
  { tag: PrintTag.BorderDensity, name: 'Border Density', kind: 'cs', allowed: (p) => p.borderDensities },
  { tag: PrintTag.EmptyImageDensity, name: 'Empty Image Density', kind: 'cs', allowed: (p) => p.emptyImageDensities },
  { tag: PrintTag.MinDensity, name: 'Min Density', kind: 'us', optional: 'minDensity', clamp: (p) => p.minDensities },
  { tag: PrintTag.MaxDensity, name: 'Max Density', kind: 'us', clamp: (p) => p.maxDensities },
  { tag: PrintTag.Trim, name: 'Trim', kind: 'cs', optional: 'trim', allowed: () => ['YES', 'NO'] },
  {
    tag: PrintTag.ConfigurationInformation, name: 'Configuration Information', kind: 'text', optional: 'configurationInformation',
    allowed: (p) => p.configurationInformation ?? null,
  },
  { tag: PrintTag.RequestedResolutionID, name: 'Requested Resolution ID', kind: 'cs', createOnly: true, optional: 'requestedResolutionId', allowed: (p) => (p.resolutions ? Object.keys(p.resolutions) : null) },
  { tag: PrintTag.Illumination, name: 'Illumination', kind: 'us', optional: 'illumination', supported: (p) => p.presentationLut.supported !== false },
  { tag: PrintTag.ReflectedAmbientLight, name: 'Reflected Ambient Light', kind: 'us', optional: 'illumination', supported: (p) => p.presentationLut.supported !== false },
  { tag: PrintTag.ReferencedFilmSessionSequence, name: 'Referenced Film Session Sequence', kind: 'seq', createOnly: true, required: true },
  {
    tag: PrintTag.ReferencedPresentationLUTSequence, name: 'Referenced Presentation LUT Sequence', kind: 'seq',
    supported: (p) => p.presentationLut.supported !== false && p.presentationLut.inFilmSession !== true,
  },
];

const imageBoxRules: readonly AttrRule[] = [
  { tag: PrintTag.ImageBoxPosition, name: 'Image Box Position', kind: 'us', required: true },
  { tag: PrintTag.Polarity, name: 'Polarity', kind: 'cs', allowed: () => ['NORMAL', 'REVERSE'] },
  { tag: PrintTag.MagnificationType, name: 'Magnification Type', kind: 'cs', allowed: (p) => p.magnificationTypes },
  { tag: PrintTag.SmoothingType, name: 'Smoothing Type', kind: 'cs', optional: 'smoothingType', allowed: (p) => p.smoothingTypes },
  {
    tag: PrintTag.ConfigurationInformation, name: 'Configuration Information', kind: 'text', optional: 'configurationInformation',
    allowed: (p) => p.configurationInformation ?? null,
  },
  { tag: PrintTag.RequestedImageSize, name: 'Requested Image Size', kind: 'ds', optional: 'requestedImageSize' },
  { tag: PrintTag.RequestedDecimateCropBehavior, name: 'Requested Decimate/Crop Behavior', kind: 'cs', optional: 'requestedDecimateCropBehavior', allowed: () => ['DECIMATE', 'CROP', 'FAIL'] },
  { tag: PrintTag.BasicGrayscaleImageSequence, name: 'Basic Grayscale Image Sequence', kind: 'seq', required: true },
];

export const Rules = { filmSession: filmSessionRules, filmBox: filmBoxRules, imageBox: imageBoxRules } as const;

/** Attributes every data set may carry without meaning anything to the printer. */
function ignorable(tag: number): boolean {
  return (tag & 0xffff) === 0 || tag === 0x00080005;
}

/**
 * Read and check an attribute list. `mode` 'create' applies required/createOnly rules
 * (N-CREATE), 'set' refuses createOnly attributes (N-SET). Values come back by tag:
 * strings upper-cased for CS, numbers for IS/US/DS; sequences are left to the caller.
 */
export function checkAttributes(ds: DicomDataset, rules: readonly AttrRule[], profile: PrinterProfile, mode: 'create' | 'set'): AttrResult {
  const warnings = new WarningSet();
  const values: AttrValues = new Map();
  const byTag = new Map(rules.map((r) => [r.tag, r]));
  const done = (outcome: Outcome): AttrResult => ({ outcome, values, warnings });

  for (const e of ds.elements) {
    if (ignorable(e.tag)) continue;
    const rule = byTag.get(e.tag);
    if (!rule) return done(fail(PrintStatus.NoSuchAttribute, `attribute ${hex(e.tag)} not supported here`, e.tag));
    if (mode === 'set' && rule.createOnly) return done(fail(PrintStatus.NoSuchAttribute, `${rule.name} cannot be changed by N-SET`, e.tag));
    if (rule.optional && profile.optionalAttributes[rule.optional] === false) {
      return done(fail(PrintStatus.NoSuchAttribute, `${rule.name} not supported by ${profile.name}`, e.tag));
    }
    if (rule.supported && !rule.supported(profile)) return done(fail(PrintStatus.NoSuchAttribute, `${rule.name} not supported by ${profile.name}`, e.tag));
    if (rule.kind === 'seq') continue;
    const empty = !e.value || e.value.length === 0;
    if (empty) continue; // zero length = "printer default" (PS3.4 H.4: type 3 attributes may be empty)
    const bad = (why: string): AttrResult => done(fail(PrintStatus.InvalidAttributeValue, `${rule.name}: ${why}`.slice(0, 64), e.tag));
    if (rule.kind === 'cs' || rule.kind === 'text') {
      const raw = rule.kind === 'text' ? ds.strings(e.tag).join('\\') : (ds.string(e.tag) ?? '');
      const v = rule.kind === 'cs' ? raw.trim().toUpperCase() : raw;
      if (rule.kind === 'cs' && ds.strings(e.tag).length > 1) return bad('more than one value');
      const allowed = rule.allowed?.(profile);
      if ((rule.tag === PrintTag.BorderDensity || rule.tag === PrintTag.EmptyImageDensity) && !DENSITY.test(v)) return bad(`'${v}'`);
      if (allowed && !allowed.some((a) => a.toUpperCase() === v.toUpperCase())) return bad(`'${v}' not accepted`);
      values.set(e.tag, v);
      continue;
    }
    const n = ds.number(e.tag);
    if (n === undefined || !Number.isFinite(n)) return bad('not a number');
    if (rule.range && (n < rule.range[0] || n > rule.range[1])) return bad(`${n} outside ${rule.range[0]}..${rule.range[1]}`);
    if (rule.kind === 'ds' && n <= 0) return bad(`${n} must be positive`);
    const clampList = rule.clamp?.(profile);
    if (clampList && clampList.length > 0) {
      const lo = Math.min(...clampList);
      const hi = Math.max(...clampList);
      const c = Math.min(hi, Math.max(lo, n));
      if (c !== n) {
        // PS3.4 H.4.2.1.2 (B605): "Requested Min Density or Max Density outside of printer's operating range".
        warnings.add(PrintStatus.DensityOutOfRange, `${rule.name} ${n} clamped to ${c}`);
        values.set(e.tag, c);
        continue;
      }
    }
    if (rule.tag === PrintTag.MemoryAllocation) warnings.add(PrintStatus.MemoryAllocationNotSupported, 'Memory Allocation ignored');
    values.set(e.tag, n);
  }
  if (mode === 'create') {
    for (const r of rules) {
      if (r.required && r.kind !== 'seq' && !values.has(r.tag)) return done(fail(PrintStatus.MissingAttribute, `${r.name} missing`, r.tag));
      if (r.required && r.kind === 'seq' && ds.sequence(r.tag).length === 0) return done(fail(PrintStatus.MissingAttribute, `${r.name} missing`, r.tag));
    }
  }
  return done(warnings.first());
}

function hex(tag: number): string {
  return `(${(tag >>> 16).toString(16).padStart(4, '0').toUpperCase()},${(tag & 0xffff).toString(16).padStart(4, '0').toUpperCase()})`;
}

/** The first value a profile lists, or a fallback: what the printer uses when the SCU sends nothing. */
export function profileDefault(list: readonly string[] | null | undefined, fallback: string): string {
  return list && list.length > 0 ? (list[0] as string) : fallback;
}
