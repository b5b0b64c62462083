// The ROI figures of a range on PostgreSQL (UsageStore.roiUsage): whole local days from the ROI rollup where it is
// current (a closed day rolled whole and not dirty; today's partial, plus what its sessions changed after it), every
// other span from raw usage and session facts by roiByDay, the query the rollup (roi-daily-rollup.ts) is written with.
// Every part is exact, so the answer equals the raw one over the whole range.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { formatMoney, toPico } from '../../../domain/billing/money.ts';
import type { CostedTokens, RoiUsage } from '../../../domain/billing/usage-store.ts';
import type { TimeRange } from '../../../domain/events/event-store.ts';
import { dayBounds, daysBetween, localDay } from '../../../domain/local-day.ts';
import { priceAtUsage, pricedCost } from './usage-pricing.ts';
import { aiResolvedSql, transferredSql } from '../sessions/session-outcome.ts';
import type { Database } from '../schema.ts';

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

type Figures = Omit<RoiDayRow, 'day'>;

/** The ROI figures of [from, to) for the tenant, by currency; the rollup is read where it is in `zone`, the tenant's. */
export async function readRoi(db: Kysely<Database>, tenantId: string, range: TimeRange, zone: string): Promise<RoiUsage> {
  if (range.to <= range.from) return sumRoi([]);
  const days = daysBetween(localDay(range.from, zone), localDay(new Date(range.to.getTime() - 1), zone)).map((day) => ({
    day,
    ...dayBounds(day, zone),
  }));
  const whole = days.filter((d) => d.start >= range.from && d.end <= range.to);
  const rolled = whole.length === 0 ? [] : await rolledSums(db, tenantId, zone, whole[0]!.day, whole.at(-1)!.day);

  // The rolled days: whole ones, and partial ones (today) read on from their watermark with what changed since.
  const wholeDays = new Set(rolled.flatMap((r) => r.whole_days ?? []));
  const partialDays = new Map(rolled.flatMap((r) => r.partial_days ?? []).map((p) => [p.day, { ...p, through: new Date(p.through) }]));
  const spans: TimeRange[] = [];
  const changed: Promise<Figures[]>[] = [];
  for (const d of days) {
    if (wholeDays.has(d.day)) continue;
    const partial = partialDays.get(d.day);
    if (partial) {
      const window = { from: d.start, to: partial.through };
      changed.push(
        roiOfChangedSessions(tenantId, d.day, window, partial.snapshot)
          .execute(db)
          .then((r) => r.rows),
      );
    }
    // Compared by instant: Math.max/min would turn the Dates into numbers.
    const from = partial?.through ?? (d.start.getTime() < range.from.getTime() ? range.from : d.start);
    const to = d.end.getTime() > range.to.getTime() ? range.to : d.end;
    if (from >= to) continue;
    const last = spans.at(-1);
    if (last && last.to.getTime() === from.getTime()) spans[spans.length - 1] = { from: last.from, to };
    else spans.push({ from, to });
  }
  const [raw, ...corrections] = await Promise.all([
    spans.length === 0
      ? []
      : roiByDay(tenantId, zone, spans)
          .execute(db)
          .then((r) => r.rows),
    ...changed,
  ]);
  return sumRoi([...rolled, ...raw, ...corrections.flat()]);
}

/**
 * The figures of the rolled days in [first, last] that are current (in the tenant's zone, and not dirty), summed per
 * currency; the '' row also lists those days: whole ones, and partial ones with their watermark and snapshot.
 */
async function rolledSums(db: Kysely<Database>, tenantId: string, zone: string, first: string, last: string) {
  const { rows } = await sql<Figures & { whole_days: string[] | null; partial_days: { day: string; through: string; snapshot: string }[] | null }>`
    SELECT nullif(r.currency, '') AS currency, ${summedFigures},
      array_agg(r.day::text) FILTER (WHERE r.currency = '' AND r.through IS NULL) AS whole_days,
      json_agg(json_build_object('day', r.day, 'through', r.through, 'snapshot', r.snapshot))
        FILTER (WHERE r.currency = '' AND r.through IS NOT NULL) AS partial_days
    FROM analytics_roi_daily r
    WHERE r.tenant_id = ${tenantId} AND r.time_zone = ${zone} AND r.day >= ${first}::date AND r.day <= ${last}::date
      AND NOT EXISTS (SELECT 1 FROM analytics_roi_dirty_days d WHERE d.tenant_id = r.tenant_id AND d.day = r.day)
    GROUP BY r.currency
  `.execute(db);
  return rows;
}

