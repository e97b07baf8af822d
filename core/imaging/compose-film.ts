/**
 * Film rendering: the film document at the printer's native matrix.
 *
 *   per-box   one bitmap per image box at the box's pixel matrix; the imager lays them
 *             out (Basic Film Box with N image boxes, PS3.4 H.4).
 *   composite one bitmap for the whole film, sent as STANDARD\1,1 at the native matrix;
 *             borders, empty boxes and film-level annotations are ours.
 *
 * Each box: decode (data layer) -> renderPixels (Modality LUT, VOI, presentation) ->
 * resampleToBox (sharp) -> box annotations.
 */
import type { Frame } from '../dicom/pixel/frame.js';
import type { FilmDocument, ImageBoxContent, ImageRef } from '../film/film-document.js';
import { computeFilmLayout, type FilmLayout } from '../film/film-layout.js';
import type { PrinterProfile } from '../film/printer-profile.js';
import { type AnnotationSpec } from '../film/film-document.js';
import { burnText, expandTemplate, personNameForPrint, renderText } from './annotations.js';
import { imageEdgeMarkers, viewEdgeMarkers } from './orientation-markers.js';
import { densityToPValue } from './density.js';
import { allocGrey, maxPValue, type GreyImage } from './grey-image.js';
import type { ImageAttributes } from './image-attributes.js';
import type { OutputBits } from './presentation.js';
import { renderPixels } from './render-pixels.js';
import { blit, fitUnit, resampleToBox, type BoxViewState, type Placement } from './resample.js';
import { planTrueSize, type TrueSizePlan } from './true-size.js';
import type { VoiSetting } from './voi-lut.js';

export interface ResolvedImage {
  readonly frame: Frame;
  readonly attrs: ImageAttributes;
}

export type ImageResolver = (ref: ImageRef) => Promise<ResolvedImage>;

export interface RenderFilmOptions {
  readonly profile?: PrinterProfile;
  readonly filmNumber?: number;
  readonly filmCount?: number;
  readonly fontFile?: string;
  /** Boxes rendered at the same time (sharp also uses its own threads). Default 4. */
  readonly concurrency?: number;
  /**
   * Per-box films whose pixel matrix the profile does not know: send each box at the
   * image's own resolution (never magnified by us) instead of at the fallback pitch. The
   * imager then scales once, to its real matrix, with the requested Magnification Type,
   * rather than re-scaling our guess; it also sends far fewer bytes. Printing uses it;
   * previews, which need a whole film, do not.
   */
  readonly sourceResolutionWhenMatrixUnknown?: boolean;
}

export interface RenderedBox {
  readonly image: GreyImage;
  readonly placement: Placement;
  readonly voi: VoiSetting;
  readonly trueSize?: TrueSizePlan;
}

