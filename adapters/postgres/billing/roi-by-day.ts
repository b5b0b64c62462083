// The ROI figures of some spans of time, from raw usage and session facts, by local day and currency: what the
// analytics_roi_daily rollup stores for a closed day, and what a read computes for the days it cannot take from it.
import { sql, type RawBuilder } from 'kysely';
import type { TimeRange } from '../../../domain/events/event-store.ts';
import { priceAtUsage } from './billing-daily-rollup.ts';

/** One (local day, currency) of ROI figures; currency null: unpriced tokens (costs null). Costs are exact numerics. */
export interface RoiDayRow {
  day: string;
  currency: string | null;
  ai_resolved_sessions: number;
  ai_usages: number;
  ai_input_tokens: number;
  ai_output_tokens: number;
  ai_cost: string | null;
  handed_usages: number;
  handed_input_tokens: number;
  handed_output_tokens: number;
  handed_cost: string | null;
}

/**
 * `instant` in one of the spans, each bound a parameter of its own: the planner sees the sizes of the spans and
 * walks the indexes for a day, where bounds from an array would be planned as a third of the table.
 */
const inSpans = (instant: RawBuilder<unknown>, spans: readonly TimeRange[]) =>
  sql.join(spans.map((s) => sql`(${instant} >= ${s.from} AND ${instant} < ${s.to})`), sql` OR `);

/**
 * Exact cost of the grouped usages u priced by p, each counted `weight` times (null when unpriced); numeric never
 * rounds a product.
 */
export const weightedCost = (weight: RawBuilder<unknown> = sql`1`) => sql`CASE WHEN p.currency IS NULL THEN NULL
  ELSE sum(${weight} * (u.input_tokens * p.input_per_million + u.output_tokens * p.output_per_million)) * 0.000001 END`;
const cost = weightedCost();

/** The RoiDayRow figures of `parts` (rows of the same columns), summed over each group. */
export const summedFigures = sql`
  sum(ai_resolved_sessions)::bigint AS ai_resolved_sessions, sum(ai_usages)::bigint AS ai_usages,
  sum(ai_input_tokens)::bigint AS ai_input_tokens, sum(ai_output_tokens)::bigint AS ai_output_tokens,
  sum(ai_cost)::text AS ai_cost,
  sum(handed_usages)::bigint AS handed_usages, sum(handed_input_tokens)::bigint AS handed_input_tokens,
  sum(handed_output_tokens)::bigint AS handed_output_tokens, sum(handed_cost)::text AS handed_cost`;

/**
 * Over the disjoint `spans`, by local day (in `zone`) and currency:
 * - AI-resolved: sessions ENDED in the spans with outcome ai (CONTRACT.md: never transferred, at least one
 *   message.ai), counted on their end day, with all their usage whenever it occurred, on the same day;
 * - handed-off: usage OCCURRING in the spans on sessions that were ever transferred, on the usage's day.
 * Each usage is priced at the price valid at its occurred_at.
 */
export function roiByDay(tenantId: string, zone: string, spans: readonly TimeRange[]): RawBuilder<RoiDayRow> {
  return sql<RoiDayRow>`
    WITH resolved AS (
      SELECT s.session_id, (s.ended_at AT TIME ZONE ${zone})::date AS day
      FROM analytics_sessions s
      WHERE s.tenant_id = ${tenantId} AND (${inSpans(sql`s.ended_at`, spans)})
        AND s.first_transfer_at IS NULL AND s.ai_messages > 0
    ),
    parts AS (
      SELECT day, NULL::text AS currency, count(*) AS ai_resolved_sessions,
        0 AS ai_usages, 0 AS ai_input_tokens, 0 AS ai_output_tokens, NULL::numeric AS ai_cost,
        0 AS handed_usages, 0 AS handed_input_tokens, 0 AS handed_output_tokens, NULL::numeric AS handed_cost
      FROM resolved GROUP BY day
      UNION ALL
      SELECT r.day, p.currency, 0, count(*), sum(u.input_tokens), sum(u.output_tokens), ${cost}, 0, 0, 0, NULL
      FROM resolved r JOIN analytics_token_usage u ON u.tenant_id = ${tenantId} AND u.session_id = r.session_id
      ${priceAtUsage}
      GROUP BY r.day, p.currency
      UNION ALL
      SELECT (u.occurred_at AT TIME ZONE ${zone})::date, p.currency, 0, 0, 0, 0, NULL,
        count(*), sum(u.input_tokens), sum(u.output_tokens), ${cost}
      FROM analytics_token_usage u
      JOIN analytics_sessions s ON s.tenant_id = u.tenant_id AND s.session_id = u.session_id
      ${priceAtUsage}
      WHERE u.tenant_id = ${tenantId} AND (${inSpans(sql`u.occurred_at`, spans)}) AND s.first_transfer_at IS NOT NULL
      GROUP BY 1, p.currency
    )
    SELECT day::text AS day, currency, ${summedFigures}
    FROM parts
    GROUP BY day, currency`;
}
