// One tracker per product name: initTracker() makes (and starts) it, getTracker() finds it.
import { AnalyticsTracker, type TrackerPorts } from './tracker.ts';
import { resolveTrackerOptions, type TrackerInit } from './tracker-options.ts';

const trackers = new Map<string, AnalyticsTracker>();

/**
 * Returns the product's running tracker, creating and starting one when there is none (or the last one
 * was stopped). Options apply only when a tracker is created: explicit options win over the settings of
 * `env` (the ANALYTICS_* variables, e.g. `{ env: process.env }`) or `config` (an AnalyticsConfig), which win over
 * AnalyticsConfig's defaults. The domain reads no environment by itself: the library entry's initTracker (and the
 * fastify plugin) pass `process.env` unless told otherwise. A bad variable throws a ConfigError naming it.
 */
export function initTracker(product: string, ports: TrackerPorts, init: TrackerInit = {}): AnalyticsTracker {
  const existing = trackers.get(product);
  if (existing && !existing.stopped) return existing;
  const tracker = new AnalyticsTracker(product, ports, resolveTrackerOptions(init)).start();
  trackers.set(product, tracker);
  return tracker;
}

/** The product's tracker, or undefined when initTracker() was not called for it. */
export function getTracker(product: string): AnalyticsTracker | undefined {
  return trackers.get(product);
}

/** The trackers of this process that are not stopped (the service's metrics read their stats() at each scrape). */
export function runningTrackers(): AnalyticsTracker[] {
  return [...trackers.values()].filter((t) => !t.stopped);
}

/** Stops every tracker (e.g. at shutdown) and forgets them. */
export async function stopAllTrackers(options?: { deadlineMs?: number }): Promise<void> {
  const all = [...trackers.values()];
  trackers.clear();
  await Promise.all(all.map((t) => t.stop(options)));
}
