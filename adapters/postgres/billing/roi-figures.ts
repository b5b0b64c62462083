// The ROI figures of a range on PostgreSQL: whole local days from the ROI rollup where it is current (a closed day
// rolled whole and not dirty; today's partial, plus what changed after it), everything else from raw usage over
// those parts only. Every part is exact, so the answer equals the raw one over the whole range.
import { sql, type Kysely } from 'kysely';
import { formatMoney, toPico } from '../../../domain/billing/money.ts';
import type { CostedTokens, RoiUsage } from '../../../domain/billing/usage-store.ts';
import type { TimeRange } from '../../../domain/events/event-store.ts';
import { dayBounds, daysBetween, localDay } from '../../../domain/local-day.ts';
import { roiByDay, summedFigures, type RoiDayRow } from './roi-by-day.ts';
import { roiOfChangedSessions } from './roi-session-changes.ts';
import type { Database } from '../schema.ts';

type Figures = Omit<RoiDayRow, 'day'>;

/** The ROI figures of [from, to) for the tenant, by currency; the rollup is read where it is in `zone`, the tenant's. */
export async function readRoi(db: Kysely<Database>, tenantId: string, range: TimeRange, zone: string): Promise<RoiUsage> {
  if (range.to <= range.from) return sumRoi([]);
  const days = daysBetween(localDay(range.from, zone), localDay(new Date(range.to.getTime() - 1), zone)).map((day) => ({ day, ...dayBounds(day, zone) }));
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
      changed.push(roiOfChangedSessions(tenantId, d.day, window, partial.snapshot).execute(db).then((r) => r.rows));
    }
    const from = partial?.through ?? (d.start < range.from ? range.from : d.start);
    const to = d.end > range.to ? range.to : d.end;
    if (from >= to) continue;
    const last = spans.at(-1);
    if (last && last.to.getTime() === from.getTime()) spans[spans.length - 1] = { from: last.from, to };
    else spans.push({ from, to });
  }
  const [raw, ...corrections] = await Promise.all([
    spans.length === 0 ? [] : roiByDay(tenantId, zone, spans).execute(db).then((r) => r.rows),
    ...changed,
  ]);
  return sumRoi([...rolled, ...raw, ...corrections.flat()]);
}

/**
 * The figures of the rolled days in [first, last] that are current (in the tenant's zone, and not dirty), summed per
 * currency; the '' row also lists those days: whole ones, and partial ones with their watermark and snapshot.
 */
async function rolledSums(db: Kysely<Database>, tenantId: string, zone: string, first: string, last: string) {
  const { rows } = await sql<
    Figures & { whole_days: string[] | null; partial_days: { day: string; through: string; snapshot: string }[] | null }
  >`
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
