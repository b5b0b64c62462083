// One tracker per product name: initTracker() makes (and starts) it, getTracker() finds it.
import { AnalyticsTracker, type TrackerOptions, type TrackerPorts } from './tracker.ts';

const trackers = new Map<string, AnalyticsTracker>();

/**
 * Returns the product's running tracker, creating and starting one when there is none (or the last one
 * was stopped). Options apply only when a tracker is created.
 */
export function initTracker(product: string, ports: TrackerPorts, options: Partial<TrackerOptions> = {}): AnalyticsTracker {
  const existing = trackers.get(product);
  if (existing && !existing.stopped) return existing;
  const tracker = new AnalyticsTracker(product, ports, options).start();
  trackers.set(product, tracker);
  return tracker;
}

/** The product's tracker, or undefined when initTracker() was not called for it. */
export function getTracker(product: string): AnalyticsTracker | undefined {
  return trackers.get(product);
}

/** Stops every tracker (e.g. at shutdown) and forgets them. */
export async function stopAllTrackers(options?: { deadlineMs?: number }): Promise<void> {
  const all = [...trackers.values()];
  trackers.clear();
  await Promise.all(all.map((t) => t.stop(options)));
}
