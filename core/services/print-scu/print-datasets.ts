/**
 * The data sets of the print requests (PS3.4 H.4 N-CREATE/N-SET attribute lists), built
 * from explicit values. Only attributes that carry a value are sent: an unset attribute
 * is left to the printer's default (PS3.4 H.4.1.2.1.2: the SCP supplies defaults).
 */
import { DatasetBuilder } from '../../dicom/dataset-builder.js';
import { SopClass } from '../../dicom/uids.js';
import { PrintTag } from '../print-tags.js';
import type { AnnotationContent, FilmBoxAttributes, FilmSessionAttributes, ImageBoxContent, PrintPixels, PresentationLutRequest } from './types.js';
import { PrintScuError } from './errors.js';

function builder(charset: readonly string[] | undefined): DatasetBuilder {
  return new DatasetBuilder(charset && charset.length ? charset : undefined);
}

function ref(sopClass: string, sopInstance: string): DatasetBuilder {
  return new DatasetBuilder().text(PrintTag.ReferencedSOPClassUID, 'UI', sopClass).text(PrintTag.ReferencedSOPInstanceUID, 'UI', sopInstance);
}

/** Basic Film Session N-CREATE attribute list (PS3.4 H.4.1.2.1, PS3.3 C.13.1). */
export function filmSessionDataset(a: FilmSessionAttributes, charset?: readonly string[], presentationLutUid?: string): DatasetBuilder {
  const b = builder(charset);
  if (a.numberOfCopies !== undefined) b.text(PrintTag.NumberOfCopies, 'IS', a.numberOfCopies);
  if (a.printPriority) b.text(PrintTag.PrintPriority, 'CS', a.printPriority);
  if (a.mediumType) b.text(PrintTag.MediumType, 'CS', a.mediumType);
  if (a.filmDestination) b.text(PrintTag.FilmDestination, 'CS', a.filmDestination);
  if (a.filmSessionLabel) b.text(PrintTag.FilmSessionLabel, 'LO', a.filmSessionLabel);
  if (a.memoryAllocation !== undefined) b.text(PrintTag.MemoryAllocation, 'IS', a.memoryAllocation);
  if (a.ownerId) b.text(PrintTag.OwnerID, 'SH', a.ownerId);
  // CP-173: some printers (Agfa Drystar) take the Presentation LUT on the Film Session.
  if (presentationLutUid) b.sequence(PrintTag.ReferencedPresentationLUTSequence, [ref(SopClass.PresentationLUT, presentationLutUid)]);
  return b;
}

/** Basic Film Box N-CREATE attribute list (PS3.4 H.4.2.2.1, PS3.3 C.13.3/C.13.4). */
export function filmBoxDataset(a: FilmBoxAttributes, filmSessionUid: string, presentationLutUid?: string): DatasetBuilder {
  const b = new DatasetBuilder();
  b.text(PrintTag.ImageDisplayFormat, 'ST', a.imageDisplayFormat);
  if (a.annotationDisplayFormatId) b.text(PrintTag.AnnotationDisplayFormatID, 'CS', a.annotationDisplayFormatId);
  if (a.filmOrientation) b.text(PrintTag.FilmOrientation, 'CS', a.filmOrientation);
  if (a.filmSizeId) b.text(PrintTag.FilmSizeID, 'CS', a.filmSizeId);
  if (a.magnificationType) b.text(PrintTag.MagnificationType, 'CS', a.magnificationType);
  if (a.smoothingType) b.text(PrintTag.SmoothingType, 'CS', a.smoothingType);
  if (a.borderDensity) b.text(PrintTag.BorderDensity, 'CS', a.borderDensity);
  if (a.emptyImageDensity) b.text(PrintTag.EmptyImageDensity, 'CS', a.emptyImageDensity);
  if (a.minDensity !== undefined) b.number(PrintTag.MinDensity, 'US', a.minDensity);
  if (a.maxDensity !== undefined) b.number(PrintTag.MaxDensity, 'US', a.maxDensity);
  if (a.trim !== undefined) b.text(PrintTag.Trim, 'CS', a.trim ? 'YES' : 'NO');
  if (a.configurationInformation) b.text(PrintTag.ConfigurationInformation, 'ST', a.configurationInformation);
  if (a.requestedResolutionId) b.text(PrintTag.RequestedResolutionID, 'CS', a.requestedResolutionId);
  if (a.illumination !== undefined) b.number(PrintTag.Illumination, 'US', a.illumination);
  if (a.reflectedAmbientLight !== undefined) b.number(PrintTag.ReflectedAmbientLight, 'US', a.reflectedAmbientLight);
  b.sequence(PrintTag.ReferencedFilmSessionSequence, [ref(SopClass.BasicFilmSession, filmSessionUid)]);
  if (presentationLutUid) b.sequence(PrintTag.ReferencedPresentationLUTSequence, [ref(SopClass.PresentationLUT, presentationLutUid)]);
  return b;
}

