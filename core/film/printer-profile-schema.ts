/**
 * JSON Schema of a printer profile (resources/printers/*.json). Published as
 * resources/printers/printer-profile.schema.json (a test keeps the file equal to this).
 * null means "unknown" (not published by the vendor, or not readable in the source).
 */
import type { JsonSchema } from './json-schema-lite.js';

const str: JsonSchema = { type: 'string', minLength: 1 };
const strList: JsonSchema = { type: 'array', items: str };
const nullableStrList: JsonSchema = { type: ['array', 'null'], items: str };
const nullableBool: JsonSchema = { type: ['boolean', 'null'] };
const matrix: JsonSchema = {
  type: ['object', 'null'], required: ['columns', 'rows'], additionalProperties: false,
  description: 'Printable pixel matrix in PORTRAIT orientation.',
  properties: { columns: { type: 'integer', minimum: 1, maximum: 32768 }, rows: { type: 'integer', minimum: 1, maximum: 32768 } },
};

export const PRINTER_PROFILE_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://filmstation.invalid/schemas/printer-profile.schema.json',
  title: 'Filmstation printer profile',
  type: 'object',
  additionalProperties: false,
  required: ['profileVersion', 'name', 'description', 'sources', 'network', 'filmSizes', 'resolutions', 'displayFormats',
    'magnificationTypes', 'smoothingTypes', 'mediumTypes', 'filmDestinations', 'borderDensities', 'emptyImageDensities',
    'minDensities', 'maxDensities', 'supports12Bit', 'presentationLut', 'annotation', 'optionalAttributes', 'printModes', 'unknown'],
  properties: {
    $schema: { type: 'string' },
    profileVersion: { const: 1 },
    name: { type: 'string', pattern: '^[A-Z0-9_]+$', description: 'Selector, e.g. --profile AGFA (DCMTK printers.cfg section name).' },
    description: str,
    sources: { type: 'array', minItems: 1, items: str, description: 'Where each value comes from.' },
    network: {
      type: 'object', additionalProperties: false, required: ['aeTitle', 'implicitOnly', 'maxPdu', 'disableNewVRs'],
      properties: {
        aeTitle: { type: ['string', 'null'], maxLength: 16 },
        implicitOnly: nullableBool,
        maxPdu: { type: ['integer', 'null'], minimum: 4096 },
        disableNewVRs: nullableBool,
        omitSopClassUidFromCreateResponse: { type: 'boolean' },
      },
    },
    filmSizes: {
      type: ['array', 'null'], items: {
        type: 'object', additionalProperties: false, required: ['id'],
        properties: {
          id: str,
          matrix: { type: 'object', additionalProperties: matrix, description: 'Pixel matrix per Requested Resolution ID.' },
        },
      },
    },
    resolutions: {
      type: ['object', 'null'], description: 'Requested Resolution ID (2020,0050) -> pixel pitch.',
      additionalProperties: { type: 'object', additionalProperties: false, required: ['pixelPitchUm'], properties: { pixelPitchUm: { type: ['number', 'null'], exclusiveMinimum: 0 } } },
    },
    defaultResolution: str,
    displayFormats: { type: ['array', 'null'], items: { type: 'string', pattern: '^(STANDARD\\\\\\d+,\\d+|ROW\\\\\\d+(,\\d+)*|COL\\\\\\d+(,\\d+)*|SLIDE|SUPERSLIDE|CUSTOM\\\\\\d+)$' } },
    magnificationTypes: nullableStrList,
    smoothingTypes: nullableStrList,
    mediumTypes: nullableStrList,
    filmDestinations: nullableStrList,
    borderDensities: nullableStrList,
    emptyImageDensities: nullableStrList,
    minDensities: { type: ['array', 'null'], items: { type: 'integer', minimum: 0 } },
    maxDensities: { type: ['array', 'null'], items: { type: 'integer', minimum: 0 } },
    supports12Bit: nullableBool,
    presentationLut: {
      type: 'object', additionalProperties: false, required: ['supported', 'inFilmSession', 'matchRequired'],
      properties: { supported: nullableBool, inFilmSession: nullableBool, matchRequired: nullableBool, preferScpRendering: { type: 'boolean' } },
    },
    annotation: {
      type: ['object', 'null'], additionalProperties: false, required: ['positions', 'maxLength'],
      properties: {
        positions: { type: 'array', items: { type: 'integer', minimum: 1 } },
        displayFormatId: str,
        maxLength: { type: ['integer', 'null'], minimum: 1, maximum: 64 },
        sessionLabelAnnotation: { type: 'boolean' },
      },
    },
    optionalAttributes: {
      type: 'object', additionalProperties: false,
      properties: {
        requestedImageSize: nullableBool, requestedDecimateCropBehavior: nullableBool, trim: nullableBool,
        configurationInformation: nullableBool, requestedResolutionId: nullableBool, illumination: nullableBool,
        minDensity: nullableBool, smoothingType: nullableBool,
      },
    },
    configurationInformation: strList,
    printModes: { type: 'array', minItems: 1, items: { enum: ['per-box', 'composite'] } },
    colour: nullableBool,
    notes: strList,
    unknown: { type: 'array', items: str, description: 'Fields whose values are not known (null in this file).' },
  },
};
