/**
 * Public API of the DICOM data layer (files, data sets, character sets). Pixel
 * decoding lives in ./pixel/ and is imported from there.
 */
export { readDicomFile, parseDicomFile, parseDicomDataset, DicomFileDataset, type ReadDicomOptions, type ReadDatasetOptions } from './read-dicom-file.js';
export { DicomDataset, type TagSpec } from './dataset.js';
export { readDataset, readSequenceItems, sniffDatasetEncoding, type DatasetReadOptions, type DatasetReadResult } from './dataset-reader.js';
export { writeDataset } from './dataset-writer.js';
export { readPart10Header, type Part10Header, type Part10ReadOptions } from './part10.js';
export { writeFileMeta, writePart10, writePart10FromTree, type FileMetaInformation } from './part10-writer.js';
export { transcodeDataset, type TranscodeOptions } from './transcode.js';
export { naturalize, type NaturalDataset } from './naturalize.js';
export * from './transfer-syntax.js';
export * from './element.js';
export * from './errors.js';
export * from './tag.js';
export { dictionaryVr, keywordOf, tagOfKeyword, parseTag } from './dictionary.js';
export { readNumbers, encodeNumbers, decodeStrings, encodeStrings, parseIS, parseDS, padToEven } from './values.js';
export { parsePersonName, formatPersonName, type PersonName, type PersonNameGroup, type PersonNameComponents } from './person-name.js';
export type { PixelDataSource, EncapsulatedPixelData, PaletteColorLuts, PaletteLut, LutDescriptor } from './pixel-data-source.js';
export * from './charset/index.js';
export { DatasetBuilder } from './dataset-builder.js';
export { encodeDimseDataset, datasetElements, datasetElement, encodeElements, type DatasetField, type DatasetFieldValue } from './dataset-fields.js';
