// The tracker ports of a product running in the same process as the service: the service's event store, and its
// sinks (realtime counters, token usage) fed with what the tracker newly stored.
import type { Services } from '../../adapters/index.ts';
import { uuidV7Ids } from '../../adapters/system/system-clock.ts';
import type { RealtimeSink } from '../../domain/tracker/sink-queue.ts';
import type { TrackerPorts } from '../../domain/tracker/tracker.ts';

/** `app.register(analyticsTrackerPlugin, { product, ports: trackerPorts(services), tracker: { tenantId } })`. */
export function trackerPorts(services: Pick<Services, 'events' | 'sinks' | 'clock' | 'logger'>): TrackerPorts & Pick<Services, 'events'> {
  // The service's SinkQueue keeps its own backlog and retries per sink, as it does for events ingested over HTTP.
  // When the service's token-usage backlog is full, the tracker keeps these events in its own sink backlog and
  // offers them again at its next drain, as HTTP ingest refuses with a 503 then.
  const forward: RealtimeSink = {
    name: 'service-sinks',
    apply: async (events) => {
      if (!services.sinks.hasRoom(events.length)) throw new Error("the service's derived updates are behind; retried at the next drain");
      services.sinks.push(events);
    },
  };
  return { events: services.events, realtime: [forward], clock: services.clock, ids: uuidV7Ids, logger: services.logger };
}