/**
 * `instant` in one of the spans, each bound a parameter of its own: the planner sees the sizes of the spans and
 * walks the indexes for a day, where bounds from an array would be planned as a third of the table.
 */
const inSpans = (instant: RawBuilder<unknown>, spans: readonly TimeRange[]) =>
  sql.join(
    spans.map((s) => sql`(${instant} >= ${s.from} AND ${instant} < ${s.to})`),
    sql` OR `,
  );

/** The RoiDayRow figures of `parts` (rows of the same columns), summed over each group. */
const summedFigures = sql`
  sum(ai_resolved_sessions)::bigint AS ai_resolved_sessions, sum(ai_usages)::bigint AS ai_usages,
  sum(ai_input_tokens)::bigint AS ai_input_tokens, sum(ai_output_tokens)::bigint AS ai_output_tokens,
  sum(ai_cost)::text AS ai_cost,
  sum(handed_usages)::bigint AS handed_usages, sum(handed_input_tokens)::bigint AS handed_input_tokens,
  sum(handed_output_tokens)::bigint AS handed_output_tokens, sum(handed_cost)::text AS handed_cost`;

/**
 * Over the disjoint `spans`, by local day (in `zone`) and currency:
 * - AI-resolved: sessions ENDED in the spans with outcome ai (docs/metrics.md: never transferred, at least one
 *   message.ai), counted on their end day, with all their usage whenever it occurred, on the same day;
 * - handed-off: usage OCCURRING in the spans on sessions that were ever transferred, on the usage's day.
 * Each usage is priced at the price valid at its occurred_at.
 */
export function roiByDay(tenantId: string, zone: string, spans: readonly TimeRange[]): RawBuilder<RoiDayRow> {
  return sql<RoiDayRow>`
    WITH resolved AS (
      SELECT s.session_id, (s.ended_at AT TIME ZONE ${zone})::date AS day
      FROM analytics_sessions s
      WHERE s.tenant_id = ${tenantId} AND (${inSpans(sql`s.ended_at`, spans)}) AND ${aiResolvedSql('s')}
    ),
    parts AS (
      SELECT day, NULL::text AS currency, count(*) AS ai_resolved_sessions,
        0 AS ai_usages, 0 AS ai_input_tokens, 0 AS ai_output_tokens, NULL::numeric AS ai_cost,
        0 AS handed_usages, 0 AS handed_input_tokens, 0 AS handed_output_tokens, NULL::numeric AS handed_cost
      FROM resolved GROUP BY day
      UNION ALL
      SELECT r.day, p.currency, 0, count(*), sum(u.input_tokens), sum(u.output_tokens), ${pricedCost()}, 0, 0, 0, NULL
      FROM resolved r JOIN analytics_token_usage u ON u.tenant_id = ${tenantId} AND u.session_id = r.session_id
      ${priceAtUsage}
      GROUP BY r.day, p.currency
      UNION ALL
      SELECT (u.occurred_at AT TIME ZONE ${zone})::date, p.currency, 0, 0, 0, 0, NULL,
        count(*), sum(u.input_tokens), sum(u.output_tokens), ${pricedCost()}
      FROM analytics_token_usage u
      JOIN analytics_sessions s ON s.tenant_id = u.tenant_id AND s.session_id = u.session_id
      ${priceAtUsage}
      WHERE u.tenant_id = ${tenantId} AND (${inSpans(sql`u.occurred_at`, spans)}) AND ${transferredSql('s')}
      GROUP BY 1, p.currency
    )
    SELECT day::text AS day, currency, ${summedFigures}
    FROM parts
    GROUP BY day, currency`;
}

