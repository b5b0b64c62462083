// initTracker as products get it from the library entry: the domain's registry, with the ANALYTICS_* variables read
// from process.env unless the call names an environment or an AnalyticsConfig. The fastify plugin starts trackers so too.
import { initTracker as initRegisteredTracker } from '../../domain/tracker/registry.ts';
import type { TrackerInit } from '../../domain/tracker/tracker-options.ts';
import type { AnalyticsTracker, TrackerPorts } from '../../domain/tracker/tracker.ts';

/**
 * Returns the product's running tracker, creating and starting one when there is none. Its settings are, in order:
 * the options given, then `env` or `config` when given, else the ANALYTICS_* variables of `process.env`
 * (ANALYTICS_BUFFER_SIZE, ANALYTICS_FLUSH_INTERVAL_MS, ANALYTICS_RETENTION_DAYS, ANALYTICS_MAX_QUEUE_EVENTS,
 * ANALYTICS_MAX_QUEUE_BYTES, ANALYTICS_MAX_IN_FLIGHT), then AnalyticsConfig's defaults. A bad variable throws a
 * ConfigError naming it.
 */
export function initTracker(product: string, ports: TrackerPorts, init: TrackerInit = {}): AnalyticsTracker {
  return initRegisteredTracker(product, ports, withProcessEnv(init));
}

/** `init`, reading `process.env` when it names neither an environment nor a configuration. */
function withProcessEnv(init: TrackerInit = {}): TrackerInit {
  const { env, config, ...options } = init;
  return env || config ? init : { ...options, env: process.env };
}
