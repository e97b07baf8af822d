/** core/film: film document, sizes, display formats, layout, pagination, printer profiles. */
export { FILM_SIZES, filmSize, findFilmSize, filmDimensionsMm, type FilmSize, type FilmOrientation } from './film-sizes.js';
export { parseDisplayFormat, formatDisplayFormat, boxCount, unitBoxes, standardForOrientation, MAX_BOXES, type DisplayFormat, type UnitRect } from './display-format.js';
export { computeFilmLayout, portraitMatrix, FALLBACK_PIXEL_PITCH_UM, type FilmLayout, type LayoutRequest, type PixelRect } from './film-layout.js';
export {
  FILM_DOCUMENT_VERSION, createFilmDocument, validateFilmDocument, serializeFilmDocument, parseFilmDocument,
  type FilmDocument, type ImageRef, type ImageBoxContent, type BoxView, type BoxVoi, type AnnotationSpec, type AnnotationPosition, type FilmOptions,
} from './film-document.js';
export { FILM_DOCUMENT_SCHEMA } from './film-document-schema.js';
export { selectImages, fillFilms, estimateFilmCount, slicePosition, type SeriesImage, type SelectOptions, type FillOptions } from './pagination.js';
export {
  loadPrinterProfile, listPrinterProfiles, validatePrinterProfile, profileMatrix, defaultProfileDirectory,
  type PrinterProfile, type PixelMatrix, type PrintMode,
} from './printer-profile.js';
export { PRINTER_PROFILE_SCHEMA } from './printer-profile-schema.js';
export { validateJson, type JsonSchema } from './json-schema-lite.js';
export { FilmError, type FilmErrorCode } from './errors.js';
