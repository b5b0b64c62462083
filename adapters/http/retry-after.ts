// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date, as the milliseconds to wait from `now`.

/** The wait a Retry-After header asks for, in ms (0 for a date already past); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only a date-looking value: Date.parse would take '1.5' or '-3' as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
