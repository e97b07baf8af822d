import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../core/dicom/pixel/frame.js';
import { createFilmDocument, type FilmDocument } from '../../../core/film/film-document.js';
import { loadPrinterProfile } from '../../../core/film/printer-profile.js';
import {
  applyModalityLut, applyPresentation, chooseSpacing, chooseVoi, densityToPValue, findVoiPreset, ImagingError, isInverted, loadImage,
  modalityTransformOf, planTrueSize, renderFilm, renderPixels, resampleToBox, rgbToLuminance, toPng, toPreviewPng,
  windowLinear, windowLinearExact, windowSigmoid, type ImageAttributes, type ResolvedImage,
} from '../../../core/imaging/index.js';

const fixture = (p: string): string => fileURLToPath(new URL(`../../fixtures/dicom/${p}`, import.meta.url));

describe('VOI functions (PS3.3 C.11.2.1.2 / C.11.2.1.3)', () => {
  it('LINEAR per the standard, including its -0.5 / w-1 offsets', () => {
    expect(windowLinear(40 - 0.5 - 399 / 2, 40, 400)).toBe(0);
    expect(windowLinear(40 - 0.5 + 399 / 2 + 0.01, 40, 400)).toBe(1);
    expect(windowLinear(39.5, 40, 400)).toBeCloseTo(0.5, 12);
    expect(windowLinear(0, 0, 1)).toBe(1);
    expect(windowLinear(-1, 0, 1)).toBe(0);
    expect(() => windowLinear(0, 0, 0.5)).toThrow(ImagingError);
  });
  it('LINEAR_EXACT and SIGMOID', () => {
    expect(windowLinearExact(40, 40, 400)).toBe(0.5);
    expect(windowLinearExact(-160, 40, 400)).toBe(0);
    expect(windowLinearExact(140, 40, 400)).toBe(0.75);
    expect(windowSigmoid(40, 40, 400)).toBe(0.5);
    expect(windowSigmoid(140, 40, 400)).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(() => windowSigmoid(0, 0, 0)).toThrow(ImagingError);
  });
  it('chooses explicit window, preset, file window, file LUT, then the value range', () => {
    const attrs = { windows: [{ center: 600, width: 1600 }], voiLuts: [], voiLutFunction: 'LINEAR' as const };
    expect(chooseVoi({ kind: 'window', center: 1, width: 2 }, attrs, 0, 10, findVoiPreset)).toMatchObject({ center: 1, width: 2 });
    expect(chooseVoi({ kind: 'preset', name: 'lung' }, attrs, 0, 10, findVoiPreset)).toMatchObject({ center: -600, width: 1500 });
    expect(chooseVoi(undefined, attrs, 0, 10)).toMatchObject({ kind: 'window', center: 600 });
    expect(chooseVoi(undefined, { ...attrs, windows: [] }, 0, 10)).toEqual({ kind: 'range', min: 0, max: 10 });
    expect(() => chooseVoi({ kind: 'file-lut', index: 0 }, attrs, 0, 10)).toThrow(/no VOI LUT/);
    expect(() => chooseVoi({ kind: 'preset', name: 'nope' }, attrs, 0, 10, findVoiPreset)).toThrow(/Unknown VOI preset/);
  });
});

describe('Modality LUT and presentation', () => {
  it('rescale, and the LUT Sequence wins over rescale (CR-ModalitySequenceLUT has both)', async () => {
    const ct = await loadImage(fixture('modality/CT_small.dcm'));
    expect(applyModalityLut(modalityTransformOf(ct.attrs), 1024)).toBe(0);
    const cr = await loadImage(fixture('modality/CR-ModalitySequenceLUT.dcm'));
    expect(cr.attrs.rescale).toBeDefined();
    expect(modalityTransformOf(cr.attrs).kind).toBe('lut');
    const m = await loadImage(fixture('lut-overlay/mlut_18.dcm'));
    const t = modalityTransformOf(m.attrs);
    expect(t.kind === 'lut' && t.lut.firstMapped).toBe(-2048);
    expect(applyModalityLut(t, -5000)).toBe(applyModalityLut(t, -2048)); // clamped below
  });
  it('MONOCHROME1, polarity and invert compose as XOR', () => {
    expect(isInverted({ photometric: 'MONOCHROME1' })).toBe(true);
    expect(isInverted({ photometric: 'MONOCHROME1', polarity: 'REVERSE' })).toBe(false);
    expect(isInverted({ photometric: 'MONOCHROME2', polarity: 'REVERSE', invert: true })).toBe(false);
    expect(applyPresentation(1, false, 12)).toBe(4095);
    expect(applyPresentation(0.25, true, 8)).toBe(191);
  });
  it('colour becomes BT.601 luminance', () => {
    expect(Array.from(rgbToLuminance(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]), 4, 8))).toEqual([76, 150, 29, 255]);
  });
  it('densities map to P-values', () => {
    expect(densityToPValue('BLACK', 'WHITE', 8)).toBe(0);
    expect(densityToPValue('WHITE', 'BLACK', 12)).toBe(4095);
    expect(densityToPValue('160', 'BLACK', 8, 20, 300)).toBe(128);
    expect(densityToPValue('junk', 'WHITE', 8)).toBe(255);
  });
});

