// The ROI figures of a range on PostgreSQL: whole local days from the ROI rollup where it is current (a closed day
// rolled and not dirty), everything else from raw usage over those parts only (today, partial days, dirty or unrolled
// days). Every part is exact, so the answer equals the raw one over the whole range.
import { sql, type Kysely } from 'kysely';
import { formatMoney, toPico } from '../../domain/billing/money.ts';
import type { CostedTokens, RoiUsage } from '../../domain/billing/usage-store.ts';
import type { TimeRange } from '../../domain/events/event-store.ts';
import { dayBounds, daysBetween, localDay } from '../../domain/local-day.ts';
import { roiByDay, type RoiDayRow } from './queries/roi-by-day.ts';
import type { Database } from './schema.ts';

type Figures = Omit<RoiDayRow, 'day'>;

/** The ROI figures of [from, to) for the tenant, by currency; the rollup is read where it is in `zone`, the tenant's. */
export async function readRoi(db: Kysely<Database>, tenantId: string, range: TimeRange, zone: string): Promise<RoiUsage> {
  if (range.to <= range.from) return sumRoi([]);
  const days = daysBetween(localDay(range.from, zone), localDay(new Date(range.to.getTime() - 1), zone)).map((day) => ({ day, ...dayBounds(day, zone) }));
  const whole = days.filter((d) => d.start >= range.from && d.end <= range.to);
  const rolled = whole.length === 0 ? [] : await currentRows(db, tenantId, zone, whole[0]!.day, whole.at(-1)!.day);

  // A day is rolled when its '' row is there.
  const rolledDays = new Set(rolled.filter((r) => r.currency === '').map((r) => r.day));
  const spans: TimeRange[] = [];
  for (const d of days) {
    if (rolledDays.has(d.day)) continue;
    const from = d.start < range.from ? range.from : d.start;
    const to = d.end > range.to ? range.to : d.end;
    const last = spans.at(-1);
    if (last && last.to.getTime() === from.getTime()) spans[spans.length - 1] = { from: last.from, to };
    else spans.push({ from, to });
  }
  const raw = spans.length === 0 ? [] : (await roiByDay(tenantId, zone, spans).execute(db)).rows;
  return sumRoi([...rolled.map((r) => ({ ...r, currency: r.currency === '' ? null : r.currency })), ...raw]);
}

/** The rows of rolled days in [first, last] that are current: in the tenant's zone, and not dirty. */
async function currentRows(db: Kysely<Database>, tenantId: string, zone: string, first: string, last: string) {
  return db
    .selectFrom('analytics_roi_daily as r')
    .select([
      'r.currency',
      'r.ai_resolved_sessions',
      'r.ai_usages',
      'r.ai_input_tokens',
      'r.ai_output_tokens',
      'r.ai_cost',
      'r.handed_usages',
      'r.handed_input_tokens',
      'r.handed_output_tokens',
      'r.handed_cost',
      sql<string>`r.day::text`.as('day'),
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('r.time_zone', '=', zone)
    .where('r.day', '>=', first)
    .where('r.day', '<=', last)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('analytics_roi_dirty_days as d').select(sql`1`.as('one')).whereRef('d.tenant_id', '=', 'r.tenant_id').whereRef('d.day', '=', 'r.day'))),
    )
    .execute();
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

/** Usage counts, tokens and exact cost per currency. */
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
