// DailyRollupStore on PostgreSQL / PGlite: analytics_daily_stats (counters jsonb per tenant and local day), read only
// where no dirty mark (analytics_dirty_days, set by the event write for late events) says the day moved since.
import { sql, type Kysely } from 'kysely';
import type { LocalDay } from '../../domain/local-day.ts';
import type { Counters, DayCounters } from '../../domain/stats/counters.ts';
import type { DailyRollupStore } from '../../domain/stats/daily-rollup-store.ts';
import type { Database } from './schema.ts';

export class PostgresDailyRollupStore implements DailyRollupStore {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async get(tenantId: string, days: readonly LocalDay[]): Promise<DayCounters> {
    if (days.length === 0) return {};
    const { rows } = await sql<{ day: string; counters: Counters }>`
      SELECT to_char(r.day, 'YYYY-MM-DD') AS day, r.counters
      FROM analytics_daily_stats r
      WHERE r.tenant_id = ${tenantId} AND r.day = ANY(${[...days]}::date[])
        AND NOT EXISTS (SELECT 1 FROM analytics_dirty_days d WHERE d.tenant_id = r.tenant_id AND d.day = r.day)
    `.execute(this.#db);
    return Object.fromEntries(rows.map((r) => [r.day, r.counters]));
  }

  async put(tenantId: string, day: LocalDay, counters: Counters, computedFrom: Date): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await sql`
        INSERT INTO analytics_daily_stats (tenant_id, day, counters, computed_at)
        VALUES (${tenantId}, ${day}::date, ${JSON.stringify(counters)}::jsonb, now())
        ON CONFLICT (tenant_id, day) DO UPDATE SET counters = excluded.counters, computed_at = excluded.computed_at
      `.execute(tx);
      await sql`
        DELETE FROM analytics_dirty_days WHERE tenant_id = ${tenantId} AND day = ${day}::date AND marked_at <= ${computedFrom}
      `.execute(tx);
    });
  }

  async dirtyDays(tenantId: string): Promise<LocalDay[]> {
    const { rows } = await sql<{ day: string }>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day FROM analytics_dirty_days WHERE tenant_id = ${tenantId} ORDER BY day
    `.execute(this.#db);
    return rows.map((r) => r.day);
  }
}
