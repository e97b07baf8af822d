/**
 * Decoded images for previews and thumbnails, kept in a small LRU so dragging the
 * window/level of one box re-renders without decoding the file again. Bounded by the
 * number of decoded pixels (default 256 Mpx of 16-bit values ~ 512 MB worst case is too
 * much for a desktop: default 64 Mpx), never by entries alone.
 */
import type { ImageRef } from '../film/film-document.js';
import type { ImageResolver, ResolvedImage } from '../imaging/compose-film.js';
import { loadImage } from '../imaging/load-image.js';
import { renderPixels } from '../imaging/render-pixels.js';
import { toPreviewPng } from '../imaging/preview.js';
import { modalityRange, modalityTransformOf } from '../imaging/modality-lut.js';
import { ApiError } from './errors.js';
import type { ImageInfo, PngImage } from './contract-types.js';

export class ImageCache {
  private readonly images = new Map<string, { image: ResolvedImage; pixels: number }>();
  private readonly loading = new Map<string, Promise<ResolvedImage>>();
  private readonly thumbs = new Map<string, PngImage>();
  private pixels = 0;

  constructor(
    private readonly pathOf: (sopInstanceUid: string) => string | undefined,
    private readonly maxPixels = 64 * 1024 * 1024,
    private readonly maxThumbs = 2000,
  ) {}

  /** The resolver the film renderer uses: images from the archive. */
  readonly resolve: ImageResolver = (ref: ImageRef) => this.get(ref.sopInstanceUid, ref.frame);

  async get(sopInstanceUid: string, frame = 0): Promise<ResolvedImage> {
    const key = `${sopInstanceUid}#${frame}`;
    const hit = this.images.get(key);
    if (hit) {
      this.images.delete(key);
      this.images.set(key, hit);
      return hit.image;
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    const path = this.pathOf(sopInstanceUid);
    if (!path) throw new ApiError('NOT_FOUND', `Image ${sopInstanceUid} is not in the archive`);
    const p = loadImage(path, frame).then((img) => {
      const image: ResolvedImage = { frame: img.frame, attrs: img.attrs };
      const pixels = img.frame.width * img.frame.height * img.frame.samplesPerPixel;
      if (pixels <= this.maxPixels) {
        this.images.set(key, { image, pixels });
        this.pixels += pixels;
        for (const [k, e] of this.images) {
          if (this.pixels <= this.maxPixels) break;
          this.images.delete(k);
          this.pixels -= e.pixels;
        }
      }
      return image;
    }).finally(() => this.loading.delete(key));
    this.loading.set(key, p);
    return p;
  }

  async thumbnail(sopInstanceUid: string, frame: number, maxSide: number): Promise<PngImage> {
    const key = `${sopInstanceUid}#${frame}@${maxSide}`;
    const hit = this.thumbs.get(key);
    if (hit) return hit;
    const { frame: f, attrs } = await this.get(sopInstanceUid, frame);
    const px = renderPixels(f, attrs, { bits: 8 });
    const png = await toPreviewPng(px, { maxSide });
    const scale = Math.min(1, maxSide / Math.max(px.width, px.height));
    const t: PngImage = { dataUrl: pngDataUrl(png), width: Math.max(1, Math.round(px.width * scale)), height: Math.max(1, Math.round(px.height * scale)) };
    this.thumbs.set(key, t);
    if (this.thumbs.size > this.maxThumbs) {
      const first = this.thumbs.keys().next();
      if (!first.done) this.thumbs.delete(first.value);
    }
    return t;
  }

  async info(sopInstanceUid: string, frame: number): Promise<ImageInfo> {
    const { frame: f, attrs } = await this.get(sopInstanceUid, frame);
    const w = attrs.windows[0];
    let lo = Infinity;
    let hi = -Infinity;
    const data = f.data as ArrayLike<number>;
    // Grey images only: the stored range through the Modality LUT (PS3.3 C.11.1).
    if (f.samplesPerPixel === 1) {
      for (let i = 0; i < data.length; i++) {
        const x = data[i] as number;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    }
    const range = Number.isFinite(lo) ? modalityRange(modalityTransformOf(attrs), lo, hi) : undefined;
    return {
      sopInstanceUid, rows: f.height, columns: f.width, modality: attrs.modality ?? '',
      photometricInterpretation: f.sourcePhotometricInterpretation, bitsStored: attrs.bitsStored,
      ...(w ? { windowCenter: w.center, windowWidth: w.width } : {}),
      ...(range ? { minValue: range[0], maxValue: range[1] } : {}),
    };
  }

  forget(sopInstanceUids: Iterable<string>): void {
    const gone = new Set(sopInstanceUids);
    for (const [k, e] of this.images) if (gone.has(k.slice(0, k.indexOf('#')))) { this.images.delete(k); this.pixels -= e.pixels; }
    for (const k of this.thumbs.keys()) if (gone.has(k.slice(0, k.indexOf('#')))) this.thumbs.delete(k);
  }
}

export function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}
