// The golden day on the memory adapters (the reference).
import { MemoryCountersSource } from '../../adapters/memory/memory-counters-source.ts';
import { MemoryDailyRollupStore } from '../../adapters/memory/memory-daily-rollup-store.ts';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store.ts';
import { MemoryRealtimeStore } from '../../adapters/memory/memory-realtime-store.ts';
import { MemorySessionQuery } from '../../adapters/memory/memory-session-query.ts';
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
