/**
 * A tiny schema helper for the runtime validation of API payloads (every request that
 * crosses a process boundary: Electron IPC, the browser host's WebSocket). Each schema
 * checks a value and reports every problem as "path: what is wrong"; `parse` throws
 * ApiError('BAD_REQUEST') with the list. Objects are strict: unknown keys are refused,
 * so a typo in a front end is found at once instead of being silently ignored. Strings
 * and arrays carry upper bounds, so a hostile payload cannot make us allocate without
 * limit.
 */
import { ApiError } from './errors.js';

export interface Schema<T> {
  /** Pushes problems onto `out`; the value is valid when nothing was pushed. */
  readonly check: (value: unknown, path: string, out: string[]) => void;
  readonly optional?: boolean;
  /** Phantom: carries T for Infer<>. */
  readonly __type?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> };

const MAX_STRING = 64 * 1024;
const MAX_ARRAY = 100_000;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40) ?? ''}`.trim();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const v = {
  string(o: { min?: number; max?: number; pattern?: RegExp; what?: string } = {}): Schema<string> {
    const max = o.max ?? MAX_STRING;
    return {
      check(value, path, out) {
        if (typeof value !== 'string') { out.push(`${path}: expected a string, got ${describe(value)}`); return; }
        if (value.length < (o.min ?? 0)) out.push(`${path}: must not be empty`);
        else if (value.length > max) out.push(`${path}: longer than ${max} characters`);
        else if (o.pattern && !o.pattern.test(value)) out.push(`${path}: not ${o.what ?? `matching ${o.pattern}`}`);
      },
    };
  },

  number(o: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
    return {
      check(value, path, out) {
        if (typeof value !== 'number' || !Number.isFinite(value)) { out.push(`${path}: expected a finite number, got ${describe(value)}`); return; }
        if (o.integer && !Number.isInteger(value)) out.push(`${path}: must be a whole number`);
        if (o.min !== undefined && value < o.min) out.push(`${path}: must be at least ${o.min}`);
        if (o.max !== undefined && value > o.max) out.push(`${path}: must be at most ${o.max}`);
      },
    };
  },

  boolean(): Schema<boolean> {
    return { check(value, path, out) { if (typeof value !== 'boolean') out.push(`${path}: expected true or false, got ${describe(value)}`); } };
  },

  literal<const L extends string | number | boolean>(...values: L[]): Schema<L> {
    return {
      check(value, path, out) {
        if (!values.includes(value as L)) out.push(`${path}: must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${describe(value)}`);
      },
    };
  },

  array<T>(item: Schema<T>, o: { max?: number; min?: number } = {}): Schema<T[]> {
    const max = o.max ?? MAX_ARRAY;
    return {
      check(value, path, out) {
        if (!Array.isArray(value)) { out.push(`${path}: expected an array, got ${describe(value)}`); return; }
        if (value.length > max) { out.push(`${path}: more than ${max} entries`); return; }
        if (value.length < (o.min ?? 0)) { out.push(`${path}: needs at least ${o.min} entries`); return; }
        for (let i = 0; i < value.length && out.length < 50; i++) item.check(value[i], `${path}[${i}]`, out);
      },
    };
  },

  object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
    return {
      check(value, path, out) {
        if (!isPlainObject(value)) { out.push(`${path}: expected an object, got ${describe(value)}`); return; }
        for (const key of Object.keys(value)) {
          if (!Object.hasOwn(shape, key)) out.push(`${path}.${key}: unknown field`);
        }
        for (const [key, schema] of Object.entries(shape)) {
          const has = Object.hasOwn(value, key) && value[key] !== undefined;
          if (!has) { if (!schema.optional) out.push(`${path}.${key}: required`); continue; }
          schema.check(value[key], `${path}.${key}`, out);
        }
      },
    };
  },

  /** A record with free keys (bounded count) and values of one schema. */
  record<T>(value: Schema<T>, o: { maxKeys?: number } = {}): Schema<Record<string, T>> {
    const maxKeys = o.maxKeys ?? 10_000;
    return {
      check(x, path, out) {
        if (!isPlainObject(x)) { out.push(`${path}: expected an object, got ${describe(x)}`); return; }
        const keys = Object.keys(x);
        if (keys.length > maxKeys) { out.push(`${path}: more than ${maxKeys} keys`); return; }
        for (const k of keys) value.check(x[k], `${path}.${k}`, out);
      },
    };
  },

  optional<T>(s: Schema<T>): Schema<T | undefined> & { optional: true } {
    return { check: s.check, optional: true };
  },

  nullable<T>(s: Schema<T>): Schema<T | null> {
    return { check(value, path, out) { if (value !== null) s.check(value, path, out); } };
  },

  /** A union told apart by one string field (`kind`, `type`...). */
  tagged<K extends string, M extends Record<string, Schema<object>>>(key: K, members: M): Schema<Infer<M[keyof M]>> {
    return {
      check(value, path, out) {
        if (!isPlainObject(value)) { out.push(`${path}: expected an object, got ${describe(value)}`); return; }
        const tag = value[key];
        const member = typeof tag === 'string' && Object.hasOwn(members, tag) ? members[tag] : undefined;
        if (!member) { out.push(`${path}.${key}: must be one of ${Object.keys(members).map((x) => JSON.stringify(x)).join(', ')}, got ${describe(tag)}`); return; }
        member.check(value, path, out);
      },
    };
  },

  /** A check written by hand (returns the problems, each without the path). */
  custom<T>(fn: (value: unknown) => readonly string[]): Schema<T> {
    return { check(value, path, out) { for (const p of fn(value)) out.push(p.startsWith('$') ? `${path}${p.slice(1)}` : `${path}: ${p}`); } };
  },

  /** The empty request {} (undefined and null are taken as {} too). */
  empty(): Schema<Record<string, never>> {
    return {
      check(value, path, out) {
        if (value === undefined || value === null) return;
        if (!isPlainObject(value)) out.push(`${path}: expected an object, got ${describe(value)}`);
        else for (const k of Object.keys(value)) out.push(`${path}.${k}: unknown field`);
      },
    };
  },
};

/** Checks `value`; returns it typed, or throws ApiError('BAD_REQUEST') listing every problem. */
export function parse<T>(schema: Schema<T>, value: unknown, what = 'request'): T {
  const problems: string[] = [];
  schema.check(value, '$', problems);
  if (problems.length) {
    throw new ApiError('BAD_REQUEST', `Invalid ${what}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}`, problems);
  }
  return (value ?? {}) as T;
}
