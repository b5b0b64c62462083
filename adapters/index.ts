// The composition root: configuration in, ports, use cases and jobs out — embedded (PGlite in `dataDir`, in-process
// realtime) or real (DATABASE_URL, REDIS_URL) — each adapter built once, wired by hand, closed in reverse. What the
// configuration does not use is not loaded: the Redis side only with REDIS_URL, each database driver only when opened.
import { sql } from 'kysely';
import { ApiKeys } from '../domain/access/api-keys.ts';
import { AlertDispatcher } from '../domain/alerts/alert-dispatcher.ts';
import { Alerts } from '../domain/alerts/alerts.ts';
import { CheckAlerts } from '../domain/alerts/check-alerts.ts';
import { defaultRetryPolicy, type RetryPolicy, type WebhookSender } from '../domain/alerts/webhook-sender.ts';
import type { AccessStore } from '../domain/access/access-store.ts';
import type { PasswordHasher } from '../domain/access/secrets.ts';
import { Users } from '../domain/access/users.ts';
import type { Clock, IdSource } from '../domain/clock.ts';
import type { AnalyticsConfig } from '../domain/config.ts';
import { BillingLedger } from '../domain/billing/billing-ledger.ts';
import { BillingStats } from '../domain/billing/billing-stats.ts';
import { UsageProjector } from '../domain/billing/usage-projector.ts';
import type { EventStore } from '../domain/events/event-store.ts';
import { CoalescingEventStore } from '../domain/ingest/coalescing-event-store.ts';
import { IngestEvents } from '../domain/ingest/ingest-events.ts';
import { AggregateDailyStats } from '../domain/jobs/aggregate-daily-stats.ts';
import { AutoAudit } from '../domain/jobs/auto-audit.ts';
import { CleanupOldEvents } from '../domain/jobs/cleanup-old-events.ts';
import type { JobRunner } from '../domain/jobs/job.ts';
import { silentLogger, type Logger } from '../domain/logger.ts';
import { QualityAuditService } from '../domain/quality/quality-audit-service.ts';
import { RealtimeProjector } from '../domain/realtime/realtime-projector.ts';
import { RealtimeStats } from '../domain/realtime/realtime-stats.ts';
import { SessionDrillDown } from '../domain/sessions/session-drill-down.ts';
import { DashboardStats } from '../domain/stats/dashboard-stats.ts';
import type { RealtimeStore } from '../domain/realtime/realtime-store.ts';
import { tenantZones } from '../domain/tenants/tenant-zones.ts';
import { Tenants } from '../domain/tenants/tenants.ts';
import { runningTrackers } from '../domain/tracker/registry.ts';
import { SinkQueue, type RealtimeSink } from '../domain/tracker/sink-queue.ts';
import { fetchWebhookSender } from './http/fetch-webhook-sender.ts';
import { MemoryRealtimeStore } from './memory/realtime/memory-realtime-store.ts';
import { ServiceMetrics } from './metrics/service-metrics.ts';
import { PostgresAlertStore } from './postgres/alerts/postgres-alert-store.ts';
import { PostgresJobStreaks } from './postgres/alerts/postgres-job-streaks.ts';
import { openDatabase, type PgHandle } from './postgres/db/connect.ts';
import { migrateToLatest } from './postgres/db/migrate.ts';
import { PostgresAccessStore } from './postgres/access/postgres-access-store.ts';
import { PostgresAuditStore } from './postgres/quality/postgres-audit-store.ts';
import { PostgresEndedSessions } from './postgres/quality/postgres-ended-sessions.ts';
import { PostgresCountersSource } from './postgres/stats/postgres-counters-source.ts';
import { PostgresDailyRollupStore } from './postgres/stats/postgres-daily-rollup-store.ts';
import { PostgresDirtyDays } from './postgres/stats/postgres-dirty-days.ts';
import { EventPartitions } from './postgres/events/partitions.ts';
import { PostgresEventStore } from './postgres/events/postgres-event-store.ts';
import { PostgresJobRunLog } from './postgres/jobs/job-runs.ts';
import { PostgresJobRunner } from './postgres/jobs/postgres-job-runner.ts';
import { PostgresPlanStore } from './postgres/billing/postgres-plan-store.ts';
import { PostgresPriceStore } from './postgres/billing/postgres-price-store.ts';
import { PostgresRoiRollup } from './postgres/billing/roi-daily-rollup.ts';
import { PostgresSessionQuery } from './postgres/sessions/postgres-session-query.ts';
import { PostgresSessionUsage } from './postgres/sessions/postgres-session-usage.ts';
import { PostgresTenantStore } from './postgres/tenants/postgres-tenant-store.ts';
import { PostgresUsageStore } from './postgres/billing/postgres-usage-store.ts';
import { realtimeWiring, type RealtimeHealth } from './realtime/realtime-wiring.ts';
import type { RedisTimeouts } from './redis/redis-client.ts';
import { argon2PasswordHasher } from './system/argon2-password-hasher.ts';
import { nodeSecrets } from './system/node-secrets.ts';
import { serverDrops } from './system/server-drops.ts';
import { systemClock, uuidV7Ids } from './system/system-clock.ts';

