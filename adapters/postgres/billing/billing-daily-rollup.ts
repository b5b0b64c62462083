// The billing rollup: analytics_billing_daily holds, per tenant, local day (tenant zone), model or bot and currency,
// the tokens and exact cost of analytics_token_usage priced at the price valid at each usage. Writers recompute the
// (day, subject) cells they touched from the usage rows, under a per-tenant lock, so the rollup always equals the raw sum.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { TimeRange } from '../../../domain/events/event-store.ts';
import { dayBounds, localDay } from '../../../domain/local-day.ts';
import type { PriceSubjectKind } from '../../../domain/billing/models.ts';
import type { Database } from '../schema.ts';
import { priceAtUsage, pricedCost } from './usage-pricing.ts';

type Db = Kysely<Database> | Transaction<Database>;

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

/**
 * Adds freshly inserted usage rows (`keys`, none of them on record before this transaction) to their cells. Their
 * cells' sums grow by exactly these rows' (numeric: exact), so this equals `refreshCells` of those cells without
 * re-reading each cell's whole day of usage, which made every usage write cost as much as the day already held.
 */
export async function addToCells(trx: Transaction<Database>, tenantId: string, zone: string, keys: readonly string[]): Promise<void> {
  await sql`
    INSERT INTO analytics_billing_daily AS d (tenant_id, day, model_or_bot, input_tokens, output_tokens, cost, currency)
    SELECT ${tenantId}, u.day, u.subject_kind || ':' || u.subject_name,
      sum(u.input_tokens), sum(u.output_tokens), ${pricedCost()}, p.currency
    FROM (
      SELECT *, (occurred_at AT TIME ZONE ${zone})::date AS day FROM analytics_token_usage
      WHERE tenant_id = ${tenantId} AND usage_key = ANY(${keys}::text[])
    ) u
    ${priceAtUsage}
    GROUP BY u.day, u.subject_kind, u.subject_name, p.currency
    ON CONFLICT (tenant_id, day, model_or_bot, currency) DO UPDATE SET
      input_tokens = d.input_tokens + excluded.input_tokens,
      output_tokens = d.output_tokens + excluded.output_tokens,
      cost = d.cost + excluded.cost
  `.execute(trx);
}

/** The local days [first, last] a range covers when it is exactly whole days in `zone`, else null. */
export function wholeDays(range: TimeRange, zone: string): { first: string; last: string } | null {
  if (range.to <= range.from) return null;
  const first = localDay(range.from, zone);
  const last = localDay(new Date(range.to.getTime() - 1), zone);
  const exact = dayBounds(first, zone).start.getTime() === range.from.getTime() && dayBounds(last, zone).end.getTime() === range.to.getTime();
  return exact ? { first, last } : null;
}
