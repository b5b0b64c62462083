// The data fast path of validateEvent: from each catalog schema, a predicate that answers true only for data zod would
// accept as it is (flat, every known field within its rules, no U+0000). Anything else, or any schema using a rule not
// read here, goes through zod, which stays the one judge of the rules and the one author of error messages.
import type { z } from 'zod';
import { eventCatalog, type EventName } from './catalog.ts';

type Check = (v: unknown) => boolean;

interface ZodDefLike {
  readonly type: string;
  readonly innerType?: { readonly _zod: { readonly def: ZodDefLike } };
  readonly checks?: readonly { readonly _zod: { readonly def: Record<string, unknown> } }[];
  readonly entries?: Record<string, unknown>;
  readonly shape?: Record<string, { readonly _zod: { readonly def: ZodDefLike } }>;
  readonly catchall?: { readonly _zod: { readonly def: ZodDefLike } };
}

const defOf = (schema: unknown): ZodDefLike => (schema as { _zod: { def: ZodDefLike } })._zod.def;

/** A field's predicate, or null when it uses anything not read here. */
function fieldCheck(def: ZodDefLike): Check | null {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  if (def.type === 'boolean' && checks.length === 0) return (v) => typeof v === 'boolean';
  if (def.type === 'enum' && checks.length === 0 && def.entries) {
    const allowed = new Set(Object.values(def.entries));
    return (v) => typeof v === 'string' && allowed.has(v);
  }
  if (def.type === 'string') {
    let min = 0;
    let max = Number.POSITIVE_INFINITY;
    for (const c of checks) {
      if (c.check === 'min_length') min = c.minimum as number;
      else if (c.check === 'max_length') max = c.maximum as number;
      else return null;
    }
    return (v) => typeof v === 'string' && v.length >= min && v.length <= max;
  }
  if (def.type === 'number') {
    let int = false;
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (const c of checks) {
      if (c.check === 'number_format' && c.format === 'safeint') int = true;
      else if (c.check === 'greater_than' && c.inclusive === true) lo = Math.max(lo, c.value as number);
      else if (c.check === 'less_than' && c.inclusive === true) hi = Math.min(hi, c.value as number);
      else return null;
    }
    return (v) => typeof v === 'number' && (int ? Number.isSafeInteger(v) : Number.isFinite(v)) && v >= lo && v <= hi;
  }
  return null;
}

/** The predicate of one loose object schema, or null (always zod) when it has object-level rules or unread fields. */
export function compilePlainData(schema: z.ZodType): ((data: Record<string, unknown>) => boolean) | null {
  const def = defOf(schema);
  if (def.type !== 'object' || (def.checks?.length ?? 0) > 0 || !def.shape || def.catchall?._zod.def.type !== 'unknown') return null;
  const fields: { key: string; optional: boolean; check: Check }[] = [];
  for (const [key, field] of Object.entries(def.shape)) {
    let d = field._zod.def;
    const optional = d.type === 'optional';
    if (optional) {
      if ((d.checks?.length ?? 0) > 0 || !d.innerType) return null;
      d = d.innerType._zod.def;
    }
    const check = fieldCheck(d);
    if (!check) return null;
    fields.push({ key, optional, check });
  }
  return (data) => {
    for (const f of fields) {
      const v = data[f.key];
      if (v === undefined ? !f.optional : !f.check(v)) return false;
    }
    // Flat and free of U+0000: nothing for the depth and NUL walk to find.
    for (const key in data) {
      if (!Object.hasOwn(data, key) || key.includes('\u0000')) return false;
      const v = data[key];
      if (typeof v === 'object' ? v !== null : typeof v === 'string' && v.includes('\u0000')) return false;
    }
    return true;
  };
}

/** Per event name, the data fast path (null: always zod). */
export const plainDataChecks = Object.fromEntries(
  Object.entries(eventCatalog).map(([name, entry]) => [name, compilePlainData(entry.data)]),
) as Record<EventName, ((data: Record<string, unknown>) => boolean) | null>;
