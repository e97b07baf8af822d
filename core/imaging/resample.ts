/**
 * Resample step: a rendered image -> the pixel matrix of its image box, with sharp
 * (libvips). Aspect ratio is kept using the physical pixel size (Pixel Spacing rows vs
 * columns, or Pixel Aspect Ratio, PS3.3 C.7.6.3.1.7), the image is centred, and the
 * rest of the box gets the background P-value (empty/border density).
 *
 * View state (composer): crop (source pixels), rotation in 90 degree steps, horizontal
 * flip, zoom (1 = fit the box) and pan (box pixels from the centre).
 *
 * Magnification Type (PS3.3 C.13.5.1 / C.13.8): REPLICATE -> nearest neighbour,
 * BILINEAR -> linear, CUBIC -> cubic (Catmull-Rom), NONE -> no scaling (1:1, cropped).
 * Enlargements without rotation or flip run in enlarge.ts; the rest in sharp (libvips).
 */
import sharp from 'sharp';
import { ImagingError } from './errors.js';
import { allocGrey, maxPValue, type GreyImage } from './grey-image.js';
import { enlargeInto, enlargeTarget } from './enlarge.js';

export type MagnificationType = 'REPLICATE' | 'BILINEAR' | 'CUBIC' | 'NONE';

export interface BoxViewState {
  readonly crop?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly rotation?: 0 | 90 | 180 | 270;
  readonly flipHorizontal?: boolean;
  /** 1 = the image fits the box; 2 = twice that. */
  readonly zoom?: number;
  /** Offset of the image centre from the box centre, in box pixels. */
  readonly panX?: number;
  readonly panY?: number;
}

export interface ResampleOptions {
  readonly width: number;
  readonly height: number;
  readonly view?: BoxViewState;
  /** Physical height / width of one source pixel (row spacing / column spacing); 1 when square. */
  readonly pixelAspect?: number;
  readonly magnification?: MagnificationType;
  /** P-value around the image inside the box. */
  readonly background: number;
  /** Explicit scale (box pixels per source column) instead of fitting: true-size printing. */
  readonly scale?: number;
}

export interface Placement {
  /** Where the (scaled) image's top-left lands in the box, may be negative when zoomed. */
  readonly x: number;
  readonly y: number;
  /** Scaled image size in box pixels. */
  readonly width: number;
  readonly height: number;
  /** Box pixels per source pixel, horizontally. */
  readonly scaleX: number;
  readonly scaleY: number;
}

export interface ResampledBox {
  readonly image: GreyImage;
  readonly placement: Placement;
}

/** The largest pixel matrix we build: 16384 x 16384 (a 14x51 in film at 320 dpi is 4480 x 16320). */
const MAX_SIDE = 16384;

const KERNEL = { REPLICATE: 'nearest', BILINEAR: 'linear', CUBIC: 'cubic', NONE: 'nearest' } as const;

/**
 * Box pixels per source column spacing when the (cropped, rotated, zoomed) image is fitted
 * to a box of width x height: above 1 the image is magnified.
 */
export function fitUnit(srcWidth: number, srcHeight: number, box: { width: number; height: number }, view: BoxViewState = {}, pixelAspect = 1): number {
  const crop = view.crop ?? { x: 0, y: 0, width: srcWidth, height: srcHeight };
  const quarter = view.rotation === 90 || view.rotation === 270;
  const aspect = pixelAspect > 0 ? pixelAspect : 1;
  const physW = quarter ? crop.height * aspect : crop.width;
  const physH = quarter ? crop.width : crop.height * aspect;
  const zoom = view.zoom && view.zoom > 0 ? view.zoom : 1;
  return Math.min(box.width / physW, box.height / physH) * zoom;
}