/**
 * The change of the ROI figures of `window` (a rolled day from its start to the rollup's `through`) since `snapshot`:
 * per currency, each changed session's handed-off usage in the window and AI-resolved session and usage (ended in
 * the window), weighted +1 where it counts now and not then, -1 where it counted then and not now. The state a
 * session had then is the one before its first change the snapshot did not see (the log is in change order, and a
 * session's changes are serialized by its row lock, so every later one is unseen too). Now is the session row, by
 * the session-outcome.ts fragments; then is the log's copy of that row's state (`transferred`; `ai`: had a message.ai;
 * `ended_at`), written by the trigger of migrations/2026_11_25_05_01_*.
 */
function roiOfChangedSessions(tenantId: string, day: string, window: TimeRange, snapshot: string): RawBuilder<RoiDayRow> {
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
        ${transferredSql('s')}::int - (ch.existed AND ch.transferred)::int AS handed,
        coalesce(${aiResolvedSql('s')} AND s.ended_at >= ${from} AND s.ended_at < ${to}, false)::int
          - coalesce(ch.existed AND NOT ch.transferred AND ch.ai AND ch.ended_at >= ${from} AND ch.ended_at < ${to}, false)::int AS ai
      FROM changed ch JOIN analytics_sessions s ON s.tenant_id = ${tenantId} AND s.session_id = ch.session_id
    ),
    parts AS (
      SELECT NULL::text AS currency, sum(ai) AS ai_resolved_sessions,
        0 AS ai_usages, 0 AS ai_input_tokens, 0 AS ai_output_tokens, NULL::numeric AS ai_cost,
        0 AS handed_usages, 0 AS handed_input_tokens, 0 AS handed_output_tokens, NULL::numeric AS handed_cost
      FROM weights
      UNION ALL
      SELECT p.currency, 0, sum(w.ai), sum(w.ai * u.input_tokens), sum(w.ai * u.output_tokens), ${pricedCost(sql`w.ai`)}, 0, 0, 0, NULL
      FROM weights w JOIN analytics_token_usage u ON u.tenant_id = ${tenantId} AND u.session_id = w.session_id
      ${priceAtUsage}
      WHERE w.ai <> 0
      GROUP BY p.currency
      UNION ALL
      SELECT p.currency, 0, 0, 0, 0, NULL,
        sum(w.handed), sum(w.handed * u.input_tokens), sum(w.handed * u.output_tokens), ${pricedCost(sql`w.handed`)}
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

/** Sums figure rows into the port's answer: one entry per currency (null: unpriced) with usage behind it. */
function sumRoi(rows: readonly Figures[]): RoiUsage {
  const ai = new CurrencySums();
  const handed = new CurrencySums();
  let sessions = 0;
  for (const r of rows) {
    sessions += Number(r.ai_resolved_sessions ?? 0);
    ai.add(r.currency, r.ai_usages, r.ai_input_tokens, r.ai_output_tokens, r.ai_cost);
    handed.add(r.currency, r.handed_usages, r.handed_input_tokens, r.handed_output_tokens, r.handed_cost);
  }
  return { aiResolved: { sessions, usage: ai.list() }, handedOff: handed.list() };
}

/** Usage counts, tokens and exact cost per currency; parts may be negative (a correction), the sums never are. */
class CurrencySums {
  readonly #by = new Map<string | null, { usages: number; input: number; output: number; cost: bigint }>();

  add(currency: string | null, usages: number | null, input: number | null, output: number | null, cost: string | null): void {
    const s = this.#by.get(currency) ?? { usages: 0, input: 0, output: 0, cost: 0n };
    this.#by.set(currency, {
      usages: s.usages + Number(usages ?? 0),
      input: s.input + Number(input ?? 0),
      output: s.output + Number(output ?? 0),
      cost: s.cost + (cost === null ? 0n : toPico(cost)),
    });
  }

  list(): CostedTokens[] {
    return [...this.#by]
      .filter(([, s]) => s.usages > 0)
      .map(([currency, s]) => ({ inputTokens: s.input, outputTokens: s.output, currency, cost: currency === null ? null : formatMoney(s.cost, 12) }));
  }
}
