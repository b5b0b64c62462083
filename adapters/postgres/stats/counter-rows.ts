// Shared pieces of the counter queries: the local day of an instant, the histogram rows of a set of observations
// (the SQL twin of `observe` in domain/stats/counters.ts), and rows -> DayCounters.
import { sql, type RawBuilder } from 'kysely';
import type { DayCounters } from '../../../domain/stats/counters.ts';

/** One counter increment row: `day` (YYYY-MM-DD, local), field `key` (as in domain `field`), value `n`. */
export interface CounterRow {
  day: string;
  key: string;
  n: number | string;
}

/** The local day (tenant zone) an instant column falls on, as 'YYYY-MM-DD'. */
export function localDaySql(column: RawBuilder<unknown>, zone: string): RawBuilder<string> {
  return sql<string>`to_char(${column} AT TIME ZONE ${zone}, 'YYYY-MM-DD')`;
}

/** Milliseconds from one instant column to another, never negative, rounded like Math.round. */
export function msBetweenSql(from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`greatest(0, round(extract(epoch FROM (${to} - ${from})) * 1000))::bigint`;
}

/**
 * Histogram rows of an `observations(day, h, v)` CTE: per bucket (3 significant digits, exact below 1000) a count,
 * plus `s.<h>` the sum and `n.<h>` the count, exactly the fields `observe` bumps.
 */
export const histogramRows = sql`
  SELECT day, 'h.' || h || ':' || (
    CASE WHEN v < 1000 THEN v
    ELSE (round(v::numeric / (10 ^ (length(v::text) - 3))::bigint) * (10 ^ (length(v::text) - 3))::bigint)::bigint END
  )::text AS key, count(*) AS n
  FROM observations GROUP BY 1, 2
  UNION ALL SELECT day, 's.' || h, sum(v) FROM observations GROUP BY day, h
  UNION ALL SELECT day, 'n.' || h, count(*) FROM observations GROUP BY day, h
`;

/** Adds rows into day counters (zeros are left out, as `bump` leaves them out). */
export function addRows(into: DayCounters, rows: readonly CounterRow[]): DayCounters {
  for (const r of rows) {
    const n = Number(r.n);
    if (n === 0) continue;
    const c = (into[r.day] ??= {});
    const v = (c[r.key] ?? 0) + n;
    if (v === 0) delete c[r.key];
    else c[r.key] = v;
  }
  return into;
}
