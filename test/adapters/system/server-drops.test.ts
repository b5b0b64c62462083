// serverDrops: this process's drop counters (ingest sinks, in-process trackers), each named with the process.
import { describe, expect, it } from 'vitest';
import { serverDrops } from '../../../adapters/system/server-drops.ts';
import { emptyStats } from '../../../domain/tracker/tracker-stats.ts';

describe('serverDrops', () => {
  it('counts the sinks’ drops and each tracker’s drops of every reason, under names of this process', () => {
    let sinkDropped = 3;
    const stats = emptyStats();
    stats.dropped.queue_full = 4;
    stats.dropped.shutdown = 1;
    const drops = serverDrops({
      sinks: { stats: () => ({ dropped: sinkDropped }) },
      trackers: () => [{ product: 'ai_chatbot', stats: () => stats }],
    });
    const [sinks, tracker] = drops.dropCounts();
    expect(sinks).toMatchObject({ tenantId: null, dropped: 3 });
    expect(tracker).toMatchObject({ tenantId: null, dropped: 5 });
    expect(sinks!.source).toMatch(new RegExp(`^ingest-sinks@.+:${process.pid}:\\d+$`));
    expect(tracker!.source).toMatch(new RegExp(`^tracker:ai_chatbot@.+:${process.pid}:\\d+$`));
    sinkDropped = 7;
    expect(drops.dropCounts()[0]).toMatchObject({ source: sinks!.source, dropped: 7 });
  });

  it('names the counters of another start differently, so a count seen again after a restart is new', async () => {
    const one = serverDrops({ sinks: { stats: () => ({ dropped: 1 }) } }).dropCounts()[0]!.source;
    await new Promise((r) => setTimeout(r, 5));
    const two = serverDrops({ sinks: { stats: () => ({ dropped: 1 }) } }).dropCounts()[0]!.source;
    expect(two).not.toBe(one);
  });
});
