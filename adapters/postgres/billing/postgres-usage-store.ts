// PostgresUsageStore: token usages in analytics_token_usage, priced at read time by a join with the price
// valid at each usage's occurred_at (exact numeric arithmetic). Whole days in the tenant's zone are read from the
// analytics_billing_daily rollup, which every write keeps equal to the raw sum; other ranges are summed raw. ROI reads
// rolled days from analytics_roi_daily (roi-usage.ts); every write marks dirty the ROI days it moves.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { TimeRange } from '../../../domain/events/event-store.ts';
import type { TokenUsage } from '../../../domain/billing/token-usage.ts';
import type { CostedTokens, RecordUsageResult, RoiUsage, StoredUsageRow, UsageStore } from '../../../domain/billing/usage-store.ts';
import { localDay } from '../../../domain/local-day.ts';
import { addToCells, openRollup, parseSubjectKey, refreshCells, rollupZone, wholeDays, type BillingCell } from './billing-daily-rollup.ts';
import { toStoreError } from '../db/pg-errors.ts';
import { priceAtUsage, pricedCost } from './usage-pricing.ts';
import { markUsageDays } from './roi-daily-rollup.ts';
import { readRoi } from './roi-usage.ts';
import type { Database } from '../schema.ts';

/** A CostedTokens row as SQL gives it (see costedColumns). */
export interface CostedRow {
  input_tokens: number;
  output_tokens: number;
  currency: string | null;
  cost: string | null;
}

/** Token sums and the exact cost (12 decimals; multiplication only, so numeric never rounds). */
export const costedColumns = sql`
  sum(u.input_tokens)::bigint AS input_tokens,
  sum(u.output_tokens)::bigint AS output_tokens,
  p.currency,
  (${pricedCost()})::numeric(38, 12)::text AS cost`;

export const toCosted = (r: CostedRow): CostedTokens => ({
  inputTokens: Number(r.input_tokens),
  outputTokens: Number(r.output_tokens),
  currency: r.currency,
  cost: r.cost,
});

export class PostgresUsageStore implements UsageStore {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async record(usages: readonly TokenUsage[]): Promise<RecordUsageResult> {
    // One row per key per statement (ON CONFLICT cannot touch a row twice): the latest occurrence wins, as in order.
    const byTenant = new Map<string, Map<string, TokenUsage>>();
    for (const u of usages) {
      let latest = byTenant.get(u.tenantId);
      if (!latest) byTenant.set(u.tenantId, (latest = new Map()));
      const before = latest.get(u.usageKey);
      if (!before || u.occurredAt >= before.occurredAt) latest.set(u.usageKey, u);
    }
    const inserted: string[] = [];
    const replaced: string[] = [];
    try {
      for (const [tenantId, latest] of byTenant) {
        const result = await this.#db.transaction().execute((trx) => recordTenant(trx, tenantId, [...latest.values()]));
        inserted.push(...result.inserted);
        replaced.push(...result.replaced);
      }
    } catch (err) {
      throw toStoreError(err, 'recording token usage');
    }
    return { inserted, replaced };
  }

  async usageRows(tenantId: string, range: TimeRange, zone: string): Promise<StoredUsageRow[]> {
    const days = wholeDays(range, zone);
    if (days && zone === (await rollupZone(this.#db, tenantId))) {
      const rows = await this.#db
        .selectFrom('analytics_billing_daily')
        .select([
          'model_or_bot',
          'input_tokens',
          'output_tokens',
          'currency',
          sql<string>`day::text`.as('day'),
          sql<string | null>`cost::text`.as('cost'),
        ])
        .where('tenant_id', '=', tenantId)
        .where('day', '>=', days.first)
        .where('day', '<=', days.last)
        .execute();
      return rows.map((r) => ({ day: r.day, ...parseSubjectKey(r.model_or_bot), ...toCosted(r) }));
    }
    const { rows } = await sql<CostedRow & { day: string; kind: 'model' | 'bot'; name: string }>`
      SELECT (u.occurred_at AT TIME ZONE ${zone})::date::text AS day, u.subject_kind AS kind, u.subject_name AS name,
        ${costedColumns}
      FROM analytics_token_usage u ${priceAtUsage}
      WHERE u.tenant_id = ${tenantId} AND u.occurred_at >= ${range.from} AND u.occurred_at < ${range.to}
      GROUP BY 1, 2, 3, p.currency
    `.execute(this.#db);
    return rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name, ...toCosted(r) }));
  }

