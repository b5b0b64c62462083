// initTracker as products get it from the library: the domain's registry, with the ANALYTICS_* variables read from
// process.env unless the call names an environment or an AnalyticsConfig. Given ports, it tracks into them (the
// service's own stores, in its process); given nothing or `{ url, apiKey }`, over HTTP to a running service, with
// CS_ANALYTICS_URL / CS_ANALYTICS_API_KEY filling what is not given. Nothing of the server is imported here.
import { HttpEventStore, MAX_BATCH_EVENTS, type HttpEventStoreOptions } from '../../adapters/http/http-event-store.ts';
import { systemClock, uuidV7Ids } from '../../adapters/system/system-clock.ts';
import { ConfigError, type Environment } from '../../domain/config.ts';
import type { Logger } from '../../domain/logger.ts';
import { getTracker, initTracker as initRegisteredTracker } from '../../domain/tracker/registry.ts';
import { resolveTrackerOptions, type TrackerInit } from '../../domain/tracker/tracker-options.ts';
import type { AnalyticsTracker, TrackerPorts } from '../../domain/tracker/tracker.ts';

/** What `initTracker(product, init)` takes to track over HTTP: where, with which key, and the tracker's options. */
export type RemoteTrackerInit = TrackerInit & {
  /** The service's base URL; default CS_ANALYTICS_URL. */
  readonly url?: string;
  /** An API key with the ingest scope; default CS_ANALYTICS_API_KEY. */
  readonly apiKey?: string;
  /** How requests are made (timeout, gzip level, connections). */
  readonly http?: Omit<HttpEventStoreOptions, 'url' | 'apiKey'>;
  /** Where the tracker says what went wrong (besides stats() and onError). */
  readonly logger?: Logger;
};

/**
 * Returns the product's running tracker, creating and starting one when there is none.
 *
 * - `initTracker(product, ports, init?)`: events go to `ports.events` (an EventStore in this process).
 * - `initTracker(product, { url, apiKey, ...options }?)`: events go over HTTP to the service at `url`; a missing
 *   url or key is read from CS_ANALYTICS_URL / CS_ANALYTICS_API_KEY (of `env` when given, else process.env).
 *   Batches hold at most 1,000 events (ANALYTICS_BUFFER_SIZE above that is capped).
 *
 * The tracker's settings are, in order: the options given, then `env` or `config` when given, else the ANALYTICS_*
 * variables of `process.env`, then AnalyticsConfig's defaults. A missing or bad setting throws a ConfigError naming it.
 */
export function initTracker(product: string, ports: TrackerPorts, init?: TrackerInit): AnalyticsTracker;
export function initTracker(product: string, init?: RemoteTrackerInit): AnalyticsTracker;
export function initTracker(product: string, portsOrInit: TrackerPorts | RemoteTrackerInit = {}, init: TrackerInit = {}): AnalyticsTracker {
  if (isPorts(portsOrInit)) return initRegisteredTracker(product, portsOrInit, withProcessEnv(init));
  const existing = getTracker(product);
  if (existing && !existing.stopped) return existing;
  const { url, apiKey, http, logger, ...trackerInit } = portsOrInit;
  const options = resolveTrackerOptions(withProcessEnv(trackerInit));
  // One kept-alive connection per batch in flight (ANALYTICS_MAX_IN_FLIGHT), unless told otherwise.
  const connections = { maxSockets: options.maxInFlight, ...http };
  const events = new HttpEventStore({ ...connections, ...remoteSettings(url, apiKey, trackerInit.env ?? process.env) });
  const ports: TrackerPorts = { events, clock: systemClock, ids: uuidV7Ids, ...(logger ? { logger } : {}) };
  return initRegisteredTracker(product, ports, { ...options, bufferSize: Math.min(options.bufferSize, MAX_BATCH_EVENTS) });
}

function isPorts(value: TrackerPorts | RemoteTrackerInit): value is TrackerPorts {
  return typeof (value as Partial<TrackerPorts>).events === 'object' && (value as Partial<TrackerPorts>).events !== null;
}

/** url and key from the call, else from the environment; a missing or bad one throws a ConfigError naming it. */
function remoteSettings(url: string | undefined, apiKey: string | undefined, env: Environment): { url: string; apiKey: string } {
  const urlName = url === undefined ? 'CS_ANALYTICS_URL' : 'url';
  const keyName = apiKey === undefined ? 'CS_ANALYTICS_API_KEY' : 'apiKey';
  const theUrl = (url ?? env.CS_ANALYTICS_URL ?? '').trim();
  const theKey = (apiKey ?? env.CS_ANALYTICS_API_KEY ?? '').trim();
  if (theUrl === '') throw new ConfigError(urlName, 'the service URL is required (e.g. http://localhost:8002)');
  let parsed: URL;
  try {
    parsed = new URL(theUrl);
  } catch {
    throw new ConfigError(urlName, `${JSON.stringify(theUrl)} is not a URL (e.g. http://localhost:8002)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(urlName, `${parsed.protocol} is not http: or https:`);
  if (theKey === '') throw new ConfigError(keyName, 'an API key with the ingest scope is required (cs-analytics keys create --scopes ingest)');
  return { url: theUrl, apiKey: theKey };
}

/** `init`, reading `process.env` when it names neither an environment nor a configuration. */
function withProcessEnv(init: TrackerInit = {}): TrackerInit {
  const { env, config, ...options } = init;
  return env || config ? init : { ...options, env: process.env };
}
