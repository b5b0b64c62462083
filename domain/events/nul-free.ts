// PostgreSQL text and jsonb cannot hold U+0000; an event carrying one is refused at the door and by every store.
import { findInputProblem } from '../input-limits.ts';

/** The path of the first string (or key) holding U+0000, as `data.items[2].note`, or null. Walks without recursing. */
export function findNulChar(value: unknown, path = ''): string | null {
  const hit = findInputProblem(value);
  if (hit?.problem !== 'nul') return null;
  let out = path;
  for (const key of hit.path) out = typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key;
  return out || 'value';
}
