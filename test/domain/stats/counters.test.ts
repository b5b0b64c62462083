import { describe, expect, it } from 'vitest';
import { bucketOf, observe, summarize, sumDays, type DayCounters } from '../../../domain/stats/counters.ts';

describe('bucketOf', () => {
  it.each([
    [0, 0],
    [999, 999],
    [1234, 1230],
    [1235, 1240],
    [98_765, 98_800],
    [123_456_789, 123_000_000],
  ])('keeps %d as %d (3 significant digits)', (v, b) => expect(bucketOf(v)).toBe(b));
});

describe('summarize', () => {
  it('gives nearest-rank percentiles and the exact mean', () => {
    const c: DayCounters = {};
    for (const v of [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]) observe(c, 'd', 'aiResponseMs', v);
    expect(summarize(c.d!, 'aiResponseMs')).toEqual({ count: 10, mean: 550, p50: 500, p90: 900 });
  });

  it('merges days before computing, never averaging daily figures', () => {
    const c: DayCounters = {};
    observe(c, 'd1', 'aiResponseMs', 100);
    for (const v of [1000, 1000, 1000]) observe(c, 'd2', 'aiResponseMs', v);
    const merged = summarize(sumDays([c.d1!, c.d2!]), 'aiResponseMs');
    expect(merged).toEqual({ count: 4, mean: 775, p50: 1000, p90: 1000 });
  });

  it('is empty without observations', () => {
    expect(summarize({}, 'durationMs')).toEqual({ count: 0, mean: null, p50: null, p90: null });
  });
});
