// The golden day on the memory adapters (the reference).
import { MemoryCountersSource } from '../../adapters/memory/stats/memory-counters-source.ts';
import { MemoryDailyRollupStore } from '../../adapters/memory/stats/memory-daily-rollup-store.ts';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { MemorySessionQuery } from '../../adapters/memory/sessions/memory-session-query.ts';
import { goldenDaySuite } from './golden-day.suite.ts';

goldenDaySuite('memory', async () => {
  const events = new MemoryEventStore();
  return {
    events,
    realtime: new MemoryRealtimeStore(),
    counters: new MemoryCountersSource(events),
    rollups: new MemoryDailyRollupStore(),
    sessions: new MemorySessionQuery(events),
    close: async () => {},
  };
});
