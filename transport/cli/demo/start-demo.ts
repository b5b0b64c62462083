// The demo as `serve` and `cs-analytics demo` run it: on the service's own stores, for the `demo` tenant in its
// time zone, backfilling history and then live until stopped.
import type { Services } from '../../../adapters/index.ts';
import { demoPorts, runDemo, type DemoOptions, type DemoReport } from './run-demo.ts';

export interface RunningDemo {
  /** Settles when the demo has ended (after `stop()`, or at once after a backfill without live traffic). */
  readonly done: Promise<DemoReport>;
  /** Ends live traffic and flushes both products' trackers; resolves with the demo's report. */
  stop(): Promise<DemoReport>;
}

export type StartDemoOptions = Omit<DemoOptions, 'ports' | 'signal' | 'timeZone' | 'retentionDays'>;

/**
 * Starts the simulator (default: seed 1, 30 days of history, then live) on `services` for tenant `demo` (or
 * `tenantId`), in that tenant's time zone. A rejected `done` means the demo failed to start (e.g. a bad option).
 */
export function startDemo(services: Services, options: StartDemoOptions = {}): RunningDemo {
  const abort = new AbortController();
  const tenantId = options.tenantId ?? 'demo';
  const done = (async () => {
    const tenant = await services.tenants.get(tenantId);
    return runDemo({
      backfillDays: 30,
      live: true,
      ...options,
      tenantId,
      ports: demoPorts(services),
      signal: abort.signal,
      timeZone: tenant?.timeZone ?? 'UTC',
      retentionDays: services.config.retentionDays,
    });
  })();
  return {
    done,
    stop() {
      abort.abort();
      return done;
    },
  };
}
