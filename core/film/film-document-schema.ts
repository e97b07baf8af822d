/** JSON Schema of the film document (version 1). */
import type { JsonSchema } from './json-schema-lite.js';

const num: JsonSchema = { type: 'number' };
const voi: JsonSchema = {
  anyOf: [
    { type: 'object', additionalProperties: false, required: ['kind', 'center', 'width'], properties: { kind: { const: 'window' }, center: num, width: { type: 'number', exclusiveMinimum: 0 }, fn: { enum: ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] } } },
    { type: 'object', additionalProperties: false, required: ['kind', 'index'], properties: { kind: { enum: ['file-window', 'file-lut'] }, index: { type: 'integer', minimum: 0 } } },
    { type: 'object', additionalProperties: false, required: ['kind', 'name'], properties: { kind: { const: 'preset' }, name: { type: 'string', minLength: 1 } } },
    { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'auto' } } },
  ],
};
const rect: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['x', 'y', 'width', 'height'],
  properties: { x: { type: 'integer', minimum: 0 }, y: { type: 'integer', minimum: 0 }, width: { type: 'integer', minimum: 1 }, height: { type: 'integer', minimum: 1 } },
};
const box: JsonSchema = {
  type: ['object', 'null'], additionalProperties: false, required: ['image', 'view'],
  properties: {
    image: {
      type: 'object', additionalProperties: false, required: ['sopInstanceUid', 'frame'],
      properties: {
        sopInstanceUid: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 },
        frame: { type: 'integer', minimum: 0 },
        seriesInstanceUid: { type: 'string', maxLength: 64 },
        studyInstanceUid: { type: 'string', maxLength: 64 },
      },
    },
    view: {
      type: 'object', additionalProperties: false,
      properties: {
        voi, zoom: { type: 'number', exclusiveMinimum: 0, maximum: 64 }, panX: num, panY: num,
        rotation: { enum: [0, 90, 180, 270] }, flipHorizontal: { type: 'boolean' }, invert: { type: 'boolean' }, crop: rect, trueSize: { type: 'boolean' },
      },
    },
    polarity: { enum: ['NORMAL', 'REVERSE'] },
  },
};

export const FILM_DOCUMENT_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://filmstation.invalid/schemas/film-document.schema.json',
  title: 'Filmstation film document',
  type: 'object', additionalProperties: false,
  required: ['version', 'filmSizeId', 'orientation', 'displayFormat', 'mode', 'boxes', 'annotations', 'options'],
  properties: {
    version: { const: 1 },
    printer: { type: 'string', pattern: '^[A-Z0-9_]+$' },
    filmSizeId: { type: 'string', minLength: 1, maxLength: 16 },
    orientation: { enum: ['PORTRAIT', 'LANDSCAPE'] },
    displayFormat: { type: 'string', minLength: 1, maxLength: 64 },
    resolution: { type: 'string', minLength: 1, maxLength: 16 },
    mode: { enum: ['per-box', 'composite'] },
    boxes: { type: 'array', minItems: 1, maxItems: 400, items: box },
    annotations: {
      type: 'array', maxItems: 64, items: {
        type: 'object', additionalProperties: false, required: ['template', 'position', 'scope', 'sizeMm'],
        properties: {
          template: { type: 'string', maxLength: 256 },
          position: { enum: ['top-left', 'top-center', 'top-right', 'middle-left', 'middle-right', 'bottom-left', 'bottom-center', 'bottom-right'] },
          scope: { enum: ['film', 'box'] },
          sizeMm: { type: 'number', exclusiveMinimum: 0, maximum: 50 },
        },
      },
    },
    options: {
      type: 'object', additionalProperties: false, required: ['copies'],
      properties: {
        borderDensity: { type: 'string', pattern: '^(BLACK|WHITE|[0-9]{1,4})$' },
        emptyImageDensity: { type: 'string', pattern: '^(BLACK|WHITE|[0-9]{1,4})$' },
        magnificationType: { enum: ['REPLICATE', 'BILINEAR', 'CUBIC', 'NONE'] },
        smoothingType: { type: 'string', maxLength: 16 },
        trim: { type: 'boolean' },
        polarity: { enum: ['NORMAL', 'REVERSE'] },
        copies: { type: 'integer', minimum: 1, maximum: 99 },
        mediumType: { type: 'string', maxLength: 16 },
        filmDestination: { type: 'string', maxLength: 16 },
        minDensity: { type: 'integer', minimum: 0 },
        maxDensity: { type: 'integer', minimum: 0 },
        bits: { enum: [8, 12] },
        marginMm: { type: 'number', minimum: 0, maximum: 50 },
        gapMm: { type: 'number', minimum: 0, maximum: 50 },
      },
    },
  },
};