/** How the service is assembled, whatever it runs on. */
export interface AssemblyOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** How often the sinks' backlogs are retried (default 1000 ms). */
  readonly sinkDrainMs?: number;
  /** How passwords are hashed and checked (default argon2id; tests count the checks with a wrapper). */
  readonly hasher?: PasswordHasher;
  /** Where the service's metrics are counted (default a registry of its own). */
  readonly metrics?: ServiceMetrics;
  /** How alerts are posted and retried (tests use a receiver of their own and no waits). */
  readonly alertDelivery?: { readonly sender?: WebhookSender; readonly policy?: RetryPolicy; readonly sleep?: (ms: number) => Promise<void> };
}

export interface ServiceOptions extends AssemblyOptions {
  /** Schema to work in on a real PostgreSQL (tests and benches isolate themselves this way). */
  readonly searchPath?: string;
  /** Key prefix on Redis (tests isolate themselves this way). */
  readonly redisKeyPrefix?: string;
  /** Redis's command, connect and reconnect timeouts (adapters/redis/redis-client.ts has the defaults). */
  readonly redisTimeouts?: Partial<RedisTimeouts>;
  /** Connections of the dedicated PostgreSQL pool (default 4). */
  readonly poolSize?: number;
  /** Run the migrations on start (default true). */
  readonly migrate?: boolean;
}

/** The use cases, each built once: what the procedures call (transport's AppDeps). */
export interface UseCases {
  readonly ingest: IngestEvents;
  readonly keys: ApiKeys;
  readonly users: Users;
  readonly realtime: RealtimeStats;
  readonly quality: QualityAuditService;
  /** Billing's figures: usage, ROI, quota. */
  readonly billing: BillingStats;
  /** Billing's records: token usages, prices, plans. */
  readonly ledger: BillingLedger;
  readonly stats: DashboardStats;
  readonly sessions: SessionDrillDown;
  /** Webhook alerts: subscriptions, thresholds, deliveries. */
  readonly alerts: Alerts;
  /** The tenants' records: fields checked, a plan only when it exists. */
  readonly tenants: Tenants;
}

/** What the service is made of; `close()` stops the background work and closes every connection it opened. */
export interface Services extends UseCases {
  readonly config: AnalyticsConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly events: EventStore;
  readonly realtimeStore: RealtimeStore;
  readonly access: AccessStore;
  /** Sinks fed with newly stored events (realtime counters, token usage), drained in the background. */
  readonly sinks: SinkQueue;
  /** The scheduled jobs: one run now, or all on their schedules. */
  readonly jobs: JobRunner;
  /** The Prometheus metrics (/metrics), counted by ingest, the jobs, the HTTP server and Redis. */
  readonly metrics: ServiceMetrics;
  /** Whether the database and the realtime store answer (for /readyz). */
  ready(): Promise<{ database: boolean; realtime: boolean }>;
  /** Brings the database to the latest schema; says which migrations it applied. */
  migrate(): Promise<{ applied: string[] }>;
  close(): Promise<void>;
}

/** What the service stands on, opened by its caller (who closes it after the services). */
export interface Foundations {
  /** The analytics database (kysely), migrated or not. */
  readonly database: PgHandle;
  readonly realtimeStore: RealtimeStore;
  /** Given when the realtime store can fail or come back empty (Redis): reads fall back, an emptied store is rebuilt. */
  readonly realtimeHealth?: RealtimeHealth;
}

/** A store that did not answer when the service opened, named by the setting that points at it (a command says so). */
export class StoreUnreachableError extends Error {
  override name = 'StoreUnreachableError';
  constructor(
    readonly setting: 'DATABASE_URL' | 'REDIS_URL',
    options: { cause: unknown },
  ) {
    super(`${setting}: the store does not answer`, options);
  }
}

