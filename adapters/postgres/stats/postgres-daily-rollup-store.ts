// DailyRollupStore on PostgreSQL / PGlite: analytics_daily_stats (counters jsonb per tenant and local day) and
// analytics_daily_stats_running, read only where no dirty mark (analytics_dirty_days, set by the event write for
// late events) says the day moved since. Parsed rollups are kept in memory by version (computed_at): a read sends
// the versions it holds and gets counters back only for days that changed, so a 90-day range costs one small query.
import { sql, type Kysely } from 'kysely';
import type { LocalDay } from '../../../domain/local-day.ts';
import type { Counters, DayCounters } from '../../../domain/stats/counters.ts';
import type { DailyRollupStore } from '../../../domain/stats/daily-rollup-store.ts';
import { databaseNow } from '../db/database-clock.ts';
import type { Database } from '../schema.ts';

interface Cached {
  readonly version: string;
  readonly counters: Readonly<Counters>;
}

const MAX_CACHED = 20_000;

export class PostgresDailyRollupStore implements DailyRollupStore {
  readonly #db: Kysely<Database>;
  readonly #cache = new Map<string, Cached>();

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async get(tenantId: string, days: readonly LocalDay[]): Promise<DayCounters> {
    if (days.length === 0) return {};
    if (this.#cache.size > MAX_CACHED) this.#cache.clear();
    const out: DayCounters = {};
    const lost = await this.#read(tenantId, days, true, out);
    if (lost.length) await this.#read(tenantId, lost, false, out); // dropped from the cache meanwhile: read in full
    return out;
  }

  /** Reads `days` into `out`; answers the days whose counters were held but no longer are. */
  async #read(tenantId: string, days: readonly LocalDay[], useCache: boolean, out: DayCounters): Promise<LocalDay[]> {
    const held = days.map((d) => (useCache ? (this.#cache.get(`${tenantId}|${d}`)?.version ?? null) : null));
    const { rows } = await sql<{ day: string; version: string; counters: Counters | null }>`
      SELECT to_char(k.day, 'YYYY-MM-DD') AS day, r.computed_at::text AS version,
        CASE WHEN r.computed_at::text IS DISTINCT FROM k.held THEN r.counters END AS counters
      FROM unnest(${[...days]}::date[], ${held}::text[]) AS k(day, held)
      JOIN analytics_daily_stats r ON r.tenant_id = ${tenantId} AND r.day = k.day
      WHERE NOT EXISTS (SELECT 1 FROM analytics_dirty_days d WHERE d.tenant_id = r.tenant_id AND d.day = r.day)
    `.execute(this.#db);
    const lost: LocalDay[] = [];
    for (const r of rows) {
      const counters = this.#remember(`${tenantId}|${r.day}`, r.version, r.counters);
      if (counters) out[r.day] = counters as Counters;
      else lost.push(r.day);
    }
    return lost;
  }

  async put(tenantId: string, day: LocalDay, counters: Counters, computedFrom: Date, runningTotals?: readonly Counters[]): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await sql`
        INSERT INTO analytics_daily_stats (tenant_id, day, counters, computed_at)
        VALUES (${tenantId}, ${day}::date, ${JSON.stringify(counters)}::jsonb, clock_timestamp())
        ON CONFLICT (tenant_id, day) DO UPDATE SET counters = excluded.counters, computed_at = excluded.computed_at
      `.execute(tx);
      if (runningTotals) {
        await sql`DELETE FROM analytics_daily_stats_running WHERE tenant_id = ${tenantId} AND day = ${day}::date`.execute(tx);
        if (runningTotals.length) {
          await sql`
            INSERT INTO analytics_daily_stats_running (tenant_id, day, steps, counters)
            SELECT ${tenantId}, ${day}::date, k, c
            FROM unnest(${runningTotals.map((c) => JSON.stringify(c))}::jsonb[]) WITH ORDINALITY AS u(c, k)
          `.execute(tx);
        }
      }
      await sql`
        DELETE FROM analytics_dirty_days WHERE tenant_id = ${tenantId} AND day = ${day}::date AND marked_at <= ${computedFrom}
      `.execute(tx);
    });
  }

  async getRunningTotal(tenantId: string, day: LocalDay, steps: number): Promise<Counters | null> {
    const key = `${tenantId}|${day}|${steps}`;
    const { rows } = await sql<{ version: string; counters: Counters | null }>`
      SELECT r.computed_at::text AS version,
        CASE WHEN r.computed_at::text IS DISTINCT FROM ${this.#cache.get(key)?.version ?? null}::text THEN h.counters END AS counters
      FROM analytics_daily_stats r
      JOIN analytics_daily_stats_running h ON h.tenant_id = r.tenant_id AND h.day = r.day AND h.steps = ${steps}
      WHERE r.tenant_id = ${tenantId} AND r.day = ${day}::date
        AND NOT EXISTS (SELECT 1 FROM analytics_dirty_days d WHERE d.tenant_id = r.tenant_id AND d.day = r.day)
    `.execute(this.#db);
    const row = rows[0];
    if (!row) return null;
    const counters = this.#remember(key, row.version, row.counters);
    if (counters) return counters as Counters;
    this.#cache.delete(key);
    return this.getRunningTotal(tenantId, day, steps);
  }

  /** The database's clock, which dates the dirty marks (`now()` in the event write). */
  async marksNow(): Promise<Date> {
    return databaseNow(this.#db);
  }

  async dirtyDays(tenantId: string): Promise<LocalDay[]> {
    const { rows } = await sql<{ day: string }>`
      SELECT day::text AS day FROM analytics_dirty_days WHERE tenant_id = ${tenantId} ORDER BY day
    `.execute(this.#db);
    return rows.map((r) => r.day);
  }

  /**
   * The counters of `version`: fresh ones when the row sent them, else the ones held. Held objects are shared by
   * every reader, which only read them (not frozen: frozen objects with many keys read several times slower).
   */
  #remember(key: string, version: string, counters: Counters | null): Readonly<Counters> | null {
    if (counters === null) {
      const held = this.#cache.get(key);
      return held && held.version === version ? held.counters : null;
    }
    this.#cache.set(key, { version, counters });
    return counters;
  }
}
