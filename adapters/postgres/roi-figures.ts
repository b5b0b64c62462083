// The ROI figures of a range on PostgreSQL: whole local days from the ROI rollup where it is current (a closed day
// rolled whole and not dirty; today's partial, plus what changed after it), everything else from raw usage over
// those parts only. Every part is exact, so the answer equals the raw one over the whole range.
import { sql, type Kysely } from 'kysely';
import { formatMoney, toPico } from '../../domain/billing/money.ts';
import type { CostedTokens, RoiUsage } from '../../domain/billing/usage-store.ts';
import type { TimeRange } from '../../domain/events/event-store.ts';
import { dayBounds, daysBetween, localDay } from '../../domain/local-day.ts';
import { roiByDay, type RoiDayRow } from './queries/roi-by-day.ts';
import { roiOfChangedSessions } from './queries/roi-session-changes.ts';
import type { Database } from './schema.ts';

type Figures = Omit<RoiDayRow, 'day'>;

/** The ROI figures of [from, to) for the tenant, by currency; the rollup is read where it is in `zone`, the tenant's. */
export async function readRoi(db: Kysely<Database>, tenantId: string, range: TimeRange, zone: string): Promise<RoiUsage> {
  if (range.to <= range.from) return sumRoi([]);
  const days = daysBetween(localDay(range.from, zone), localDay(new Date(range.to.getTime() - 1), zone)).map((day) => ({ day, ...dayBounds(day, zone) }));
  const whole = days.filter((d) => d.start >= range.from && d.end <= range.to);
  const rolled = whole.length === 0 ? [] : await currentRows(db, tenantId, zone, whole[0]!.day, whole.at(-1)!.day);

  // Per rolled day, its '' row says how: whole (through null) or up to `through`.
  const marks = new Map(rolled.filter((r) => r.currency === '').map((r) => [r.day, r]));
  const spans: TimeRange[] = [];
  const changed: Promise<Figures[]>[] = [];
  for (const d of days) {
    const mark = marks.get(d.day);
    if (mark?.through && mark.snapshot) {
      const window = { from: d.start, to: mark.through };
      changed.push(roiOfChangedSessions(tenantId, d.day, window, mark.snapshot).execute(db).then((r) => r.rows));
    }
    if (mark && !mark.through) continue;
    const from = mark?.through ?? (d.start < range.from ? range.from : d.start);
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
  return sumRoi([...rolled.map((r) => ({ ...r, currency: r.currency === '' ? null : r.currency })), ...raw, ...corrections.flat()]);
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
      'r.through',
      'r.snapshot',
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
