/**
 * The attributes of one image that the rendering pipeline and the annotations use,
 * read once from a data set: Modality LUT (PS3.3 C.11.1), VOI LUT (C.11.2), Image
 * Pixel (C.7.6.3), spacing (PS3.3 10.7.1.3) and the patient/study text.
 */
import type { DicomDataset } from '../dicom/dataset.js';
import { type Lut, readLutItem } from './lut.js';

export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export interface WindowValue {
  readonly center: number;
  readonly width: number;
  readonly explanation?: string;
}

export interface ImageAttributes {
  readonly modality?: string;
  readonly photometricInterpretation: string;
  readonly signed: boolean;
  readonly bitsStored: number;
  /** Rescale Slope/Intercept (0028,1053)/(0028,1052); absent when the data set has none. */
  readonly rescale?: { readonly slope: number; readonly intercept: number; readonly type?: string };
  /** First item of the Modality LUT Sequence (0028,3000). */
  readonly modalityLut?: Lut;
  /** Window Center/Width pairs (0028,1050)/(0028,1051) in file order. */
  readonly windows: readonly WindowValue[];
  /** VOI LUT Function (0028,1056); LINEAR when absent (PS3.3 C.11.2.1.3). */
  readonly voiLutFunction: VoiLutFunction;
  /** Items of the VOI LUT Sequence (0028,3010). */
  readonly voiLuts: readonly Lut[];
  /** Pixel Spacing (0028,0030) [row spacing, column spacing] in mm. */
  readonly pixelSpacing?: readonly [number, number];
  /** Imager Pixel Spacing (0018,1164) [row, column] in mm (projection radiography). */
  readonly imagerPixelSpacing?: readonly [number, number];
  /** Estimated Radiographic Magnification Factor (0018,1114). */
  readonly magnificationFactor?: number;
  /** Pixel Spacing Calibration Type (0028,0A02). */
  readonly pixelSpacingCalibrationType?: string;
  /** Pixel Aspect Ratio (0028,0034) [vertical, horizontal]. */
  readonly pixelAspectRatio?: readonly [number, number];
  readonly instanceNumber?: number;
  readonly imagePositionPatient?: readonly number[];
  readonly imageOrientationPatient?: readonly number[];
  /** Patient Orientation (0020,0020): direction of the rows, then of the columns (e.g. ['A', 'F']). */
  readonly patientOrientation?: readonly string[];
  readonly sliceLocation?: number;
  readonly text: AnnotationFields;
}

/** Free-text fields offered to annotation templates. */
export interface AnnotationFields {
  readonly patientName?: string;
  /** Ideographic group of Patient's Name (kanji for Japanese names, PS3.5 6.2.1). */
  readonly patientNameIdeographic?: string;
  readonly patientId?: string;
  readonly patientBirthDate?: string;
  readonly patientSex?: string;
  readonly studyDate?: string;
  readonly studyDescription?: string;
  readonly seriesNumber?: string;
  readonly seriesDescription?: string;
  readonly instanceNumber?: string;
  readonly institutionName?: string;
  readonly accessionNumber?: string;
  readonly modality?: string;
}

function pair(ds: DicomDataset, tag: number): [number, number] | undefined {
  const v = ds.numbers(tag);
  if (v.length < 2) return undefined;
  const a = v[0] as number;
  const b = v[1] as number;
  return a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b) ? [a, b] : undefined;
}

function voiFunction(s: string | undefined): VoiLutFunction {
  const v = (s ?? '').trim().toUpperCase();
  return v === 'LINEAR_EXACT' || v === 'SIGMOID' ? v : 'LINEAR';
}

