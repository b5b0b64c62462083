// The jobs on a test database, wired as the service wires them (assembleServices), with an in-process realtime store
// and a fixed clock; the event and tenant stores a test writes through on the same database.
import { sql } from 'kysely';
import { onTestFinished } from 'vitest';
import { assembleServices } from '../../../adapters/index.ts';
import { MemoryRealtimeStore } from '../../../adapters/memory/realtime/memory-realtime-store.ts';
import { PostgresEventStore } from '../../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresTenantStore } from '../../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { systemClock } from '../../../adapters/system/system-clock.ts';
import { FixedClock } from '../../../domain/clock.ts';
import { AnalyticsConfig } from '../../../domain/config.ts';
import type { JobRunner } from '../../../domain/jobs/job.ts';
import type { RealtimeStore } from '../../../domain/realtime/realtime-store.ts';
import { sequentialIds } from '../../support/builders.ts';
import type { DatabaseFixture } from '../../support/databases.ts';

/**
 * The service's job runner on `fx` (closed when the test ends), with `realtimeStore` (default: a fresh in-process
 * one). `now` fixes the clock; 'system' runs on real time (the event write marks dirty days by the database's clock).
 */
export function jobRunner(
  fx: DatabaseFixture,
  now: Date | string | 'system',
  opts: { retentionDays?: number; realtimeStore?: RealtimeStore } = {},
): JobRunner {
  const services = assembleServices(
    { database: fx.handle, realtimeStore: opts.realtimeStore ?? new MemoryRealtimeStore() },
    new AnalyticsConfig({ retentionDays: opts.retentionDays ?? 90 }),
    { clock: now === 'system' ? systemClock : new FixedClock(now), ids: sequentialIds(9) },
  );
  onTestFinished(() => services.close());
  return services.jobs;
}

/** The jobs (`jobs`) beside the stores a test writes and reads through (`events`, `tenants`, `realtimeStore`). */
export function jobDeps(fx: DatabaseFixture, now: string | 'system', retentionDays = 90) {
  const realtimeStore = new MemoryRealtimeStore();
  return {
    jobs: jobRunner(fx, now, { retentionDays, realtimeStore }),
    events: new PostgresEventStore({ db: fx.db }),
    tenants: new PostgresTenantStore({ db: fx.db }),
    realtimeStore,
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
