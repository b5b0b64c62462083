// The URL of a plain-JSON route's CSV twin: `/api/analytics/<area>/<name>.csv?<same input>`.

/**
 * Encodes an input the way the plain-JSON routes read a query string: scalars as `key=value`, arrays as the key
 * repeated, absent values left out.
 */
export function queryString(input: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function csvUrl(path: string, input?: Record<string, unknown>): string {
  return `/api/analytics/${path}.csv${queryString(input)}`;
}