describe('true size (PS3.3 10.7.1.3)', () => {
  it('prefers Pixel Spacing, else Imager Pixel Spacing / ERMF, else detector plane with a warning', () => {
    expect(chooseSpacing({ pixelSpacing: [0.2, 0.2], imagerPixelSpacing: [0.15, 0.15] })).toMatchObject({ source: 'PixelSpacing', rowMm: 0.2 });
    const e = chooseSpacing({ imagerPixelSpacing: [0.15, 0.15], magnificationFactor: 1.5 });
    expect(e?.source).toBe('ImagerPixelSpacing/ERMF');
    expect(e?.rowMm).toBeCloseTo(0.1, 12);
    const d = chooseSpacing({ imagerPixelSpacing: [0.15, 0.15] });
    expect(d?.source).toBe('ImagerPixelSpacing');
    expect(d?.warnings[0]).toMatch(/detector/);
    expect(chooseSpacing({})).toBeUndefined();
  });
  it('plans the size in mm and warns when the printer scales or it does not fit', () => {
    const box = { widthPx: 1000, heightPx: 1000, pxPerMmX: 12.6, pxPerMmY: 12.6 };
    const p = planTrueSize({ pixelSpacing: [0.5, 0.5] }, 128, 128, box, false);
    expect(p).toMatchObject({ imageWidthMm: 64, fits: true, warnings: [] });
    expect(p?.scaleX).toBeCloseTo(6.3, 9);
    expect(planTrueSize({ pixelSpacing: [0.5, 0.5] }, 512, 512, box, true)?.warnings.join(' ')).toMatch(/cropped.*scales/s);
  });
});

describe('resample geometry', () => {
  const img = { width: 4, height: 2, bits: 8 as const, data: new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80]) };
  it('keeps aspect, centres, fills the rest with the background', async () => {
    const r = await resampleToBox(img, { width: 8, height: 8, magnification: 'REPLICATE', background: 255 });
    expect(r.placement).toMatchObject({ x: 0, y: 2, width: 8, height: 4 });
    expect(r.image.data[0]).toBe(255);
    expect(r.image.data[2 * 8]).toBe(10);
    expect(r.image.data[7 * 8 + 7]).toBe(255);
  });
  it('honours non-square pixels, rotation, flip, zoom and pan', async () => {
    const tall = await resampleToBox(img, { width: 8, height: 8, magnification: 'REPLICATE', background: 0, pixelAspect: 2 });
    expect(tall.placement).toMatchObject({ width: 8, height: 8 });
    const rot = await resampleToBox(img, { width: 2, height: 4, magnification: 'REPLICATE', background: 0, view: { rotation: 90 } });
    expect(Array.from(rot.image.data)).toEqual([50, 10, 60, 20, 70, 30, 80, 40]);
    const flip = await resampleToBox(img, { width: 4, height: 2, magnification: 'REPLICATE', background: 0, view: { flipHorizontal: true } });
    expect(Array.from(flip.image.data)).toEqual([40, 30, 20, 10, 80, 70, 60, 50]);
    const zoom = await resampleToBox(img, { width: 4, height: 2, magnification: 'REPLICATE', background: 0, view: { zoom: 2, panX: 4 } });
    expect(zoom.placement).toMatchObject({ x: 2, y: -1, width: 8, height: 4 });
    // Box column 2 shows source column 0 (pan moved the image right by 4 px).
    expect(Array.from(zoom.image.data)).toEqual([0, 0, 10, 10, 0, 0, 50, 50]);
    await expect(resampleToBox(img, { width: 0, height: 2, background: 0 })).rejects.toThrow(ImagingError);
    await expect(resampleToBox(img, { width: 4, height: 2, background: 0, view: { crop: { x: 3, y: 0, width: 2, height: 1 } } })).rejects.toThrow(/crop/);
  });
});