export function readImageAttributes(ds: DicomDataset): ImageAttributes {
  const signed = ds.number(0x00280103) === 1;
  const bitsStored = ds.number(0x00280101) ?? ds.number(0x00280100) ?? 16;
  const slope = ds.number(0x00281053);
  const intercept = ds.number(0x00281052);
  const rescaleType = ds.string(0x00281054);
  const rescale = slope !== undefined || intercept !== undefined
    ? { slope: slope !== undefined && slope !== 0 ? slope : 1, intercept: intercept ?? 0, ...(rescaleType ? { type: rescaleType } : {}) }
    : undefined;
  const mItem = ds.sequence(0x00283000)[0];
  const modalityLut = mItem ? readLutItem(mItem, signed) : undefined;

  const centers = ds.numbers(0x00281050);
  const widths = ds.numbers(0x00281051);
  const explanations = ds.strings(0x00281055);
  const windows: WindowValue[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    const e = explanations[i];
    windows.push({ center: centers[i] as number, width: widths[i] as number, ...(e ? { explanation: e } : {}) });
  }
  // The VOI LUT input is the Modality LUT output: signed if a rescale can make it negative.
  const voiSignedInput = modalityLut ? false : signed || (rescale !== undefined && rescale.intercept < 0);
  const voiLuts = ds.sequence(0x00283010).map((item) => readLutItem(item, voiSignedInput));

  const name = ds.personName(0x00100010);
  const str = (tag: number): string | undefined => {
    const s = ds.string(tag)?.trim();
    return s ? s : undefined;
  };
  const text: AnnotationFields = Object.fromEntries(Object.entries({
    patientName: name?.alphabetic.text || undefined,
    patientNameIdeographic: name?.ideographic.text || undefined,
    patientId: str(0x00100020),
    patientBirthDate: str(0x00100030),
    patientSex: str(0x00100040),
    studyDate: str(0x00080020),
    studyDescription: str(0x00081030),
    seriesNumber: str(0x00200011),
    seriesDescription: str(0x0008103e),
    instanceNumber: str(0x00200013),
    institutionName: str(0x00080080),
    accessionNumber: str(0x00080050),
    modality: str(0x00080060),
  }).filter(([, v]) => v !== undefined)) as AnnotationFields;

  const pixelSpacing = pair(ds, 0x00280030);
  const imagerPixelSpacing = pair(ds, 0x00181164);
  const pixelAspectRatio = pair(ds, 0x00280034);
  const magnificationFactor = ds.number(0x00181114);
  const calibrationType = str(0x00280a02);
  const instanceNumber = ds.number(0x00200013);
  const ipp = ds.numbers(0x00200032);
  const iop = ds.numbers(0x00200037);
  const sliceLocation = ds.number(0x00201041);
  const modality = str(0x00080060);
  const patientOrientation = ds.strings(0x00200020).map((v) => v.trim().toUpperCase());
  return {
    photometricInterpretation: (ds.string(0x00280004) ?? 'MONOCHROME2').trim().toUpperCase(),
    signed, bitsStored, windows, voiLutFunction: voiFunction(ds.string(0x00281056)), voiLuts, text,
    ...(modality ? { modality } : {}),
    ...(rescale ? { rescale } : {}),
    ...(modalityLut ? { modalityLut } : {}),
    ...(pixelSpacing ? { pixelSpacing } : {}),
    ...(imagerPixelSpacing ? { imagerPixelSpacing } : {}),
    ...(pixelAspectRatio ? { pixelAspectRatio } : {}),
    ...(magnificationFactor !== undefined && magnificationFactor > 0 ? { magnificationFactor } : {}),
    ...(calibrationType ? { pixelSpacingCalibrationType: calibrationType } : {}),
    ...(instanceNumber !== undefined ? { instanceNumber } : {}),
    ...(ipp.length === 3 ? { imagePositionPatient: ipp } : {}),
    ...(iop.length === 6 ? { imageOrientationPatient: iop } : {}),
    ...(patientOrientation.length === 2 && patientOrientation.every((v) => /^[APRLHF]+$/.test(v)) ? { patientOrientation } : {}),
    ...(sliceLocation !== undefined ? { sliceLocation } : {}),
  };
}
