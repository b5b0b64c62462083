// PostgreSQL text and jsonb cannot hold U+0000; an event carrying one is refused at the door and by every store.

/** The dotted path of the first string holding U+0000, or null. */
export function findNulChar(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNulChar(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return path ? `${path}.${k}` : k;
      const hit = findNulChar(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return null;
}
