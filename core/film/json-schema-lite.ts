/**
 * A small validator for the subset of JSON Schema (draft 2020-12) our schemas use:
 * type, enum, const, required, properties, additionalProperties (false or a schema),
 * items, minItems, minimum, maximum, exclusiveMinimum, pattern, minLength, maxLength,
 * anyOf. One schema object is both the published .schema.json and what we validate
 * with, so the two cannot drift. (No runtime dependency: ajv is only a dev transitive.)
 */
export interface JsonSchema {
  readonly $schema?: string;
  readonly $id?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | readonly ('object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null')[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly anyOf?: readonly JsonSchema[];
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function typeMatches(t: string, v: unknown): boolean {
  if (t === 'integer') return typeof v === 'number' && Number.isInteger(v);
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v);
  return typeOf(v) === t;
}

/** All problems as "path: message"; empty when valid. Stops descending at depth 32. */
export function validateJson(schema: JsonSchema, value: unknown, path = '$', depth = 0): string[] {
  if (depth > 32) return [`${path}: nested too deeply`];
  const out: string[] = [];
  if (schema.anyOf) {
    const results = schema.anyOf.map((s) => validateJson(s, value, path, depth + 1));
    if (!results.some((r) => r.length === 0)) out.push(`${path}: matches none of the allowed forms (${results.map((r) => r[0]).join(' | ')})`);
  }
  if (schema.type) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => typeMatches(t, value))) return [...out, `${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
  }
  if (schema.const !== undefined && value !== schema.const) out.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${path}: ${value} < minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${path}: ${value} > maximum ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) out.push(`${path}: ${value} must be > ${schema.exclusiveMinimum}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) out.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${path}: '${value}' does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => out.push(...validateJson(schema.items as JsonSchema, item, `${path}[${i}]`, depth + 1)));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${path}: missing '${r}'`);
    for (const [k, v] of Object.entries(obj)) {
      const p = schema.properties?.[k];
      if (p) out.push(...validateJson(p, v, `${path}.${k}`, depth + 1));
      else if (schema.additionalProperties === false) out.push(`${path}: unknown property '${k}'`);
      else if (typeof schema.additionalProperties === 'object') out.push(...validateJson(schema.additionalProperties, v, `${path}.${k}`, depth + 1));
    }
  }
  return out;
}
