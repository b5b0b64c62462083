// A usage's price in SQL: the price valid at its instant (priceAtUsage, joined as `p`) and the exact cost it comes to
// (pricedCost), for every read and rollup that prices usage: billing.usage, the billing rollup and ROI.
import { sql, type RawBuilder } from 'kysely';

/**
 * The price valid at u.occurred_at for u's model or bot, as `p` (no row: the usage is unpriced). Prices become periods
 * [effective_from, next effective_from), so a usage matches at most one, by a hash join rather than a look-up per row.
 */
export const priceAtUsage = sql`
  LEFT JOIN (
    SELECT tenant_id, subject_kind, subject_name, currency, input_per_million, output_per_million,
      effective_from AS valid_from,
      coalesce(lead(effective_from) OVER (PARTITION BY tenant_id, subject_kind, subject_name ORDER BY effective_from),
        'infinity'::timestamptz) AS valid_to
    FROM analytics_prices
  ) p ON p.tenant_id = u.tenant_id AND p.subject_kind = u.subject_kind AND p.subject_name = u.subject_name
    AND u.occurred_at >= p.valid_from AND u.occurred_at < p.valid_to`;

/**
 * The exact cost of the grouped usages u priced by p (see priceAtUsage), each counted `weight` times; null when
 * unpriced. Prices are per million tokens; numeric never rounds a product.
 */
export const pricedCost = (weight: RawBuilder<unknown> = sql`1`) => sql`CASE WHEN p.currency IS NULL THEN NULL
  ELSE sum(${weight} * (u.input_tokens * p.input_per_million + u.output_tokens * p.output_per_million)) * 0.000001 END`;