describe('film rendering', () => {
  const resolver = async (): Promise<ResolvedImage> => {
    const ct = await loadImage(fixture('modality/CT_small.dcm'));
    const attrs: ImageAttributes = { ...ct.attrs, text: { ...ct.attrs.text, patientNameIdeographic: '山田^太郎' } };
    return { frame: ct.frame, attrs };
  };

  it('composite 2x2 on 8x10 with an empty box, a border and a Japanese film annotation', async () => {
    const profile = await loadPrinterProfile('GENERIC');
    const base = createFilmDocument({ filmSizeId: '8INX10IN', displayFormat: 'STANDARD\\2,2', mode: 'composite',
      annotations: [{ template: '{patientName} {filmNumber}/{filmCount}', position: 'top-left', scope: 'film', sizeMm: 6 }] });
    const doc: FilmDocument = {
      ...base, options: { copies: 1, borderDensity: 'BLACK', emptyImageDensity: 'WHITE' },
      boxes: [{ image: { sopInstanceUid: '1.2', frame: 0 }, view: { voi: { kind: 'preset', name: 'CT Abdomen' } } }, null,
        { image: { sopInstanceUid: '1.2', frame: 0 }, view: {} }, { image: { sopInstanceUid: '1.2', frame: 0 }, view: { rotation: 90 } }],
    };
    const film = await renderFilm(doc, resolver, { profile, filmNumber: 2, filmCount: 5 });
    const c = film.composite!;
    expect([c.width, c.height]).toEqual([2560, 3200]);
    // The empty box (position 2, top right) is white; the margin is black.
    const b2 = film.layout.boxes[1]!;
    expect(c.data[(b2.y + 10) * c.width + b2.x + 10]).toBe(255);
    expect(c.data[c.width * 5 + c.width - 5]).toBe(0);
    // The annotation put ink (white) into the black margin at the top left.
    let ink = 0;
    for (let y = 0; y < 120; y++) for (let x = 0; x < 700; x++) if ((c.data[y * c.width + x] as number) > 200) ink++;
    expect(ink).toBeGreaterThan(2000);
    // The preview is a PNG of the same film, downscaled.
    const png = await toPreviewPng(c, { maxSide: 512 });
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([410, 512, 1]);
  });

  it('per-box 12-bit boxes at the box matrix; 12 bits refused by the profile falls back to 8', async () => {
    const profile = await loadPrinterProfile('GENERIC');
    const doc = { ...createFilmDocument({ filmSizeId: '14INX17IN', displayFormat: 'STANDARD\\2,1' }), options: { copies: 1, bits: 12 as const } };
    const filled = { ...doc, boxes: [{ image: { sopInstanceUid: '1', frame: 0 }, view: {} }, null] };
    const film = await renderFilm(filled, resolver, { profile });
    expect(film.bits).toBe(8);
    expect(film.warnings.join()).toMatch(/12-bit/);
    const iheFull = await loadPrinterProfile('IHEFULL');
    const f12 = await renderFilm(filled, resolver, { profile: iheFull });
    expect(f12.bits).toBe(12);
    const box = f12.boxes[0]!;
    expect([box.image.width, box.image.height]).toEqual([f12.layout.boxes[0]!.width, f12.layout.boxes[0]!.height]);
    expect(box.image.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(box.image.data).reduce((m, v) => Math.max(m, v), 0)).toBeGreaterThan(255);
    const png = await toPng(box.image);
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    expect(f12.boxes[1]).toBeNull();
  });

  it('true size in composite mode: 128 px at 0.661 mm = 84.7 mm on film', async () => {
    const profile = await loadPrinterProfile('GENERIC');
    const doc = { ...createFilmDocument({ filmSizeId: '8INX10IN', displayFormat: 'STANDARD\\1,1', mode: 'composite' }) };
    const filled = { ...doc, boxes: [{ image: { sopInstanceUid: '1', frame: 0 }, view: { trueSize: true } }] };
    const film = await renderFilm(filled, resolver, { profile });
    const b = film.boxes[0]!;
    expect(b.placement.width / film.layout.pxPerMmX).toBeCloseTo(128 * 0.661468, 0);
    expect(film.warnings.filter((w) => /scale/.test(w))).toEqual([]);
    const perBox = await renderFilm({ ...filled, mode: 'per-box' }, resolver, { profile });
    expect(perBox.warnings.join()).toMatch(/printer scales/);
  });

  it('per-box on a printer of unknown matrix: boxes at the image\'s own resolution, zoom kept, never enlarged', async () => {
    const iheFull = await loadPrinterProfile('IHEFULL'); // printers.cfg gives no pixel matrix
    const doc = { ...createFilmDocument({ filmSizeId: '8INX10IN', displayFormat: 'STANDARD\\2,2' }), options: { copies: 1 } };
    const ct = { sopInstanceUid: '1', frame: 0 };
    const filled = { ...doc, boxes: [{ image: ct, view: {} }, { image: ct, view: { zoom: 2, panX: 100 } }, null, null] };
    const guessed = await renderFilm(filled, resolver, { profile: iheFull });
    expect(guessed.layout.matrixKnown).toBe(false);
    expect(guessed.boxes[0]!.image.width).toBe(guessed.layout.boxes[0]!.width); // the 320 dpi guess
    const film = await renderFilm(filled, resolver, { profile: iheFull, sourceResolutionWhenMatrixUnknown: true });
    expect(film.warnings.join()).toMatch(/own resolution/);
    expect(film.warnings.join()).not.toMatch(/320 dpi/);
    const rect = film.layout.boxes[0]!;
    const [fit, zoomed] = [film.boxes[0]!, film.boxes[1]!];
    // CT_small is 128 x 128 in a box taller than wide: 128 columns, the box's aspect kept, 1:1.
    expect(fit.image.width).toBe(128);
    expect(fit.image.height).toBe(Math.round(rect.height * 128 / rect.width));
    expect(fit.placement.scaleX).toBeCloseTo(1, 5);
    // Zoom 2 shows half the image's width, still 1:1: 64 columns, the pan scaled with the box.
    expect(zoomed.image.width).toBe(64);
    expect(zoomed.placement.scaleX).toBeCloseTo(1, 5);
    expect(zoomed.placement.x - (64 - zoomed.placement.width) / 2).toBeCloseTo(100 * 64 / rect.width, 0);
    // An image that would be reduced at the fallback pitch is reduced: the box is never enlarged.
    const tiny = await renderFilm({ ...filled, displayFormat: 'STANDARD\\10,10', boxes: [{ image: ct, view: { zoom: 0.25 } }] }, resolver, { profile: iheFull, sourceResolutionWhenMatrixUnknown: true });
    expect(tiny.boxes[0]!.image.width).toBe(tiny.layout.boxes[0]!.width);
    // Composite films need one matrix: the fallback pitch stays.
    const composite = await renderFilm({ ...filled, mode: 'composite' }, resolver, { profile: iheFull, sourceResolutionWhenMatrixUnknown: true });
    expect(composite.composite!.width).toBe(composite.layout.width);
  });
});