/** Pixel Data bytes, little endian; MONOCHROME1 inverts (PS3.3 C.7.6.3.1.2: minimum = white). */
export function pixelBytes(p: PrintPixels, monochrome1: boolean): Uint8Array {
  const n = p.width * p.height;
  if (!Number.isInteger(p.width) || !Number.isInteger(p.height) || p.width < 1 || p.height < 1) {
    throw new PrintScuError('BAD_PIXELS', `Image size ${p.width} x ${p.height} is not valid`);
  }
  if (p.data.length < n) throw new PrintScuError('BAD_PIXELS', `Pixel buffer holds ${p.data.length} values, ${n} needed`);
  const max = p.bits === 8 ? 255 : 4095;
  if (p.bits === 8) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = Math.min(max, p.data[i] as number);
      out[i] = monochrome1 ? max - v : v;
    }
    return out;
  }
  const out = new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) {
    let v = Math.min(max, p.data[i] as number);
    if (monochrome1) v = max - v;
    out[2 * i] = v & 0xff;
    out[2 * i + 1] = v >> 8;
  }
  return out;
}

/** Basic Grayscale Image Box N-SET modification list (PS3.4 H.4.3.1.2.1, PS3.3 C.13.5). */
export function imageBoxDataset(c: ImageBoxContent): DatasetBuilder {
  const p = c.pixels;
  const mono1 = c.photometric === 'MONOCHROME1';
  const item = new DatasetBuilder()
    .number(PrintTag.SamplesPerPixel, 'US', 1)
    .text(PrintTag.PhotometricInterpretation, 'CS', mono1 ? 'MONOCHROME1' : 'MONOCHROME2')
    .number(PrintTag.Rows, 'US', p.height)
    .number(PrintTag.Columns, 'US', p.width)
    .text(PrintTag.PixelAspectRatio, 'IS', c.pixelAspectRatio ?? [1, 1])
    .number(PrintTag.BitsAllocated, 'US', p.bits === 8 ? 8 : 16)
    .number(PrintTag.BitsStored, 'US', p.bits)
    .number(PrintTag.HighBit, 'US', p.bits - 1)
    .number(PrintTag.PixelRepresentation, 'US', 0)
    .bytes(PrintTag.PixelData, p.bits === 8 ? 'OB' : 'OW', pixelBytes(p, mono1));
  const b = new DatasetBuilder().number(PrintTag.ImageBoxPosition, 'US', c.position);
  if (c.polarity) b.text(PrintTag.Polarity, 'CS', c.polarity);
  if (c.magnificationType) b.text(PrintTag.MagnificationType, 'CS', c.magnificationType);
  if (c.smoothingType) b.text(PrintTag.SmoothingType, 'CS', c.smoothingType);
  if (c.requestedImageSize !== undefined) b.text(PrintTag.RequestedImageSize, 'DS', c.requestedImageSize);
  if (c.requestedDecimateCropBehavior) b.text(PrintTag.RequestedDecimateCropBehavior, 'CS', c.requestedDecimateCropBehavior);
  b.sequence(PrintTag.BasicGrayscaleImageSequence, [item]);
  return b;
}

/** Basic Annotation Box N-SET (PS3.4 H.4.4.1.2.1): at most 64 characters (LO). */
export function annotationDataset(a: AnnotationContent, charset?: readonly string[]): DatasetBuilder {
  return builder(charset).number(PrintTag.AnnotationPosition, 'US', a.position).text(PrintTag.TextString, 'LO', a.text.slice(0, 64));
}

/** Presentation LUT N-CREATE by shape (PS3.4 H.4.9.2.1, PS3.3 C.11.6). */
export function presentationLutDataset(p: PresentationLutRequest): DatasetBuilder {
  return new DatasetBuilder().text(PrintTag.PresentationLUTShape, 'CS', p.shape);
}