async function reachable(setting: StoreUnreachableError['setting'], attempt: Promise<unknown>): Promise<void> {
  await attempt.catch((cause: unknown) => {
    throw new StoreUnreachableError(setting, { cause });
  });
}

/** Builds the service from its configuration. Migrates the database first unless told not to. */
export async function createServices(config: AnalyticsConfig, options: ServiceOptions = {}): Promise<Services> {
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
    ...(options.searchPath ? { searchPath: options.searchPath } : {}),
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? new ServiceMetrics();
  const redis = config.redisUrl
    ? (await import('./redis/redis-realtime.ts')).redisRealtime(config.redisUrl, {
        logger,
        timeouts: options.redisTimeouts,
        keyPrefix: options.redisKeyPrefix,
        onError: () => metrics.redisError(),
      })
    : undefined;
  try {
    if (config.databaseUrl) await reachable('DATABASE_URL', sql`select 1`.execute(database.db));
    if (options.migrate !== false) await migrateToLatest(database.db);
    if (redis) await reachable('REDIS_URL', redis.connect());
  } catch (err) {
    redis?.disconnect();
    await database.close();
    throw err;
  }
  const realtimeStore: RealtimeStore = redis ? redis.store : new MemoryRealtimeStore();
  const services = assembleServices({ database, realtimeStore, ...(redis ? { realtimeHealth: redis.health } : {}) }, config, { ...options, metrics });
  let closed: Promise<void> | undefined;
  return {
    ...services,
    close() {
      closed ??= (async () => {
        await services.close();
        redis?.disconnect();
        await database.close();
      })();
      return closed;
    },
  };
}

/**
 * Wires the service by hand on an open database and realtime store: each adapter once, then the use cases and jobs
 * on them. `close()` stops the background work (the sinks' drain) and leaves the database and store open.
 */
