// PostgresPriceStore: prices per model or bot in analytics_prices (numeric, exact), keyed by effectiveFrom; a new
// price re-prices the billing rollup days it applies to (a late price is never ignored: no stale "cost 0"), and
// marks the ROI days it moves dirty.
import { sql, type Kysely } from 'kysely';
import type { Price } from '../../../domain/billing/models.ts';
import type { PriceStore } from '../../../domain/billing/price-store.ts';
import { openRollup, refreshCells } from './billing-daily-rollup.ts';
import { markPricedDays } from './roi-daily-rollup.ts';
import type { Database } from '../schema.ts';

export class PostgresPriceStore implements PriceStore {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  /** Upserts the price and re-prices the rollup days of the subject's usage from its effectiveFrom on (ROI: marks them). */
  async setPrice(tenantId: string, price: Price): Promise<void> {
    const values = {
      input_per_million: price.inputPerMillion,
      output_per_million: price.outputPerMillion,
      currency: price.currency,
    };
    const from = new Date(price.effectiveFrom);
    await this.#db.transaction().execute(async (trx) => {
      const zone = await openRollup(trx, tenantId);
      await trx
        .insertInto('analytics_prices')
        .values({ tenant_id: tenantId, subject_kind: price.kind, subject_name: price.name, effective_from: from, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'subject_kind', 'subject_name', 'effective_from']).doUpdateSet(values))
        .execute();
      const { rows } = await sql<{ day: string }>`
        SELECT DISTINCT (occurred_at AT TIME ZONE ${zone})::date::text AS day FROM analytics_token_usage
        WHERE tenant_id = ${tenantId} AND subject_kind = ${price.kind} AND subject_name = ${price.name} AND occurred_at >= ${from}
      `.execute(trx);
      await refreshCells(
        trx,
        tenantId,
        zone,
        rows.map((r) => ({ day: r.day, kind: price.kind, name: price.name })),
      );
      await markPricedDays(trx, tenantId, zone, price, from);
    });
  }

  async listPrices(tenantId: string): Promise<Price[]> {
    const rows = await this.#db
      .selectFrom('analytics_prices')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('subject_kind')
      .orderBy('subject_name')
      .orderBy('effective_from')
      .execute();
    return rows.map((r) => ({
      kind: r.subject_kind as Price['kind'],
      name: r.subject_name,
      inputPerMillion: trimDecimal(r.input_per_million),
      outputPerMillion: trimDecimal(r.output_per_million),
      currency: r.currency,
      effectiveFrom: r.effective_from.toISOString(),
    }));
  }
}

/** '2.500000' -> '2.5', '3.000000' -> '3' (numeric(18, 6) pads; the value is the same). */
function trimDecimal(v: string): string {
  return v.includes('.') ? v.replace(/\.?0+$/, '') : v;
}