export interface RenderedFilm {
  readonly layout: FilmLayout;
  readonly mode: 'per-box' | 'composite';
  readonly bits: OutputBits;
  /** Per-box bitmaps (null for empty boxes); also filled in composite mode. */
  readonly boxes: readonly (RenderedBox | null)[];
  readonly composite?: GreyImage;
  readonly warnings: readonly string[];
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function voiText(v: VoiSetting): string {
  if (v.kind === 'window') return `W ${Math.round(v.width)} L ${Math.round(v.center)}`;
  if (v.kind === 'lut') return `VOI LUT${v.lut.explanation ? ` ${v.lut.explanation}` : ''}`;
  return '';
}

/** {orientTop}... for the box: the image's edge letters after the view's rotation and flip. */
function orientationFields(attrs: Parameters<typeof imageEdgeMarkers>[0], v: { rotation?: 0 | 90 | 180 | 270; flipHorizontal?: boolean }): Record<string, string> {
  const m = imageEdgeMarkers(attrs);
  if (!m) return {};
  const r = viewEdgeMarkers(m, { ...(v.rotation ? { rotation: v.rotation } : {}), ...(v.flipHorizontal ? { flipHorizontal: true } : {}) });
  return { orientTop: r.top, orientRight: r.right, orientBottom: r.bottom, orientLeft: r.left };
}

async function drawAnnotations(target: GreyImage, specs: readonly AnnotationSpec[], fields: Record<string, string | number | undefined>,
  area: { x: number; y: number; width: number; height: number }, pxPerMm: number, fontFile: string | undefined): Promise<void> {
  const max = maxPValue(target.bits);
  for (const a of specs) {
    const text = expandTemplate(a.template, fields);
    if (!text) continue;
    const sizePx = a.sizeMm * pxPerMm;
    const mask = await renderText(text, { sizePx, ...(fontFile ? { fontFile } : {}) });
    const pad = Math.round(sizePx * 0.3);
    const [v, h] = a.position.split('-') as ['top' | 'middle' | 'bottom', 'left' | 'center' | 'right'];
    const x = h === 'left' ? area.x + pad : h === 'right' ? area.x + area.width - mask.width - pad : area.x + Math.round((area.width - mask.width) / 2);
    const y = v === 'top' ? area.y + pad : v === 'middle' ? area.y + Math.round((area.height - mask.height) / 2) : area.y + area.height - mask.height - pad;
    burnText(target, mask, x, y, max, 0);
  }
}

export async function renderFilm(doc: FilmDocument, resolve: ImageResolver, o: RenderFilmOptions = {}): Promise<RenderedFilm> {
  const warnings: string[] = [];
  const layout = computeFilmLayout(o.profile, {
    filmSizeId: doc.filmSizeId, orientation: doc.orientation, displayFormat: doc.displayFormat,
    ...(doc.resolution ? { resolution: doc.resolution } : {}),
    ...(doc.options.marginMm !== undefined ? { marginMm: doc.options.marginMm } : {}),
    ...(doc.options.gapMm !== undefined ? { gapMm: doc.options.gapMm } : {}),
  });
  const sourceResolution = o.sourceResolutionWhenMatrixUnknown === true && doc.mode === 'per-box' && !layout.matrixKnown;
  if (sourceResolution) {
    warnings.push(`${o.profile ? `Profile ${o.profile.name}` : 'No profile'}: pixel matrix for ${doc.filmSizeId} unknown; images are sent at their own resolution and the printer scales them to its boxes`);
  } else {
    warnings.push(...layout.warnings);
  }
  let bits: OutputBits = doc.options.bits ?? 8;
  if (bits === 12 && o.profile?.supports12Bit === false) {
    warnings.push(`Printer ${o.profile.name} does not accept 12-bit images: rendering 8-bit`);
    bits = 8;
  }
  if (doc.mode === 'composite' && bits === 12) warnings.push('Composite films are usually accepted as 8-bit only; 12-bit requested');
  const dens = (d: string | undefined, fb: 'BLACK' | 'WHITE'): number => densityToPValue(d, fb, bits, doc.options.minDensity, doc.options.maxDensity);
  const border = dens(doc.options.borderDensity, 'BLACK');
  const empty = dens(doc.options.emptyImageDensity, 'BLACK');
  const pxPerMm = Math.min(layout.pxPerMmX, layout.pxPerMmY);
  const boxSpecs = doc.annotations.filter((a) => a.scope === 'box');
  const filmSpecs = doc.annotations.filter((a) => a.scope === 'film');
  const printerScales = doc.mode === 'per-box' && o.profile?.optionalAttributes.requestedImageSize !== true;
  if (doc.mode === 'per-box' && filmSpecs.length) warnings.push('Film-level annotations are only burned in composite mode; per-box films need the printer\'s Annotation Box');

  const filmFields: Record<string, string | number | undefined> = { filmNumber: o.filmNumber ?? 1, filmCount: o.filmCount ?? 1 };
  const boxes = await mapLimited(doc.boxes, o.concurrency ?? 4, async (content: ImageBoxContent | null, i): Promise<RenderedBox | null> => {
    const rect = layout.boxes[i];
    if (!content || !rect) return null;
    const { frame, attrs } = await resolve(content.image);
    const v = content.view;
    const px = renderPixels(frame, attrs, {
      bits, ...(v.voi ? { voi: v.voi } : {}),
      ...(content.polarity ?? doc.options.polarity ? { polarity: content.polarity ?? doc.options.polarity } : {}),
      ...(v.invert ? { invert: true } : {}),
    });
    const spacing = attrs.pixelSpacing ?? attrs.imagerPixelSpacing;
    const pixelAspect = spacing ? spacing[0] / spacing[1] : attrs.pixelAspectRatio ? attrs.pixelAspectRatio[0] / attrs.pixelAspectRatio[1] : 1;
    let trueSize: TrueSizePlan | undefined;
    if (v.trueSize) {
      trueSize = planTrueSize(attrs, frame.width, frame.height, { widthPx: rect.width, heightPx: rect.height, pxPerMmX: layout.pxPerMmX, pxPerMmY: layout.pxPerMmY }, printerScales);
      if (!trueSize) warnings.push(`Box ${i + 1}: no Pixel Spacing or Imager Pixel Spacing, cannot print true size; fitted instead`);
      else warnings.push(...trueSize.warnings.map((w) => `Box ${i + 1}: ${w}`));
    }
    // Unknown matrix: shrink the box so the image lands 1:1 (box pixels per source pixel
    // = 1) rather than magnifying it to a guessed pitch; never enlarge the box.
    const view: BoxViewState = { ...(v.crop ? { crop: v.crop } : {}), ...(v.rotation ? { rotation: v.rotation } : {}), ...(v.flipHorizontal ? { flipHorizontal: true } : {}),
      ...(v.zoom ? { zoom: v.zoom } : {}) };
    let boxScale = 1;
    if (sourceResolution && !trueSize) {
      const unit = fitUnit(frame.width, frame.height, rect, view, pixelAspect);
      if (unit > 1) boxScale = 1 / unit;
    }
    const boxW = Math.max(1, Math.round(rect.width * boxScale));
    const boxH = Math.max(1, Math.round(rect.height * boxScale));
    const r = await resampleToBox(px, {
      width: boxW, height: boxH, background: border, pixelAspect,
      ...(trueSize ? { scale: trueSize.scaleX * (v.zoom ?? 1) } : {}),
      ...(doc.options.magnificationType ? { magnification: doc.options.magnificationType } : {}),
      // Pan is in box pixels: it shrinks with the box.
      view: { ...view, ...(v.panX ? { panX: v.panX * boxScale } : {}), ...(v.panY ? { panY: v.panY * boxScale } : {}) },
    });
    if (boxSpecs.length) {
      const t = attrs.text;
      const fields = {
        ...filmFields, ...t,
        patientName: personNameForPrint(t.patientNameIdeographic ?? t.patientName), patientNameAlphabetic: personNameForPrint(t.patientName),
        window: voiText(px.voi), frame: content.image.frame + 1, boxNumber: i + 1,
        ...orientationFields(attrs, v),
      };
      await drawAnnotations(r.image, boxSpecs, fields, { x: 0, y: 0, width: boxW, height: boxH }, pxPerMm * boxScale, o.fontFile);
    }
    return { image: r.image, placement: r.placement, voi: px.voi, ...(trueSize ? { trueSize } : {}) };
  });

  if (doc.mode !== 'composite') return { layout, mode: doc.mode, bits, boxes, warnings };

  const film = allocGrey(layout.width, layout.height, bits, border);
  layout.boxes.forEach((rect, i) => {
    const b = boxes[i];
    if (b) blit(b.image.data, b.image.width, b.image.height, film.data, film.width, film.height, rect.x, rect.y);
    if (!b) for (let y = rect.y; y < rect.y + rect.height; y++) film.data.fill(empty, y * film.width + rect.x, y * film.width + rect.x + rect.width);
  });
  if (filmSpecs.length) {
    const first = boxes.find((b): b is RenderedBox => b !== null);
    const firstContent = doc.boxes.find((b) => b !== null);
    let fields: Record<string, string | number | undefined> = { ...filmFields };
    if (first && firstContent) {
      const { attrs } = await resolve(firstContent.image);
      const t = attrs.text;
      fields = { ...fields, ...t, patientName: personNameForPrint(t.patientNameIdeographic ?? t.patientName), patientNameAlphabetic: personNameForPrint(t.patientName) };
    }
    await drawAnnotations(film, filmSpecs, fields, { x: 0, y: 0, width: film.width, height: film.height }, pxPerMm, o.fontFile);
  }
  return { layout, mode: 'composite', bits, boxes, composite: film, warnings };
}
