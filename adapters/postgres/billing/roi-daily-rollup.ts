// The ROI rollup (analytics_roi_daily), written by the daily aggregation: whole closed local days, and today up to a
// watermark. Reads (roi-usage.ts) take a whole day only while it is not dirty, and today's partial with what
// changed after it; the rest is computed raw by the same query (roiByDay), so answers equal raw ones.
// A day is dirty (analytics_roi_dirty_days) from any change that moves its figures: a late event (the event write's
// stats marks are copied by a trigger), a usage recorded or replaced, a price set.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { RoiRollup } from '../../../domain/jobs/roi-rollup.ts';
import { addDays, dayBounds, localDay, type LocalDay } from '../../../domain/local-day.ts';
import { lockBillingWriters, tenantZone } from './billing-daily-rollup.ts';
import { databaseNow } from '../db/database-clock.ts';
import { roiByDay } from './roi-usage.ts';
import type { Database } from '../schema.ts';

/**
 * How long a mark or a day's end must lie in the past before a computation counts it seen: an event write marks its
 * days (and reads "today") a moment before it commits, and cannot be waited for like the billing writers can.
 */
export const ROI_SETTLE_MS = 60_000;

/**
 * How far today's partial rollup stays behind now: a usage recorded this late (the tracker's flush, the usage sink's
 * queue) still lands after the watermark, read raw, instead of dirtying the whole of today until the next run.
 */
export const TODAY_LAG_MS = 5 * 60_000;

/**
 * Marks the days whose ROI figures usages move: the day each occurs on (handed-off usage) and the end day of each of
 * their sessions that has ended (AI-resolved usage counts on it). Call inside the billing write, after `openRollup`,
 * with the instants and sessions of the usages before and after the write.
 */
export async function markUsageDays(
  trx: Transaction<Database>,
  tenantId: string,
  zone: string,
  usages: readonly { occurredAt: Date; sessionId: string | null }[],
): Promise<void> {
  const sessions = [...new Set(usages.flatMap((u) => (u.sessionId === null ? [] : [u.sessionId])))];
  await markDays(
    trx,
    tenantId,
    zone,
    sql`
    SELECT t AS at FROM unnest(${usages.map((u) => u.occurredAt.toISOString())}::timestamptz[]) AS t
    UNION ALL
    SELECT s.ended_at FROM analytics_sessions s
    WHERE s.tenant_id = ${tenantId} AND s.session_id = ANY(${sessions}::text[]) AND s.ended_at IS NOT NULL`,
  );
}

/** Marks the days a new price of `subject` re-prices: those of its usage from `from` on, and their sessions' end days. */
export async function markPricedDays(
  trx: Transaction<Database>,
  tenantId: string,
  zone: string,
  subject: { kind: string; name: string },
  from: Date,
): Promise<void> {
  const usage = sql`
    FROM analytics_token_usage u
    WHERE u.tenant_id = ${tenantId} AND u.subject_kind = ${subject.kind} AND u.subject_name = ${subject.name} AND u.occurred_at >= ${from}`;
  await markDays(
    trx,
    tenantId,
    zone,
    sql`
    SELECT u.occurred_at AS at ${usage}
    UNION ALL
    SELECT s.ended_at FROM analytics_sessions s
    WHERE s.tenant_id = ${tenantId} AND s.ended_at IS NOT NULL AND s.session_id IN (SELECT u.session_id ${usage})`,
  );
}

/**
 * Marks the day of each instant `at` of `instants` that is closed (before today, in `zone`), or today's before the
 * watermark of its partial rollup; in key order, dated now. A later instant of today is read raw anyway.
 */
async function markDays(trx: Transaction<Database>, tenantId: string, zone: string, instants: ReturnType<typeof sql>): Promise<void> {
  // clock_timestamp, not now(): under the writers' lock, so the mark is dated after any computation that missed it.
  await sql`
    INSERT INTO analytics_roi_dirty_days (tenant_id, day, marked_at)
    SELECT ${tenantId}, d.day, clock_timestamp()
    FROM (SELECT (i.at AT TIME ZONE ${zone})::date AS day, min(i.at) AS first_at FROM (${instants}) AS i GROUP BY 1) AS d
    WHERE d.day < (clock_timestamp() AT TIME ZONE ${zone})::date
      OR EXISTS (
        SELECT 1 FROM analytics_roi_daily r
        WHERE r.tenant_id = ${tenantId} AND r.day = d.day AND r.currency = '' AND r.through > d.first_at)
    ORDER BY d.day
    ON CONFLICT (tenant_id, day) DO UPDATE SET marked_at = excluded.marked_at
  `.execute(trx);
}

/** The daily aggregation's part for ROI: rolls up the closed days that are dirty or not rolled yet, and today so far. */
export class PostgresRoiRollup implements RoiRollup {
  readonly #db: Kysely<Database>;
  readonly #windowDays: number;
  readonly #settleMs: number;

  /** `windowDays`: how far back a day never rolled (e.g. before this rollup existed) is rolled up. */
  constructor(deps: { db: Kysely<Database>; windowDays: number; settleMs?: number }) {
    this.#db = deps.db;
    this.#windowDays = deps.windowDays;
    this.#settleMs = deps.settleMs ?? ROI_SETTLE_MS;
  }

