// TrackerOptions: how a tracker batches, bounds its queue and retries. AnalyticsConfig is the one source of their
// defaults, and of the ANALYTICS_* variables initTracker reads; nothing here reads process.env itself.
import { AnalyticsConfig, type AnalyticsSettings, type Environment } from '../config.ts';
import { defaultBackoff, type BackoffPolicy } from './backoff.ts';
import type { TrackerIssue } from './tracker.ts';

export type OverflowPolicy = 'drop-newest' | 'drop-oldest';

export interface TrackerOptions {
  /** Tenant every event of this tracker belongs to. */
  readonly tenantId: string;
  /** Batch size (ANALYTICS_BUFFER_SIZE): a full batch starts a flush at once. */
  readonly bufferSize: number;
  /** How often whatever waits is written (ANALYTICS_FLUSH_INTERVAL_MS). */
  readonly flushIntervalMs: number;
  /** Events older than this are refused (ANALYTICS_RETENTION_DAYS). */
  readonly retentionDays: number;
  /** The queue's bound in events (ANALYTICS_MAX_QUEUE_EVENTS); past it events are dropped and counted. */
  readonly maxQueueEvents: number;
  /** The queue's bound in bytes (ANALYTICS_MAX_QUEUE_BYTES); past it events are dropped and counted. */
  readonly maxQueueBytes: number;
  /** Batches written at the same time (ANALYTICS_MAX_IN_FLIGHT). */
  readonly maxInFlight: number;
  /** Which event goes when the queue is full: the new one (default) or the oldest. */
  readonly overflow: OverflowPolicy;
  readonly backoff: BackoffPolicy;
  /** Called (at most about once a second) with what went wrong; never on the caller's stack of track(). */
  readonly onError?: (issue: TrackerIssue) => void;
  readonly random?: () => number;
}

/** The settings a tracker takes from AnalyticsConfig, and so from the ANALYTICS_* variables. */
const configured = [
  'bufferSize',
  'flushIntervalMs',
  'retentionDays',
  'maxQueueEvents',
  'maxQueueBytes',
  'maxInFlight',
] as const satisfies readonly (keyof AnalyticsSettings & keyof TrackerOptions)[];

/**
 * What initTracker is given: explicit options, and where the settings not given come from, either an environment
 * (`env: process.env`, only the tracker's ANALYTICS_* variables are read) or a configuration already read (`config`).
 * With neither, AnalyticsConfig's defaults apply. Explicit options always win.
 */
export type TrackerInit = Partial<TrackerOptions> &
  ({ readonly env?: Environment; readonly config?: never } | { readonly config?: AnalyticsConfig; readonly env?: never });

/** A configuration's tracker settings, with tenant `default`, dropping the newest on overflow and the default backoff. */
export function trackerOptionsFrom(config: AnalyticsConfig): TrackerOptions {
  const settings = Object.fromEntries(configured.map((key) => [key, config[key]])) as Pick<TrackerOptions, (typeof configured)[number]>;
  return { tenantId: 'default', ...settings, overflow: 'drop-newest', backoff: defaultBackoff };
}

/** The options of `new AnalyticsTracker()` without any: AnalyticsConfig's defaults. */
export const defaultTrackerOptions: TrackerOptions = trackerOptionsFrom(new AnalyticsConfig());

/** The options a tracker is made with. A bad variable in `env` throws a ConfigError naming it. */
export function resolveTrackerOptions(init: TrackerInit = {}): TrackerOptions {
  const { env, config, ...explicit } = init;
  const base = config ?? (env ? AnalyticsConfig.fromEnv(env, configured) : undefined);
  return { ...(base ? trackerOptionsFrom(base) : defaultTrackerOptions), ...explicit };
}
