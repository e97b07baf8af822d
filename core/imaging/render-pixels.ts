/**
 * The value pipeline of PS3.3 C.11 for one frame: stored value -> Modality LUT ->
 * VOI LUT -> presentation, producing P-values at 8 or 12 bits at the frame's own size.
 *
 * The three steps are composed into one table over the stored values actually present
 * (at most 2^20 entries), so every pixel costs one lookup; frames with a wider range
 * (32-bit data) are mapped pixel by pixel with the same functions.
 */
import type { Frame } from '../dicom/pixel/frame.js';
import { ImagingError } from './errors.js';
import type { GreyImage } from './grey-image.js';
import type { ImageAttributes } from './image-attributes.js';
import { rgbToLuminance } from './luminance.js';
import { applyModalityLut, modalityRange, modalityTransformOf, type ModalityTransform } from './modality-lut.js';
import { applyPresentation, isInverted, type OutputBits } from './presentation.js';
import { applyVoi, chooseVoi, type VoiRequest, type VoiSetting } from './voi-lut.js';
import { findVoiPreset } from './voi-presets.js';

const MAX_TABLE = 1 << 20;

export interface RenderPixelsOptions {
  readonly voi?: VoiRequest;
  readonly polarity?: 'NORMAL' | 'REVERSE';
  readonly invert?: boolean;
  readonly bits: OutputBits;
  /** Skip the Modality LUT (DCMTK's --no-modality); for tests and odd files. */
  readonly ignoreModalityLut?: boolean;
}

export interface RenderedPixels extends GreyImage {
  /** The VOI actually applied (to show "W 400 / L 40" in annotations). */
  readonly voi: VoiSetting;
}

function minMax(data: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return data.length === 0 ? [0, 0] : [lo, hi];
}

export function renderPixels(frame: Frame, attrs: ImageAttributes, opts: RenderPixelsOptions): RenderedPixels {
  const pixels = frame.width * frame.height;
  let values: ArrayLike<number> = frame.data;
  let photometric: string = frame.photometricInterpretation;
  let modality: ModalityTransform = opts.ignoreModalityLut ? { kind: 'identity' } : modalityTransformOf(attrs);
  if (frame.samplesPerPixel === 3) {
    // Colour: luminance, then no Modality LUT (PS3.3 C.11.1 applies to grayscale only).
    values = rgbToLuminance(frame.data, pixels, frame.bitsStored);
    photometric = 'MONOCHROME2';
    modality = { kind: 'identity' };
  }
  if (values.length < pixels) throw new ImagingError('BAD_GEOMETRY', `frame has ${values.length} values for ${pixels} pixels`);
  // The decoder masks values to Bits Stored (PS3.5 8.1.1), so their range is known without
  // a pass over the pixels. A table over that whole range is cheaper than the min/max pass
  // when the image has many more pixels than the range has values (a 12-bit CR: 4096 vs 3
  // million); the actual min/max is still needed for a VOI taken from the value range.
  const stored = frame.samplesPerPixel === 1 && values === frame.data && frame.bitsStored <= 16
    ? (frame.signed ? [-(2 ** (frame.bitsStored - 1)), 2 ** (frame.bitsStored - 1) - 1] : [0, 2 ** frame.bitsStored - 1]) as [number, number]
    : undefined;
  let voi: VoiSetting | undefined = frame.samplesPerPixel === 3 && !opts.voi
    ? { kind: 'range' as const, min: 0, max: 2 ** Math.min(frame.bitsStored, 16) - 1 }
    : undefined;
  voi ??= chooseVoi(opts.voi, attrs, Number.NaN, Number.NaN, findVoiPreset);
  const useStoredRange = stored !== undefined && voi.kind !== 'range' && pixels >= 4 * (stored[1] - stored[0] + 1);
  const [smin, smax] = useStoredRange ? stored : values === frame.data && frame.valueRange ? frame.valueRange : minMax(values);
  if (voi.kind === 'range' && Number.isNaN(voi.min)) {
    const [mmin, mmax] = modalityRange(modality, smin, smax);
    voi = chooseVoi(opts.voi, attrs, mmin, mmax, findVoiPreset);
  }
  const inverted = isInverted({ photometric, ...(opts.polarity ? { polarity: opts.polarity } : {}), ...(opts.invert ? { invert: true } : {}) });
  const bits = opts.bits;
  const f = (sv: number): number => applyPresentation(applyVoi(voi, applyModalityLut(modality, sv)), inverted, bits);

  const out = bits === 8 ? new Uint8Array(pixels) : new Uint16Array(pixels);
  const span = smax - smin + 1;
  if (span <= MAX_TABLE) {
    const table = bits === 8 ? new Uint8Array(span) : new Uint16Array(span);
    for (let i = 0; i < span; i++) table[i] = f(smin + i);
    if (values instanceof Uint16Array && table instanceof Uint8Array && out instanceof Uint8Array) lookupU16to8(values, pixels, table, smin, out);
    else for (let i = 0; i < pixels; i++) out[i] = table[(values[i] as number) - smin] as number;
  } else {
    for (let i = 0; i < pixels; i++) out[i] = f(values[i] as number);
  }
  return { width: frame.width, height: frame.height, bits, data: out, voi };
}

/** The common case (16-bit containers to 8-bit P-values) in a loop V8 compiles for one element kind. */
function lookupU16to8(values: Uint16Array, n: number, table: Uint8Array, offset: number, out: Uint8Array): void {
  for (let i = 0; i < n; i++) out[i] = table[(values[i] as number) - offset] as number;
}
