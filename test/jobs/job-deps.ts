// Job dependencies on a test database: the PostgreSQL adapters, an in-process realtime store, a fixed clock.
import { sql } from 'kysely';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import type { JobDeps } from '../../adapters/postgres/jobs/analytics-jobs.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresTenantStore } from '../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import { FixedClock, type Clock } from '../../domain/clock.ts';
import { sequentialIds } from '../support/builders.ts';
import type { DatabaseFixture } from '../support/databases.ts';

/** `now` fixes the clock; 'system' runs on real time (the event write marks dirty days by the database's clock). */
export function jobDeps(fx: DatabaseFixture, now: string | 'system', retentionDays = 90): JobDeps & { clock: Clock; realtimeStore: MemoryRealtimeStore; events: PostgresEventStore } {
  return {
    database: fx.handle,
    events: new PostgresEventStore({ db: fx.db }),
    tenants: new PostgresTenantStore({ db: fx.db }),
    realtimeStore: new MemoryRealtimeStore(),
    clock: now === 'system' ? systemClock : new FixedClock(now),
    ids: sequentialIds(9),
    config: { retentionDays },
  };
}

/**
 * Dates every dirty mark an hour earlier, as if the writes that set them had finished long ago. A mark is dated at
 * the latest instant its write could still commit (start + statement timeout), so a job run right after the write
 * leaves it, and the day stays dirty until a later run: what these tests skip over.
 */
export async function settleDirtyMarks(fx: DatabaseFixture): Promise<void> {
  await sql`UPDATE analytics_dirty_days SET marked_at = marked_at - interval '1 hour'`.execute(fx.db);
}
