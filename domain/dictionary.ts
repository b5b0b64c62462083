// Records keyed by outside input (agent ids, channels, models, bots, categories): built without a prototype, so a
// key such as `__proto__`, `constructor` or `toString` is an ordinary key, never a property every object inherits.

/** An empty record with no prototype: `r[key] ?? 0` reads 0 for any key not set, whatever its name. */
export function dictionary<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** How many of `items` fall under each key (a null key: not counted), in first-seen order. */
export function countBy<T>(items: Iterable<T>, keyOf: (item: T) => string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    const k = keyOf(item);
    if (k !== null) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
