// Parses a use case's input with its zod schema; bad input becomes DomainError INVALID naming the field.
import type { z } from 'zod';
import { invalid } from './errors.ts';

/** The parsed value, or throws `invalid(field, message)` for the first issue (field path joined by dots). */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join('.') : 'input';
  throw invalid(field, issue?.message ?? 'invalid');
}
