// What the sessions changed after a partial ROI rollup add to it: for each session whose ROI state changed in a
// transaction the rollup's snapshot did not see, its figures in the window as it is now, minus as the rollup saw it.
import { sql, type RawBuilder } from 'kysely';
import type { TimeRange } from '../../../domain/events/event-store.ts';
import { priceAtUsage } from './billing-daily-rollup.ts';
import { summedFigures, weightedCost, type RoiDayRow } from './roi-by-day.ts';

/**
 * The change of the ROI figures of `window` (a rolled day from its start to the rollup's `through`) since `snapshot`:
 * per currency, each changed session's handed-off usage in the window and AI-resolved session and usage (ended in
 * the window), weighted +1 where it counts now and not then, -1 where it counted then and not now. The state a
 * session had then is the one before its first change the snapshot did not see (the log is in change order, and a
 * session's changes are serialized by its row lock, so every later one is unseen too).
 */
export function roiOfChangedSessions(tenantId: string, day: string, window: TimeRange, snapshot: string): RawBuilder<RoiDayRow> {
  const { from, to } = window;
  return sql<RoiDayRow>`
    WITH changed AS (
      SELECT DISTINCT ON (c.session_id) c.session_id, c.existed, c.transferred, c.ended_at, c.ai
      FROM analytics_roi_session_changes c
      WHERE c.tenant_id = ${tenantId} AND c.xact >= pg_snapshot_xmin(${snapshot}::pg_snapshot)
        AND NOT pg_visible_in_snapshot(c.xact, ${snapshot}::pg_snapshot)
      ORDER BY c.session_id, c.seq
    ),
    weights AS (
      SELECT ch.session_id,
        (s.first_transfer_at IS NOT NULL)::int - (ch.existed AND ch.transferred)::int AS handed,
        coalesce(s.first_transfer_at IS NULL AND s.ai_messages > 0 AND s.ended_at >= ${from} AND s.ended_at < ${to}, false)::int
          - coalesce(ch.existed AND NOT ch.transferred AND ch.ai AND ch.ended_at >= ${from} AND ch.ended_at < ${to}, false)::int AS ai
      FROM changed ch JOIN analytics_sessions s ON s.tenant_id = ${tenantId} AND s.session_id = ch.session_id
    ),
    parts AS (
      SELECT NULL::text AS currency, sum(ai) AS ai_resolved_sessions,
        0 AS ai_usages, 0 AS ai_input_tokens, 0 AS ai_output_tokens, NULL::numeric AS ai_cost,
        0 AS handed_usages, 0 AS handed_input_tokens, 0 AS handed_output_tokens, NULL::numeric AS handed_cost
      FROM weights
      UNION ALL
      SELECT p.currency, 0, sum(w.ai), sum(w.ai * u.input_tokens), sum(w.ai * u.output_tokens), ${weightedCost(sql`w.ai`)}, 0, 0, 0, NULL
      FROM weights w JOIN analytics_token_usage u ON u.tenant_id = ${tenantId} AND u.session_id = w.session_id
      ${priceAtUsage}
      WHERE w.ai <> 0
      GROUP BY p.currency
      UNION ALL
      SELECT p.currency, 0, 0, 0, 0, NULL,
        sum(w.handed), sum(w.handed * u.input_tokens), sum(w.handed * u.output_tokens), ${weightedCost(sql`w.handed`)}
      FROM weights w JOIN analytics_token_usage u
        ON u.tenant_id = ${tenantId} AND u.session_id = w.session_id AND u.occurred_at >= ${from} AND u.occurred_at < ${to}
      ${priceAtUsage}
      WHERE w.handed <> 0
      GROUP BY p.currency
    )
    SELECT ${day}::text AS day, currency, ${summedFigures}
    FROM parts
    GROUP BY currency`;
}
