// Day partitions of analytics_events (`analytics_events_pYYYYMMDD`, UTC days): created ahead and on demand, dropped
// whole by retention. Known partitions are cached, so the hot path asks the database only for a day it has not seen.
import { sql, type Kysely } from 'kysely';
import type { DayPartitions } from '../../../domain/jobs/day-partitions.ts';
import { addDays } from '../../../domain/local-day.ts';
import { sqlState } from '../db/pg-errors.ts';
import type { Database } from '../schema.ts';

const DAY_MS = 86_400_000;
const PREFIX = 'analytics_events_p';

/** The UTC day ('YYYY-MM-DD') an instant falls in. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

export const partitionName = (day: string): string => `${PREFIX}${day.replaceAll('-', '')}`;

/** The distinct UTC days of some instants (by day number: no date string per instant). */
export function utcDaysOf(items: Iterable<{ readonly occurredAt: Date }>): string[] {
  const days = new Set<number>();
  for (const { occurredAt } of items) days.add(Math.floor(occurredAt.getTime() / DAY_MS));
  return [...days].map((n) => utcDay(new Date(n * DAY_MS)));
}

function assertDay(day: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new Error(`not a day: ${day}`);
}

/** The DayPartitions port on PostgreSQL (or PGlite), also what the event write uses to make its days exist. */
export class EventPartitions implements DayPartitions {
  readonly #db: Kysely<Database>;
  readonly #known = new Set<string>();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Makes sure the partitions of these UTC days exist (creating the missing ones). */
  async ensure(days: Iterable<string>): Promise<void> {
    for (const day of new Set(days)) {
      if (this.#known.has(day)) continue;
      await this.#create(day);
      this.#known.add(day);
    }
  }

  /** Creates the partitions from `from`'s UTC day through `days` days after it. */
  async createAhead(from: Date, days: number): Promise<string[]> {
    const wanted: string[] = [];
    for (let d = utcDay(from), i = 0; i <= days; i++, d = addDays(d, 1)) wanted.push(d);
    const existing = new Set(await this.list());
    const created = wanted.filter((d) => !existing.has(d));
    await this.ensure(wanted);
    return created;
  }

  /** UTC days that have a partition, oldest first. */
  async list(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      SELECT c.relname AS name
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.oid = to_regclass('analytics_events')`.execute(this.#db);
    return rows
      .map((r) => r.name)
      .filter((n) => /^analytics_events_p\d{8}$/.test(n))
      .map((n) => `${n.slice(PREFIX.length, PREFIX.length + 4)}-${n.slice(-4, -2)}-${n.slice(-2)}`)
      .sort();
  }

  /**
   * Drops whole day partitions before `day` (exclusive), each after deleting its events' ids (found from the day's
   * own rows by the ids' key, so the work is the day's rows, never the whole table). An id is known as long as its
   * event is kept: once its day is dropped, the same id sent again is a new event. Returns the days dropped and the
   * rows they held.
   */
  async dropBefore(day: string): Promise<{ days: string[]; rows: number }> {
    assertDay(day);
    const old = (await this.list()).filter((d) => d < day);
    let rows = 0;
    for (const d of old) {
      const table = sql.table(partitionName(d));
      const { rows: counted } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table}`.execute(this.#db);
      rows += counted[0]?.n ?? 0;
      // Committed before the DROP, which then waits for no row lock: a crash between leaves a day past retention
      // whose ids are already forgotten, as they are once it is gone; the next run drops it.
      await sql`DELETE FROM analytics_event_ids k USING ${table} e WHERE k.tenant_id = e.tenant_id AND k.id = e.id`.execute(this.#db);
      await sql`DROP TABLE IF EXISTS ${table}`.execute(this.#db);
      this.#known.delete(d);
    }
    return { days: old, rows };
  }

  /** Forgets what is cached (after a partition went missing under us). */
  forget(): void {
    this.#known.clear();
  }

  async #create(day: string): Promise<void> {
    assertDay(day);
    // DDL takes no bind parameters: the bounds are checked days, written as literals.
    try {
      await sql`
        CREATE TABLE IF NOT EXISTS ${sql.table(partitionName(day))} PARTITION OF analytics_events
        FOR VALUES FROM (${sql.lit(`${day} 00:00:00+00`)}) TO (${sql.lit(`${addDays(day, 1)} 00:00:00+00`)})`.execute(this.#db);
    } catch (err) {
      // Another instance created it between our check and our CREATE: it exists, which is all we wanted.
      if (!['42P07', '23505'].includes(sqlState(err) ?? '')) throw err;
    }
  }
}
