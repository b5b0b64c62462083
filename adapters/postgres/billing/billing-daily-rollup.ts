// The billing rollup: analytics_billing_daily holds, per tenant, local day (tenant zone), model or bot and currency,
// the tokens and exact cost of analytics_token_usage priced at the price valid at each usage. Writers recompute the
// (day, subject) cells they touched from the usage rows, under a per-tenant lock, so the rollup always equals the raw sum.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { TimeRange } from '../../../domain/events/event-store.ts';
import { dayBounds, localDay } from '../../../domain/local-day.ts';
import type { PriceSubjectKind } from '../../../domain/billing/models.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

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

/** A rollup cell: one local day of one model or bot. */
export interface BillingCell {
  readonly day: string;
  readonly kind: PriceSubjectKind;
  readonly name: string;
}

/** 'model:gpt-4o' / 'bot:7342…' — the rollup's model_or_bot. */
export const subjectKey = (kind: string, name: string) => `${kind}:${name}`;

export function parseSubjectKey(key: string): { kind: PriceSubjectKind; name: string } {
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as PriceSubjectKind, name: key.slice(at + 1) };
}

/** The tenant's zone (the rollup's days are local to it); UTC for a tenant without a record. */
export async function tenantZone(db: Db, tenantId: string): Promise<string> {
  const row = await db.selectFrom('analytics_tenants').select('time_zone').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}

/** The zone the tenant's rollup rows are in, or null when it has none yet. */
export async function rollupZone(db: Db, tenantId: string): Promise<string | null> {
  const row = await db.selectFrom('analytics_billing_rollup_zone').select('time_zone').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.time_zone ?? null;
}

/**
 * Starts a rollup write: serializes the tenant's rollup writers until the transaction ends, and makes sure the rollup
 * is bucketed in the tenant's current zone (rebuilding every day of it when the zone changed). Returns that zone.
 */
export async function openRollup(trx: Transaction<Database>, tenantId: string): Promise<string> {
  await lockBillingWriters(trx, tenantId);
  const [zone, current] = [await tenantZone(trx, tenantId), await rollupZone(trx, tenantId)];
  if (current === zone) return zone;
  if (current !== null) {
    await trx.deleteFrom('analytics_billing_daily').where('tenant_id', '=', tenantId).execute();
    const { rows } = await sql<{ day: string; kind: PriceSubjectKind; name: string }>`
      SELECT DISTINCT (occurred_at AT TIME ZONE ${zone})::date::text AS day, subject_kind AS kind, subject_name AS name
      FROM analytics_token_usage WHERE tenant_id = ${tenantId}
    `.execute(trx);
    await refreshCells(trx, tenantId, zone, rows);
  }
  await trx
    .insertInto('analytics_billing_rollup_zone')
    .values({ tenant_id: tenantId, time_zone: zone })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ time_zone: zone }))
    .execute();
  return zone;
}

/** Waits for the tenant's billing writers (usage, prices) in flight, and keeps new ones out until `trx` ends. */
export async function lockBillingWriters(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`analytics_billing_daily:${tenantId}`}))`.execute(trx);
}

/** Recomputes the given cells from the usage rows (inside a transaction, after `openRollup`). */
export async function refreshCells(trx: Transaction<Database>, tenantId: string, zone: string, cells: readonly BillingCell[]): Promise<void> {
  const byDay = new Map<string, Set<string>>();
  for (const c of cells) {
    let keys = byDay.get(c.day);
    if (!keys) byDay.set(c.day, (keys = new Set()));
    keys.add(subjectKey(c.kind, c.name));
  }
  for (const [day, keySet] of byDay) {
    const keys = [...keySet];
    const { start, end } = dayBounds(day, zone);
    await trx
      .deleteFrom('analytics_billing_daily')
      .where('tenant_id', '=', tenantId)
      .where('day', '=', day)
      .where('model_or_bot', 'in', keys)
      .execute();
    await sql`
      INSERT INTO analytics_billing_daily (tenant_id, day, model_or_bot, input_tokens, output_tokens, cost, currency)
      SELECT ${tenantId}, ${day}::date, u.subject_kind || ':' || u.subject_name,
        sum(u.input_tokens), sum(u.output_tokens), ${pricedCost()}, p.currency
      FROM analytics_token_usage u
      ${priceAtUsage}
      WHERE u.tenant_id = ${tenantId} AND u.occurred_at >= ${start} AND u.occurred_at < ${end}
        AND u.subject_kind || ':' || u.subject_name = ANY(${keys}::text[])
      GROUP BY u.subject_kind, u.subject_name, p.currency
    `.execute(trx);
  }
}

/** The local days [first, last] a range covers when it is exactly whole days in `zone`, else null. */
export function wholeDays(range: TimeRange, zone: string): { first: string; last: string } | null {
  if (range.to <= range.from) return null;
  const first = localDay(range.from, zone);
  const last = localDay(new Date(range.to.getTime() - 1), zone);
  const exact = dayBounds(first, zone).start.getTime() === range.from.getTime() && dayBounds(last, zone).end.getTime() === range.to.getTime();
  return exact ? { first, last } : null;
}