  async totalTokens(tenantId: string, range: TimeRange): Promise<number> {
    const zone = await rollupZone(this.#db, tenantId);
    const days = zone === null ? null : wholeDays(range, zone);
    if (days) {
      const rolled = await this.#db
        .selectFrom('analytics_billing_daily')
        .select(sql<number>`coalesce(sum(input_tokens + output_tokens), 0)::bigint`.as('tokens'))
        .where('tenant_id', '=', tenantId)
        .where('day', '>=', days.first)
        .where('day', '<=', days.last)
        .executeTakeFirstOrThrow();
      return Number(rolled.tokens);
    }
    const row = await this.#db
      .selectFrom('analytics_token_usage')
      .select(sql<number>`coalesce(sum(input_tokens + output_tokens), 0)::bigint`.as('tokens'))
      .where('tenant_id', '=', tenantId)
      .where('occurred_at', '>=', range.from)
      .where('occurred_at', '<', range.to)
      .executeTakeFirstOrThrow();
    return Number(row.tokens);
  }

  async sessionUsage(tenantId: string, sessionId: string): Promise<CostedTokens[]> {
    const { rows } = await sql<CostedRow>`
      SELECT ${costedColumns}
      FROM analytics_token_usage u ${priceAtUsage}
      WHERE u.tenant_id = ${tenantId} AND u.session_id = ${sessionId}
      GROUP BY p.currency
    `.execute(this.#db);
    return rows.map(toCosted);
  }

  async usageTotals(tenantId: string, range: TimeRange, zone: string): Promise<CostedTokens[]> {
    const days = wholeDays(range, zone);
    if (days && zone === (await rollupZone(this.#db, tenantId))) {
      const { rows } = await sql<CostedRow>`
        SELECT sum(input_tokens)::bigint AS input_tokens, sum(output_tokens)::bigint AS output_tokens, currency,
          sum(cost)::numeric(38, 12)::text AS cost
        FROM analytics_billing_daily
        WHERE tenant_id = ${tenantId} AND day >= ${days.first}::date AND day <= ${days.last}::date
        GROUP BY currency
      `.execute(this.#db);
      return rows.map(toCosted);
    }
    const { rows } = await sql<CostedRow>`
      SELECT ${costedColumns}
      FROM analytics_token_usage u ${priceAtUsage}
      WHERE u.tenant_id = ${tenantId} AND u.occurred_at >= ${range.from} AND u.occurred_at < ${range.to}
      GROUP BY p.currency
    `.execute(this.#db);
    return rows.map(toCosted);
  }

  /** Rolled days from the ROI rollup where it is current, the rest raw (roi-usage.ts). */
  async roiUsage(tenantId: string, range: TimeRange, zone: string): Promise<RoiUsage> {
    return readRoi(this.#db, tenantId, range, zone);
  }
}

/** Upserts one tenant's usages (replace when not older) and refreshes the rollup cells they left and entered. */
async function recordTenant(trx: Transaction<Database>, tenantId: string, usages: TokenUsage[]): Promise<RecordUsageResult> {
  const zone = await openRollup(trx, tenantId);
  const keys = usages.map((u) => u.usageKey);
  // Array parameters (one per column, unnested), not a parameter per value: one short statement to parse and plan
  // whatever the batch size, which the ingest usage sink calls for every chunk of new events.
  const { rows: before } = await sql<{ usage_key: string; occurred_at: Date; session_id: string | null; subject_kind: string; subject_name: string }>`
    SELECT usage_key, occurred_at, session_id, subject_kind, subject_name FROM analytics_token_usage
    WHERE tenant_id = ${tenantId} AND usage_key = ANY(${keys}::text[])`.execute(trx);
  const column = <T>(pick: (u: TokenUsage) => T): T[] => usages.map(pick);
  const { rows } = await sql<{ usage_key: string; inserted: boolean }>`
    INSERT INTO analytics_token_usage AS t
      (tenant_id, usage_key, occurred_at, session_id, subject_kind, subject_name, model, input_tokens, output_tokens, source)
    SELECT ${tenantId}, * FROM unnest(
      ${keys}::text[], ${column((u) => u.occurredAt.toISOString())}::timestamptz[], ${column((u) => u.sessionId)}::text[],
      ${column((u) => u.kind)}::text[], ${column((u) => u.name)}::text[], ${column((u) => u.model)}::text[],
      ${column((u) => u.inputTokens)}::bigint[], ${column((u) => u.outputTokens)}::bigint[], ${column((u) => u.source)}::text[])
    ON CONFLICT (tenant_id, usage_key) DO UPDATE SET
      occurred_at = excluded.occurred_at, session_id = excluded.session_id, subject_kind = excluded.subject_kind,
      subject_name = excluded.subject_name, model = excluded.model, input_tokens = excluded.input_tokens,
      output_tokens = excluded.output_tokens, source = excluded.source, recorded_at = now()
    WHERE t.occurred_at <= excluded.occurred_at
    -- xmax = 0 on a freshly inserted row version; an updated (replaced) one carries the updating transaction.
    RETURNING usage_key, (xmax = 0) AS inserted`.execute(trx);
  const written = new Set(rows.map((r) => r.usage_key));
  const cells: BillingCell[] = [];
  // What the write moved, where it was and where it is: the billing cells, and the ROI days (marked dirty).
  const moved: { occurredAt: Date; sessionId: string | null }[] = [];
  // Only new keys (the usual case): their cells grow by exactly these rows. A replaced usage may move between cells,
  // so those cells are recomputed.
  const onlyNew = before.length === 0;
  for (const u of usages) {
    if (!written.has(u.usageKey)) continue;
    if (!onlyNew) cells.push({ day: localDay(u.occurredAt, zone), kind: u.kind, name: u.name });
    moved.push(u);
  }
  for (const b of before) {
    if (!written.has(b.usage_key)) continue;
    cells.push({ day: localDay(b.occurred_at, zone), kind: b.subject_kind as BillingCell['kind'], name: b.subject_name });
    moved.push({ occurredAt: b.occurred_at, sessionId: b.session_id });
  }
  if (onlyNew) await addToCells(trx, tenantId, zone, keys);
  else await refreshCells(trx, tenantId, zone, cells);
  if (moved.length) await markUsageDays(trx, tenantId, zone, moved);
  return {
    inserted: rows.filter((r) => r.inserted).map((r) => r.usage_key),
    replaced: rows.filter((r) => !r.inserted).map((r) => r.usage_key),
  };
}
