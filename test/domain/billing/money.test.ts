// Exact money: pico-unit arithmetic, and the rounding PostgreSQL's round(numeric, 6) does.
import { describe, expect, it } from 'vitest';
import { formatMoney, ratioOf, tokenCostPico, toPico } from '../../../domain/billing/money.ts';
import { quotaOf } from '../../../domain/billing/quota.ts';

describe('money', () => {
  it('costs tokens exactly, with no binary float anywhere', () => {
    expect(formatMoney(tokenCostPico(1, '0.000001'), 12)).toBe('0.000000000001');
    expect(formatMoney(tokenCostPico(3, '0.1') * 3n)).toBe('0.000001'); // 0.0000009 rounds up
    expect(formatMoney(tokenCostPico(1_000_000, '2.5') + tokenCostPico(333, '0.3'))).toBe('2.500100');
  });

  it('rounds half away from zero at 6 places, as PostgreSQL does', () => {
    expect(formatMoney(toPico('0.0000005'))).toBe('0.000001');
    expect(formatMoney(toPico('0.0000004999'))).toBe('0.000000');
    expect(formatMoney(toPico('-1.0000005'))).toBe('-1.000001');
    expect(formatMoney(toPico('-0.0000001'))).toBe('0.000000');
  });

  it('refuses what is not a decimal amount', () => {
    expect(() => toPico('1e-7')).toThrow(RangeError);
    expect(() => toPico('')).toThrow(RangeError);
  });

  it('gives ratios as numbers, null over 0', () => {
    expect(ratioOf(toPico('6.98'), toPico('0.02'))).toBe(349);
    expect(ratioOf(1n, 0n)).toBeNull();
  });
});

describe('quotaOf', () => {
  it('reports no run-out when the rate stays within the allowance this period', () => {
    const q = quotaOf({ id: 'p', name: 'P', monthlyTokenAllowance: 1000 }, 100, new Date('2026-03-16T12:00:00Z'), 'UTC');
    expect([q.projectedRunOut, q.projectedUse, q.thresholdsCrossed, q.percent]).toEqual([null, 200, [], 10]);
  });
});
