// The ROI figures of a range on PostgreSQL, by local day in SQL (queries/roi-by-day.ts) and summed here exactly.
import type { Kysely } from 'kysely';
import { formatMoney, toPico } from '../../domain/billing/money.ts';
import type { CostedTokens, RoiUsage } from '../../domain/billing/usage-store.ts';
import type { TimeRange } from '../../domain/events/event-store.ts';
import { roiByDay, type RoiDayRow } from './queries/roi-by-day.ts';
import type { Database } from './schema.ts';

type Figures = Omit<RoiDayRow, 'day'>;

/** The ROI figures of [from, to) for the tenant, by currency, from raw usage and session facts. */
export async function readRoi(db: Kysely<Database>, tenantId: string, range: TimeRange, zone: string): Promise<RoiUsage> {
  if (range.to <= range.from) return sumRoi([]);
  return sumRoi((await roiByDay(tenantId, zone, [range]).execute(db)).rows);
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
