// parseRetryAfter: delay-seconds and HTTP dates, anything else unreadable (the tracker then uses its own backoff).
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../adapters/http/retry-after.ts';

const NOW = Date.parse('2026-12-02T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(['7', '9'], NOW)).toBe(7000);
  });

  it('reads an HTTP date as the wait until it, and a past date as no wait', () => {
    expect(parseRetryAfter('Wed, 02 Dec 2026 10:00:05 GMT', NOW)).toBe(5000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 09:59:00 GMT', NOW)).toBe(0);
  });

  it('gives undefined for a header absent, empty or unreadable', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });
});
