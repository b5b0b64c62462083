// The four scheduled jobs on the PostgreSQL (or PGlite) adapters: what each run does, and what it reports.
import { sql } from 'kysely';
import type { Clock, IdSource } from '../../../domain/clock.ts';
import type { Job, JobName } from '../../../domain/jobs/job.ts';
import { RealtimeResync } from '../../../domain/jobs/realtime-resync.ts';
import { PARTITION_DAYS_AHEAD, retentionCutoffDay } from '../../../domain/jobs/retention.ts';
import { rollupDue, tenantsToVisit } from '../../../domain/jobs/tenant-sweep.ts';
import { addDays, localDay } from '../../../domain/local-day.ts';
import { AutoAuditor } from '../../../domain/quality/auto-auditor.ts';
import type { RealtimeStore } from '../../../domain/realtime/realtime-store.ts';
import { DailyStatsAggregator } from '../../../domain/stats/daily-stats-aggregator.ts';
import { tenantZones } from '../../../domain/tenants/tenant-zones.ts';
import type { TenantStore } from '../../../domain/tenants/tenant-store.ts';
import type { PgHandle } from '../db/connect.ts';
import { PostgresAuditStore } from '../quality/postgres-audit-store.ts';
import { PostgresCountersSource } from '../stats/postgres-counters-source.ts';
import { PostgresDailyRollupStore } from '../stats/postgres-daily-rollup-store.ts';
import { PostgresEndedSessions } from '../quality/postgres-ended-sessions.ts';
import type { PostgresEventStore } from '../events/postgres-event-store.ts';
import { PostgresRoiRollup } from '../billing/roi-daily-rollup.ts';
import { pruneRuns } from './job-runs.ts';

/** What the jobs are built from (the composition root's `Services` has all of it). */
export interface JobDeps {
  readonly database: PgHandle;
  readonly events: PostgresEventStore;
  readonly tenants: TenantStore;
  readonly realtimeStore: RealtimeStore;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly config: { readonly retentionDays: number };
}

const DAY_MS = 86_400_000;
/** Auto-audit: a session is audited once it has been ended this long (the AutoAuditor's settling time)... */
const AUDIT_SETTLE_MS = 10 * 60_000;
/** ...and each run looks back to where the last successful one stopped, with this much overlap. */
const AUDIT_OVERLAP_MS = 10 * 60_000;
const JOB_RUNS_KEPT_MS = 30 * DAY_MS;

/** The jobs, by name. */
export function buildJobs(deps: JobDeps): Record<JobName, Job> {
  const { db } = deps.database;
  const zoneOf = tenantZones({ tenants: deps.tenants, clock: deps.clock });
  const rollups = new PostgresDailyRollupStore({ db });
  const recordedTenants = async () => (await deps.tenants.list()).map((t) => t.tenantId);

  const aggregator = new DailyStatsAggregator({ counters: new PostgresCountersSource({ db }), rollups, clock: deps.clock, zoneOf });
  const roi = new PostgresRoiRollup({ db, windowDays: deps.config.retentionDays });
  const resync = new RealtimeResync({ replay: deps.events, realtime: deps.realtimeStore, clock: deps.clock, zoneOf });
  const auditor = new AutoAuditor({
    audits: new PostgresAuditStore({ db }),
    ended: new PostgresEndedSessions({ db }),
    events: deps.events,
    clock: deps.clock,
    ids: deps.ids,
    settleMs: AUDIT_SETTLE_MS,
  });

  return {
    'aggregate-daily-stats': {
      name: 'aggregate-daily-stats',
      async run(now) {
        const dirtyTenants = await db.selectFrom('analytics_dirty_days').select('tenant_id').distinct().execute();
        const roiDirtyTenants = await db.selectFrom('analytics_roi_dirty_days').select('tenant_id').distinct().execute();
        const tenants = tenantsToVisit(
          await recordedTenants(),
          await deps.events.activeTenants(new Date(now.getTime() - 3 * DAY_MS)),
          dirtyTenants.map((r) => r.tenant_id),
          roiDirtyTenants.map((r) => r.tenant_id),
        );
        const days: string[] = [];
        const roiDays: string[] = [];
        for (const tenantId of tenants) {
          const yesterday = addDays(localDay(now, await zoneOf(tenantId)), -1);
          const current = yesterday in (await rollups.get(tenantId, [yesterday]));
          if (rollupDue(current, (await rollups.dirtyDays(tenantId)).length)) {
            for (const day of await aggregator.run(tenantId)) days.push(`${tenantId}:${day}`);
          }
          // ROI has marks of its own (usage and price writes) and a copy of the event ones: its own due days.
          for (const day of await roi.run(tenantId, now)) roiDays.push(`${tenantId}:${day}`);
        }
        return { tenants: tenants.length, days, daysWritten: days.length, roiDaysWritten: roiDays.length };
      },
    },

    'sync-realtime-stats': {
      name: 'sync-realtime-stats',
      async run(now) {
        const tenants = tenantsToVisit(await recordedTenants(), await deps.events.activeTenants(new Date(now.getTime() - 2 * DAY_MS)));
        let events = 0;
        let sessions = 0;
        for (const tenantId of tenants) {
          const r = await resync.run(tenantId);
          events += r.events;
          sessions += r.sessions;
        }
        return { tenants: tenants.length, eventsReplayed: events, sessions };
      },
    },

    'cleanup-old-events': {
      name: 'cleanup-old-events',
      async run(now) {
        const cutoff = retentionCutoffDay(now, deps.config.retentionDays);
        const dropped = await deps.events.partitions.dropBefore(cutoff);
        // A day whose raw events are (even partly) gone must never be recomputed: the rollup would lose them.
        await sql`DELETE FROM analytics_dirty_days WHERE day <= ${cutoff}::date`.execute(db);
        const created = await deps.events.partitions.createAhead(now, PARTITION_DAYS_AHEAD);
        const runsPruned = await pruneRuns(db, new Date(now.getTime() - JOB_RUNS_KEPT_MS));
        return {
          keepFrom: cutoff,
          partitionsDropped: dropped.days,
          rowsDropped: dropped.rows,
          partitionsCreated: created,
          runsPruned,
        };
      },
    },

    'auto-audit': {
      name: 'auto-audit',
      async run(now, lastSuccessAt) {
        const since = lastSuccessAt
          ? new Date(lastSuccessAt.getTime() - AUDIT_SETTLE_MS - AUDIT_OVERLAP_MS)
          : // The first run scores every ended session still within retention, not just the last day's.
            new Date(now.getTime() - deps.config.retentionDays * DAY_MS);
        const tenants = tenantsToVisit(await recordedTenants(), await deps.events.activeTenants(new Date(since.getTime() - DAY_MS)));
        let audited = 0;
        let skipped = 0;
        for (const tenantId of tenants) {
          const r = await auditor.autoAuditEndedSessions(tenantId, since);
          audited += r.audited;
          skipped += r.skipped;
        }
        return { tenants: tenants.length, since: since.toISOString(), audited, skipped };
      },
    },
  };
}
