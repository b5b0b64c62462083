// CountersSource on PostgreSQL / PGlite: session cohorts from analytics_sessions, event counts from analytics_events.
import type { Kysely } from 'kysely';
import type { CountersSource } from '../../../domain/stats/counters-source.ts';
import type { DayCounters } from '../../../domain/stats/counters.ts';
import { addRows } from './counter-rows.ts';
import { eventCounters } from './event-counters.ts';
import { sessionCohortCounters } from './session-cohort-counters.ts';
import type { Database } from '../schema.ts';

export class PostgresCountersSource implements CountersSource {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async countersBetween(tenantId: string, zone: string, from: Date, to: Date): Promise<DayCounters> {
    const [sessions, events] = await Promise.all([
      sessionCohortCounters(this.#db, tenantId, zone, from, to),
      eventCounters(this.#db, tenantId, zone, from, to),
    ]);
    return addRows(addRows({}, sessions), events);
  }
}