export function assembleServices(on: Foundations, config: AnalyticsConfig, options: AssemblyOptions = {}): Services {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? uuidV7Ids;
  const { database, realtimeStore } = on;
  const { db } = database;

  const partitions = new EventPartitions(db);
  const events = new PostgresEventStore({ db, partitions });
  const tenants = new PostgresTenantStore({ db });
  const access = new PostgresAccessStore(db);
  const usage = new PostgresUsageStore({ db });
  const prices = new PostgresPriceStore({ db });
  const plans = new PostgresPlanStore({ db });
  const audits = new PostgresAuditStore({ db });
  const counters = new PostgresCountersSource({ db });
  const rollups = new PostgresDailyRollupStore({ db });
  const dirtyDays = new PostgresDirtyDays({ db, table: 'analytics_dirty_days' });
  const zoneOf = tenantZones({ tenants, clock });
  const projector = new RealtimeProjector({ store: realtimeStore, zoneOf });
  // Every job visits the tenants on record and those with recent events (some have no record).
  const sweep = { tenants, activity: events };
  const realtime = realtimeWiring({ store: realtimeStore, projector, health: on.realtimeHealth, replay: events, sweep, clock, zoneOf, logger });
  const usageProjector = new UsageProjector({ usage });
  const sinkList: RealtimeSink[] = [
    { name: 'realtime', apply: (events) => realtime.sink.apply(events) },
    // Usage costs a transaction per call: a backlog is caught up 10,000 events at a time.
    { name: 'token-usage', lossless: true, maxChunk: 10_000, apply: (events) => usageProjector.apply(events) },
  ];
  const sinks = new SinkQueue(sinkList, {
    maxPending: config.maxQueueEvents,
    chunkSize: config.bufferSize,
    onFailure: (sink, err) => logger.warn(`${sink} sink failed; retrying`, { error: (err as Error)?.message ?? String(err) }),
  });
  let droppedSeen = 0;
  const drainTimer = setInterval(() => {
    void sinks.drain();
    // Past its bound a sink's backlog drops events (the realtime resync job repairs the live state): say so.
    const { dropped } = sinks.stats();
    if (dropped > droppedSeen) logger.warn(`sinks dropped ${dropped - droppedSeen} event(s) past their backlog bound`, { dropped });
    droppedSeen = dropped;
  }, options.sinkDrainMs ?? 1000);
  drainTimer.unref();
  const metrics = options.metrics ?? new ServiceMetrics();
  metrics.watch({ engine: database.kind, pool: database.poolUse, sinks: () => sinks.stats() });

  const idleTimeoutMs = config.idleTimeoutMin * 60_000;
  const tenantExists = async (tenantId: string) => (await tenants.get(tenantId)) !== null;
  const secrets = nodeSecrets;
  const { retentionDays } = config;
  realtime.start();
  const billing = new BillingStats({ usage, plans, tenants, clock });
  const realtimeStats = new RealtimeStats({ realtime: realtime.reads, events, projector: realtime.sink, clock, ids, zoneOf, idleTimeoutMs });
  const alertStore = new PostgresAlertStore({ db });
  const alertDispatcher = new AlertDispatcher({
    store: alertStore,
    sender: options.alertDelivery?.sender ?? fetchWebhookSender,
    policy: options.alertDelivery?.policy ?? defaultRetryPolicy,
    sleep: options.alertDelivery?.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    clock,
    logger,
  });
  const alerts = new Alerts({ store: alertStore, dispatcher: alertDispatcher, secrets, clock, ids, tenantExists });

  let closed: Promise<void> | undefined;
  return {
    config,
    logger,
    clock,
    ids,
    events,
    realtimeStore,
    tenants: new Tenants({ store: tenants, plans }),
    access,
    sinks,
    metrics,
    // Concurrent ingest requests share one append (group commit): far fewer, larger statements under load.
    ingest: new IngestEvents({ events: new CoalescingEventStore(events), sinks, clock, ids, retentionDays, observer: metrics.ingest }),
    keys: new ApiKeys({ store: access, secrets, clock, ids, tenantExists }),
    users: new Users({ store: access, secrets, hasher: options.hasher ?? argon2PasswordHasher, clock, ids, tenantExists }),
    realtime: realtimeStats,
    quality: new QualityAuditService({ audits, sessions: events, zoneOf, clock, ids }),
    stats: new DashboardStats({ counters, rollups, live: realtime.reads, clock, zoneOf }),
    // The same idle timeout as Monitoring, so the "active" list opens exactly the sessions counted there.
    sessions: new SessionDrillDown({
      sessions: new PostgresSessionQuery({ db }),
      events,
      usage: new PostgresSessionUsage({ db }),
      audits,
      clock,
      zoneOf,
      idleTimeoutMs,
    }),
    billing,
    alerts,
    ledger: new BillingLedger({ usage, prices, plans, tenants, clock }),
    jobs: new PostgresJobRunner({
      database,
      logger,
      clock,
      observer: metrics.jobRan,
      jobs: {
        'aggregate-daily-stats': new AggregateDailyStats({
          ...sweep,
          counters,
          rollups,
          dirtyDays,
          roiDirtyDays: new PostgresDirtyDays({ db, table: 'analytics_roi_dirty_days' }),
          roi: new PostgresRoiRollup({ db, windowDays: retentionDays }),
          clock,
          zoneOf,
        }),
        'sync-realtime-stats': realtime.resyncJob,
        'cleanup-old-events': new CleanupOldEvents({ partitions, dirtyDays, runs: new PostgresJobRunLog({ db }), retentionDays }),
        'auto-audit': new AutoAudit({ ...sweep, audits, ended: new PostgresEndedSessions({ db }), events, clock, ids, retentionDays }),
        'check-alerts': new CheckAlerts({
          alerts,
          store: alertStore,
          dispatcher: alertDispatcher,
          billing,
          realtime: realtimeStats,
          drops: serverDrops({ sinks, trackers: runningTrackers }),
          jobs: new PostgresJobStreaks({ db }),
          logger,
        }),
      },
    }),
    async ready() {
      // Each check answers within READY_CHECK_MS: a frozen store is "not ready", never a hung probe.
      const [dbOk, realtimeOk] = await Promise.all([answersWithin(sql`select 1`.execute(db)), answersWithin(realtimeStore.ping())]);
      return { database: dbOk, realtime: realtimeOk };
    },
    migrate: () => migrateToLatest(db),
    close() {
      closed ??= (async () => {
        clearInterval(drainTimer);
        realtime.stop();
        await sinks.drain();
      })();
      return closed;
    },
  };
}

/** How long a readiness check may take (Redis's command timeout is 1 s; PostgreSQL has no statement timeout here). */
const READY_CHECK_MS = 1500;

/** True when `work` succeeds within READY_CHECK_MS. */
function answersWithin(work: Promise<unknown>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_CHECK_MS);
  });
  const done = work.then(
    () => true,
    () => false,
  );
  return Promise.race([done, late]).finally(() => clearTimeout(timer));
}
