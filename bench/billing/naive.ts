// The ROI baseline: what getRoi read before the ROI rollup: every (day, model) usage row of the range for the total
// cost, and raw usage joined with session facts over the whole range (two queries for AI-resolved usage, one for
// handed-off usage).
import { sql, type Kysely } from 'kysely';
import { priceAtUsage } from '../../adapters/postgres/billing/usage-pricing.ts';
import { costedColumns, PostgresUsageStore, toCosted, type CostedRow } from '../../adapters/postgres/billing/postgres-usage-store.ts';
import type { Database } from '../../adapters/postgres/schema.ts';
import type { CostedTokens, RoiUsage } from '../../domain/billing/usage-store.ts';
import type { TimeRange } from '../../domain/events/event-store.ts';

/** The usage store as it was: every other read as today, ROI from raw usage over the whole range. */
export class NaiveRoiUsageStore extends PostgresUsageStore {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    super(deps);
    this.#db = deps.db;
  }

  /** The total cost as getRoi read it before: every (day, model, currency) row of the range. */
  override async usageTotals(tenantId: string, range: TimeRange, zone: string): Promise<CostedTokens[]> {
    return this.usageRows(tenantId, range, zone);
  }

  override async roiUsage(tenantId: string, range: TimeRange): Promise<RoiUsage> {
    const resolved = sql`
      SELECT s.session_id FROM analytics_sessions s
      WHERE s.tenant_id = ${tenantId} AND s.ended_at >= ${range.from} AND s.ended_at < ${range.to}
        AND s.first_transfer_at IS NULL AND s.ai_messages > 0`;
    const [handed, count, usage] = await Promise.all([
      sql<CostedRow>`
        SELECT ${costedColumns}
        FROM analytics_token_usage u
        JOIN analytics_sessions s ON s.tenant_id = u.tenant_id AND s.session_id = u.session_id
        ${priceAtUsage}
        WHERE u.tenant_id = ${tenantId} AND u.occurred_at >= ${range.from} AND u.occurred_at < ${range.to}
          AND s.first_transfer_at IS NOT NULL
        GROUP BY p.currency
      `.execute(this.#db),
      sql<{ sessions: number }>`SELECT count(*)::bigint AS sessions FROM (${resolved}) r`.execute(this.#db),
      sql<CostedRow>`
        SELECT ${costedColumns}
        FROM analytics_token_usage u ${priceAtUsage}
        WHERE u.tenant_id = ${tenantId} AND u.session_id IN (${resolved})
        GROUP BY p.currency
      `.execute(this.#db),
    ]);
    return {
      aiResolved: { sessions: Number(count.rows[0]?.sessions ?? 0), usage: usage.rows.map(toCosted) },
      handedOff: handed.rows.map(toCosted),
    };
  }
}
