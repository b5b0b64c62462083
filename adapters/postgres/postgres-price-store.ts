// PostgresPriceStore: prices per model or bot in analytics_prices (numeric, exact), keyed by effectiveFrom.
import type { Kysely } from 'kysely';
import type { Price } from '../../domain/billing/models.ts';
import type { PriceStore } from '../../domain/billing/price-store.ts';
import type { Database } from './schema.ts';

export class PostgresPriceStore implements PriceStore {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async setPrice(tenantId: string, price: Price): Promise<void> {
    const values = {
      input_per_million: price.inputPerMillion,
      output_per_million: price.outputPerMillion,
      currency: price.currency,
    };
    await this.#db
      .insertInto('analytics_prices')
      .values({ tenant_id: tenantId, subject_kind: price.kind, subject_name: price.name, effective_from: new Date(price.effectiveFrom), ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'subject_kind', 'subject_name', 'effective_from']).doUpdateSet(values))
      .execute();
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
