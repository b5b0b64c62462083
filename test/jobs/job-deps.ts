// Job dependencies on a test database: the PostgreSQL adapters, an in-process realtime store, a fixed clock.
import { MemoryRealtimeStore } from '../../adapters/memory/memory-realtime-store.ts';
import type { JobDeps } from '../../adapters/postgres/jobs/analytics-jobs.ts';
import { PostgresEventStore } from '../../adapters/postgres/postgres-event-store.ts';
import { PostgresTenantStore } from '../../adapters/postgres/postgres-tenant-store.ts';
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