export async function resampleToBox(src: GreyImage, o: ResampleOptions): Promise<ResampledBox> {
  const bw = Math.round(o.width);
  const bh = Math.round(o.height);
  if (!(bw >= 1 && bh >= 1 && bw <= MAX_SIDE && bh <= MAX_SIDE)) throw new ImagingError('BAD_GEOMETRY', `box ${o.width} x ${o.height} is not 1..${MAX_SIDE}`);
  const v = o.view ?? {};
  const crop = v.crop ?? { x: 0, y: 0, width: src.width, height: src.height };
  if (crop.width < 1 || crop.height < 1 || crop.x < 0 || crop.y < 0 || crop.x + crop.width > src.width || crop.y + crop.height > src.height) {
    throw new ImagingError('BAD_GEOMETRY', `crop ${JSON.stringify(crop)} is outside the ${src.width} x ${src.height} image`);
  }
  const rot = v.rotation ?? 0;
  const quarter = rot === 90 || rot === 270;
  const aspect = o.pixelAspect && o.pixelAspect > 0 ? o.pixelAspect : 1;
  // Physical size of the (cropped, rotated) image in units of one source column spacing.
  const srcW = quarter ? crop.height : crop.width;
  const srcH = quarter ? crop.width : crop.height;
  const physW = quarter ? crop.height * aspect : crop.width;
  const physH = quarter ? crop.width : crop.height * aspect;
  const magnification = o.magnification ?? 'CUBIC';
  let unit: number; // box pixels per physical unit
  if (o.scale !== undefined) unit = o.scale;
  else if (magnification === 'NONE') unit = 1;
  else unit = fitUnit(src.width, src.height, { width: bw, height: bh }, v, aspect);
  const tw = Math.max(1, Math.round(physW * unit));
  const th = Math.max(1, Math.round(physH * unit));
  if (tw > MAX_SIDE * 4 || th > MAX_SIDE * 4) throw new ImagingError('BAD_GEOMETRY', `zoomed image ${tw} x ${th} is too large`);
  const x0 = Math.round((bw - tw) / 2 + (v.panX ?? 0));
  const y0 = Math.round((bh - th) / 2 + (v.panY ?? 0));

  const placement = { x: x0, y: y0, width: tw, height: th, scaleX: tw / srcW, scaleY: th / srcH };
  if (rot === 0 && !v.flipHorizontal && tw >= srcW && th >= srcH && (tw !== srcW || th !== srcH)
    && x0 >= 0 && y0 >= 0 && x0 + tw <= bw && y0 + th <= bh) {
    // Enlargement inside the box (the usual case on film): our separable kernels on two
    // threads, written straight into the box (enlarge.ts); only the margins are filled.
    const job = {
      src: src.data, srcWidth: src.width, srcHeight: src.height, cropX: crop.x, cropY: crop.y, cropWidth: crop.width, cropHeight: crop.height,
      outWidth: tw, outHeight: th, kernel: KERNEL[magnification], maxValue: maxPValue(src.bits),
    };
    const data = enlargeTarget(bw * bh, job);
    fillOutside(data, bw, bh, { x: x0, y: y0, width: tw, height: th }, o.background);
    await enlargeInto(job, { data, stride: bw, x: x0, y: y0 });
    return { image: { width: bw, height: bh, bits: src.bits, data }, placement };
  }
  let pipeline = sharp(src.data, { raw: { width: src.width, height: src.height, channels: 1 } });
  if (v.crop) pipeline = pipeline.extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height });
  if (rot !== 0) pipeline = pipeline.rotate(rot);
  if (v.flipHorizontal) pipeline = pipeline.flop();
  if (tw !== srcW || th !== srcH) pipeline = pipeline.resize(tw, th, { fit: 'fill', kernel: KERNEL[magnification] });
  const sixteen = src.bits !== 8;
  const { data } = await pipeline.toColourspace(sixteen ? 'grey16' : 'b-w').raw(sixteen ? { depth: 'ushort' } : {}).toBuffer({ resolveWithObject: true });
  const scaled = sixteen ? new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

  const box = allocGrey(bw, bh, src.bits, o.background);
  blit(scaled, tw, th, box.data, bw, bh, x0, y0);
  return { image: box, placement };
}

/** Sets every pixel of a W x H bitmap outside `r` (which lies inside it) to `value`. */
function fillOutside(data: Uint8Array | Uint16Array, W: number, H: number, r: { x: number; y: number; width: number; height: number }, value: number): void {
  if (value === 0) return; // new memory starts zeroed
  data.fill(value, 0, r.y * W);
  data.fill(value, (r.y + r.height) * W, H * W);
  if (r.x === 0 && r.width === W) return;
  for (let y = r.y; y < r.y + r.height; y++) {
    data.fill(value, y * W, y * W + r.x);
    data.fill(value, y * W + r.x + r.width, (y + 1) * W);
  }
}

/** Copy a w x h bitmap into a W x H one at (x0, y0), clipping what falls outside. */
export function blit(src: Uint8Array | Uint16Array, w: number, h: number, dst: Uint8Array | Uint16Array, W: number, H: number, x0: number, y0: number): void {
  const xs = Math.max(0, -x0);
  const xe = Math.min(w, W - x0);
  if (xe <= xs) return;
  for (let y = Math.max(0, -y0); y < h && y + y0 < H; y++) {
    dst.set(src.subarray(y * w + xs, y * w + xe), (y + y0) * W + x0 + xs);
  }
}
