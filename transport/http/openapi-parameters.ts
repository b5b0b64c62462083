// The query parameters of the OpenAPI document with their descriptions and examples. trpc-to-openapi unwraps an
// optional field before rendering it as a parameter, and with the wrapper goes what `.describe()` or `.meta()` said
// on it (`days: z.number().optional().describe(...)`): each parameter's notes are read here from its field's schema.
import { type ZodType, z } from 'zod';
import type { OpenApiDoc } from './openapi-answers.ts';

/** A GET procedure's route and its input schema. */
export interface QueryInput {
  readonly path: string;
  readonly input: unknown;
}

interface Notes {
  description?: string;
  example?: unknown;
}

type Inner = { _zod?: { def?: { innerType?: ZodType; in?: ZodType } } };
const inner = (schema: unknown) => (schema as Inner)._zod?.def?.innerType ?? (schema as Inner)._zod?.def?.in;

/** The description and example said anywhere along a schema's wrappers (optional, default, nullable, pipe), outermost first. */
function notesOf(schema: unknown): Notes {
  const notes: Notes = {};
  for (let s = schema; s !== undefined; s = inner(s)) {
    const meta = z.globalRegistry.get(s as ZodType) as Notes | undefined;
    notes.description ??= meta?.description;
    if (notes.example === undefined && meta?.example !== undefined) notes.example = meta.example;
  }
  return notes;
}

/** The fields of an input object, through its wrappers. */
function fieldsOf(input: unknown): Record<string, unknown> {
  for (let s = input; s !== undefined; s = inner(s)) {
    const shape = (s as { shape?: Record<string, unknown> }).shape;
    if (shape) return shape;
  }
  return {};
}

/** Gives each query parameter of the procedures' GET operations its field's description and example. */
export function withParameterNotes<D extends OpenApiDoc>(doc: D, queries: readonly QueryInput[]): D {
  for (const { path, input } of queries) {
    const fields = fieldsOf(input);
    for (const parameter of (doc.paths?.[path]?.get?.parameters ?? []) as { name: string; description?: string; example?: unknown }[]) {
      const { description, example } = notesOf(fields[parameter.name]);
      if (description !== undefined) parameter.description ??= description;
      if (example !== undefined) parameter.example ??= example;
    }
  }
  return doc;
}
