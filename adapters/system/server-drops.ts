// DropSource of this process: events the sinks' backlogs dropped and the in-process trackers' drops, each counter
// named with this process (counters restart at 0 with it, so a count seen again after a restart is a new drop).
import { hostname } from 'node:os';
import type { DropCount, DropSource } from '../../domain/alerts/alert-sources.ts';
import { totalDropped, type TrackerStats } from '../../domain/tracker/tracker-stats.ts';

/** What is read of a tracker: its product and stats(). */
export interface TrackerView {
  readonly product: string;
  stats(): TrackerStats;
}

export function serverDrops(sources: { sinks: { stats(): { dropped: number } }; trackers?: () => readonly TrackerView[] }): DropSource {
  const instance = `${hostname()}:${process.pid}:${Date.now()}`;
  return {
    dropCounts(): DropCount[] {
      const counts: DropCount[] = [{ source: `ingest-sinks@${instance}`, tenantId: null, dropped: sources.sinks.stats().dropped }];
      for (const t of sources.trackers?.() ?? [])
        counts.push({ source: `tracker:${t.product}@${instance}`, tenantId: null, dropped: totalDropped(t.stats()) });
      return counts;
    },
  };
}