describe('frames the data layer hands over', () => {
  it('RGB frames are rendered as luminance', async () => {
    const frame: Frame = { width: 2, height: 1, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, signed: false, photometricInterpretation: 'RGB',
      sourcePhotometricInterpretation: 'RGB', data: new Uint8Array([255, 255, 255, 0, 0, 255]), warnings: [] };
    const attrs: ImageAttributes = { photometricInterpretation: 'RGB', signed: false, bitsStored: 8, windows: [], voiLutFunction: 'LINEAR', voiLuts: [], text: {} };
    expect(Array.from(renderPixels(frame, attrs, { bits: 8 }).data)).toEqual([255, 29]);
  });
});

describe('font file in a packaged app', () => {
  it('a path inside app.asar goes to app.asar.unpacked, other paths are unchanged', async () => {
    const { outsideAsar } = await import('../../../core/imaging/annotations.js');
    expect(outsideAsar('/opt/Filmstation/resources/app.asar/resources/fonts/NotoSansCJK-Regular.ttc'))
      .toBe('/opt/Filmstation/resources/app.asar.unpacked/resources/fonts/NotoSansCJK-Regular.ttc');
    expect(outsideAsar('C:\\Filmstation\\resources\\app.asar\\resources\\fonts\\a.ttc')).toBe('C:\\Filmstation\\resources\\app.asar.unpacked\\resources\\fonts\\a.ttc');
    expect(outsideAsar('/work/main/resources/fonts/a.ttc')).toBe('/work/main/resources/fonts/a.ttc');
  });
});
