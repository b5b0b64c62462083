// `cs-analytics serve`: migrate, make the demo tenant (embedded default), start demo traffic and the job scheduler,
// serve API and workbench, and on SIGINT/SIGTERM stop taking requests, flush the trackers and sinks, close the stores.
// Log records (pino's JSON lines) go to stderr, a stream of records only; stdout is for the person at the terminal:
// where the server listens and the demo tenant's secrets, shown there once and never inside a record.
import pino from 'pino';
import type { RunningSchedule } from '../../domain/jobs/job.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import type { Logger } from '../../domain/logger.ts';
import { stopAllTrackers } from '../../domain/tracker/registry.ts';
import { buildServer } from '../http/build-server.ts';
import { metricsServer } from '../http/metrics-route.ts';
import { BUILD_WEB, workbenchBuilt } from '../http/static-web.ts';
import { announceDemoTenant } from './demo/demo-tenant.ts';
import type { RunningDemo } from './demo/demo-traffic.ts';
import { servicesFromEnv } from './services-from-env.ts';

export interface ServeOptions {
  /** true: demo traffic even with DATABASE_URL; false: none; undefined: on for the embedded database only. */
  readonly demo?: boolean;
}

function domainLogger(log: pino.Logger): Logger {
  return {
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  };
}

export async function serve(options: ServeOptions): Promise<void> {
  // LOG_LEVEL first (a bad name stops here, naming it): the services log from their start. At info, one record a request.
  const level = AnalyticsConfig.fromEnv(process.env, ['logLevel']).logLevel;
  const logStream = pino.destination({ dest: 2, sync: true });
  const log = pino({ level, base: { service: 'cs-analytics' } }, logStream);
  const services = await servicesFromEnv({ logger: domainLogger(log) });
  const embedded = !services.config.databaseUrl;
  const demoOn = options.demo ?? embedded;

  let demo: RunningDemo | undefined;
  let scheduler: RunningSchedule | undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'signal again: exiting now');
      process.exit(1);
    }
    log.info({ signal }, 'shutting down');
    stopping = (async () => {
      await demo?.stop().catch(() => undefined);
      await app.close();
      await metricsApp?.close();
      await scheduler?.stop();
      await stopAllTrackers({ deadlineMs: 5000 });
      await services.close();
    })().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };

  const { trustProxy, allowedOrigins } = services.config;
  const app = await buildServer(services, { logger: { level, stream: logStream }, trustProxy, allowedOrigins });
  let metricsApp: Awaited<ReturnType<typeof metricsServer>> | undefined;
  let metricsUrl: string | undefined;
  try {
    if (embedded || options.demo === true) await announceDemoTenant(services);
    const url = await app.listen({ port: services.config.port, host: services.config.host });
    // METRICS_PORT: /metrics without a credential on a listener of its own, for a scraper (same HOST).
    const { metricsPort, host } = services.config;
    if (metricsPort !== undefined) {
      metricsApp = await metricsServer(services.metrics);
      metricsUrl = `${await metricsApp.listen({ port: metricsPort, host })}/metrics`;
    }
    // The in-process realtime store starts empty: rebuild today's live state before traffic resumes, rather than
    // showing zeros until the first scheduled resync. A failure here is logged and retried by the schedule.
    if (!services.config.redisUrl) {
      const resync = await services.jobs.run('sync-realtime-stats').catch((err: unknown) => err);
      if (resync instanceof Error) log.warn({ err: resync.message }, 'realtime resync at start-up failed');
    }
    if (demoOn) demo = (await import('./demo/demo-traffic.ts')).startDemoTraffic(services, log);
    // Rollups, realtime resync, retention and auto-audit on their schedules (one instance runs each slot).
    scheduler = services.jobs.startScheduler();
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    // No workbench URL that answers 404: without the web build, say so and how to build it (the API works without it).
    const workbench = workbenchBuilt() ? `, workbench: ${url}/` : '';
    console.log(`cs-analytics is serving on ${url}  (API: ${url}/api/analytics/openapi.json${workbench})`);
    if (metricsUrl) console.log(`cs-analytics metrics (no credential) on ${metricsUrl}`);
    if (!workbench) console.log(`the workbench is not built (web/dist/index.html is missing): run \`${BUILD_WEB}\`, then restart serve`);
  } catch (err) {
    await app.close().catch(() => undefined);
    await metricsApp?.close().catch(() => undefined);
    await services.close().catch(() => undefined);
    throw err;
  }
}
