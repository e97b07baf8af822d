/** core/imaging: the rendering pipeline (PS3.3 C.11) at the printer's native matrix. */
export { ImagingError, type ImagingErrorCode } from './errors.js';
export { readLutItem, lookup, type Lut } from './lut.js';
export { readImageAttributes, type ImageAttributes, type AnnotationFields, type WindowValue, type VoiLutFunction } from './image-attributes.js';
export { modalityTransformOf, applyModalityLut, modalityRange, type ModalityTransform } from './modality-lut.js';
export { windowLinear, windowLinearExact, windowSigmoid, applyVoi, chooseVoi, type VoiSetting, type VoiRequest } from './voi-lut.js';
export { VOI_PRESETS, findVoiPreset, type VoiPreset } from './voi-presets.js';
export { applyPresentation, isInverted, type OutputBits, type PresentationSetting } from './presentation.js';
export { rgbToLuminance } from './luminance.js';
export { allocGrey, maxPValue, type GreyImage } from './grey-image.js';
export { renderPixels, type RenderPixelsOptions, type RenderedPixels } from './render-pixels.js';
export { resampleToBox, blit, type BoxViewState, type ResampleOptions, type ResampledBox, type Placement, type MagnificationType } from './resample.js';
export { chooseSpacing, planTrueSize, type ChosenSpacing, type TrueSizePlan } from './true-size.js';
export { renderText, burnText, expandTemplate, personNameForPrint, defaultFontFile, ANNOTATION_FONT_FAMILY, type TextMask, type TextOptions } from './annotations.js';
export { densityToPValue } from './density.js';
export { renderFilm, type RenderFilmOptions, type RenderedFilm, type RenderedBox, type ResolvedImage, type ImageResolver } from './compose-film.js';
export { toPreviewPng, toPng, type PreviewOptions } from './preview.js';
export { loadImage } from './load-image.js';