  /**
   * Rolls up the tenant's due closed days (before its local day at `now`), then today up to TODAY_LAG_MS before `now`
   * (or the database's now, if earlier). Returns the closed days written, in order.
   */
  async run(tenantId: string, now: Date): Promise<LocalDay[]> {
    const zone = await tenantZone(this.#db, tenantId);
    const today = localDay(now, zone);
    const { rows } = await sql<{ day: string }>`
      SELECT day::text AS day FROM analytics_roi_dirty_days WHERE tenant_id = ${tenantId} AND day < ${today}::date
      UNION
      SELECT g::date::text FROM generate_series(${addDays(today, -this.#windowDays)}::date, ${addDays(today, -1)}::date, interval '1 day') AS g
      WHERE NOT EXISTS (
        SELECT 1 FROM analytics_roi_daily r
        WHERE r.tenant_id = ${tenantId} AND r.day = g::date AND r.currency = '' AND r.time_zone = ${zone} AND r.through IS NULL)
      ORDER BY 1
    `.execute(this.#db);
    const written: LocalDay[] = [];
    for (const run of consecutiveRuns(rows.map((r) => r.day))) {
      const seenUntil = (await this.#writersSettled(tenantId)).getTime() - this.#settleMs;
      const days = run.filter((d) => dayBounds(d, zone).end.getTime() <= seenUntil);
      if (days.length === 0) continue;
      await this.#db.transaction().execute(async (trx) => {
        await replaceDays(trx, tenantId, zone, days[0]!, days.at(-1)!, null);
        await sql`
          DELETE FROM analytics_roi_dirty_days
          WHERE tenant_id = ${tenantId} AND day BETWEEN ${days[0]!}::date AND ${days.at(-1)!}::date AND marked_at <= ${new Date(seenUntil)}
        `.execute(trx);
      });
      written.push(...days);
    }
    await this.#rollToday(tenantId, zone, today, now);
    return written;
  }

  /**
   * Now, once every billing write in flight has committed: a later write marks its days after this instant, so a
   * computation starting after it sees every change whose mark is dated before it.
   */
  async #writersSettled(tenantId: string): Promise<Date> {
    return this.#db.transaction().execute(async (trx) => {
      await lockBillingWriters(trx, tenantId);
      return databaseNow(trx);
    });
  }

  /**
   * Today from local midnight to a watermark, with the snapshot it was computed on. Billing writers wait meanwhile,
   * then mark today when they move something before the watermark; session changes it did not see are read from
   * the change log. Also drops the change log rows no partial rollup of the tenant needs any more.
   */
  async #rollToday(tenantId: string, zone: string, today: LocalDay, now: Date): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await lockBillingWriters(trx, tenantId);
      const { start, end } = dayBounds(today, zone);
      const through = new Date(Math.min((await databaseNow(trx)).getTime(), now.getTime()) - TODAY_LAG_MS);
      if (through >= end) through.setTime(end.getTime());
      if (through <= start) return;
      await replaceDays(trx, tenantId, zone, today, today, through);
      // Every writer that marked today has committed (the lock): the partial saw what they wrote.
      await sql`DELETE FROM analytics_roi_dirty_days WHERE tenant_id = ${tenantId} AND day = ${today}::date`.execute(trx);
      await sql`
        DELETE FROM analytics_roi_session_changes c
        WHERE c.tenant_id = ${tenantId} AND NOT EXISTS (
          SELECT 1 FROM analytics_roi_daily r
          WHERE r.tenant_id = ${tenantId} AND r.currency = '' AND r.snapshot IS NOT NULL
            AND c.xact >= pg_snapshot_xmin(r.snapshot::pg_snapshot))
      `.execute(trx);
    });
  }
}

/**
 * Replaces the rows of days [first, last] (any zone) by their figures now: whole days, or with `through` the one day
 * [first, through), stamped with the snapshot of the statement that computed it. Every rolled day has its '' row (the
 * AI-resolved session count, and the mark that the day is rolled).
 */
async function replaceDays(
  trx: Transaction<Database>,
  tenantId: string,
  zone: string,
  first: LocalDay,
  last: LocalDay,
  through: Date | null,
): Promise<void> {
  const span = { from: dayBounds(first, zone).start, to: through ?? dayBounds(last, zone).end };
  await sql`DELETE FROM analytics_roi_daily WHERE tenant_id = ${tenantId} AND day BETWEEN ${first}::date AND ${last}::date`.execute(trx);
  // pg_current_snapshot() is the statement's own snapshot, the one the figures are computed on.
  await sql`
    WITH roi AS (${roiByDay(tenantId, zone, [span])})
    INSERT INTO analytics_roi_daily (tenant_id, day, currency, time_zone, ai_resolved_sessions, ai_usages, ai_input_tokens,
      ai_output_tokens, ai_cost, handed_usages, handed_input_tokens, handed_output_tokens, handed_cost, through, snapshot)
    SELECT ${tenantId}, day::date, coalesce(currency, ''), ${zone}::text, ai_resolved_sessions, ai_usages, ai_input_tokens,
      ai_output_tokens, ai_cost::numeric, handed_usages, handed_input_tokens, handed_output_tokens, handed_cost::numeric,
      ${through}::timestamptz, CASE WHEN ${through}::timestamptz IS NOT NULL THEN pg_current_snapshot()::text END
    FROM roi
    UNION ALL
    SELECT ${tenantId}, g::date, '', ${zone}::text, 0, 0, 0, 0, NULL, 0, 0, 0, NULL,
      ${through}::timestamptz, CASE WHEN ${through}::timestamptz IS NOT NULL THEN pg_current_snapshot()::text END
    FROM generate_series(${first}::date, ${last}::date, interval '1 day') AS g
    WHERE NOT EXISTS (SELECT 1 FROM roi WHERE roi.day = g::date::text AND roi.currency IS NULL)
  `.execute(trx);
}

/** Days in order, cut where one does not follow the other. */
function consecutiveRuns(days: readonly LocalDay[]): LocalDay[][] {
  const runs: LocalDay[][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && addDays(run.at(-1)!, 1) === day) run.push(day);
    else runs.push([day]);
  }
  return runs;
}
