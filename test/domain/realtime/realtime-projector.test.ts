import { describe, expect, it } from 'vitest';
import { MemoryRealtimeStore } from '../../../adapters/memory/realtime/memory-realtime-store.ts';
import { RealtimeProjector } from '../../../domain/realtime/realtime-projector.ts';
import { metricsOf } from '../../../domain/stats/metrics.ts';
import { anEvent } from '../../support/builders.ts';

const at = (iso: string) => new Date(iso);

function setup(zone = 'UTC') {
  const store = new MemoryRealtimeStore();
  return { store, projector: new RealtimeProjector({ store, zoneOf: () => zone }) };
}

describe('RealtimeProjector.apply', () => {
  it('counts a conversation the bot resolved, whatever the batches', async () => {
    const { store, projector } = setup();
    await projector.apply([
      anEvent('session.start', { occurredAt: at('2026-03-10T10:00:00Z') }),
      anEvent('message.user', { occurredAt: at('2026-03-10T10:00:01Z') }),
      anEvent('message.ai', { occurredAt: at('2026-03-10T10:00:02Z'), data: { responseTimeMs: 1200 } }),
    ]);
    await projector.apply([anEvent('session.end', { occurredAt: at('2026-03-10T10:03:00Z') })]);
    const view = await store.read('t1', '2026-03-10', at('2026-03-10T10:00:00Z'));
    const m = metricsOf(view.counters);
    expect(m).toMatchObject({ sessions: 1, ended: 1, aiResolved: 1, abandoned: 0, aiResolutionRate: 1 });
    expect(m.messages).toEqual({ user: 1, ai: 1, agent: 0 });
    expect(m.aiResponseMs).toEqual({ count: 1, mean: 1200, p50: 1200, p90: 1200 });
    expect(m.durationSec).toMatchObject({ count: 1, mean: 180 });
    expect(view.live).toEqual([]);
  });

  it('moves an outcome when a late agent reply lands after the end', async () => {
    const { store, projector } = setup();
    await projector.apply([
      anEvent('session.start', { occurredAt: at('2026-03-10T10:00:00Z') }),
      anEvent('session.transfer', { occurredAt: at('2026-03-10T10:01:00Z') }),
      anEvent('session.end', { occurredAt: at('2026-03-10T10:09:00Z') }),
    ]);
    let m = metricsOf((await store.read('t1', '2026-03-10', at('2026-03-10T00:00:00Z'))).counters);
    expect(m).toMatchObject({ ended: 1, abandoned: 1, agentHandled: 0, transferred: 1 });
    await projector.apply([anEvent('message.agent', { occurredAt: at('2026-03-10T10:02:00Z'), agentId: 'a1' })]);
    m = metricsOf((await store.read('t1', '2026-03-10', at('2026-03-10T00:00:00Z'))).counters);
    expect(m).toMatchObject({ ended: 1, abandoned: 0, agentHandled: 1 });
    expect(m.agentFirstResponseMs).toMatchObject({ count: 1, mean: 60_000 });
  });

  it('counts only the last rating of a session', async () => {
    const { store, projector } = setup();
    await projector.apply([anEvent('session.rated', { occurredAt: at('2026-03-10T10:00:00Z'), data: { score: 2 } })]);
    await projector.apply([anEvent('session.rated', { occurredAt: at('2026-03-10T10:05:00Z'), data: { score: 5 } })]);
    const m = metricsOf((await store.read('t1', '2026-03-10', at('2026-03-10T00:00:00Z'))).counters);
    expect(m.satisfaction).toEqual({ counts: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 }, total: 1, mean: 5, csat: 1 });
  });

  it('keeps the queue and agent statuses live', async () => {
    const { store, projector } = setup();
    await projector.apply([
      anEvent('agent.login', { occurredAt: at('2026-03-10T09:00:00Z'), agentId: 'a1', data: { name: 'Ann' } }),
      anEvent('agent.status_change', { occurredAt: at('2026-03-10T09:30:00Z'), agentId: 'a1', data: { status: 'busy' } }),
      anEvent('session.start', { occurredAt: at('2026-03-10T10:00:00Z'), sessionId: 'q' }),
      anEvent('session.transfer', { occurredAt: at('2026-03-10T10:01:00Z'), sessionId: 'q' }),
    ]);
    const view = await store.read('t1', '2026-03-10', at('2026-03-10T09:40:00Z'));
    expect(view.queued.map((s) => s.sessionId)).toEqual(['q']);
    expect(view.agents).toEqual([{ agentId: 'a1', name: 'Ann', status: 'busy', since: at('2026-03-10T09:30:00Z') }]);
    expect(view.counters['agent.onlineMs|a1']).toBe(30 * 60_000);
  });

  it('buckets days in the tenant zone, across a DST change', async () => {
    // America/New_York springs forward on 2026-03-08: local midnight is 05:00Z before, 04:00Z after.
    const { store, projector } = setup('America/New_York');
    await projector.apply([
      anEvent('session.start', { sessionId: 'a', occurredAt: at('2026-03-09T03:59:00Z') }), // 23:59 on the 8th
      anEvent('session.start', { sessionId: 'b', occurredAt: at('2026-03-09T04:01:00Z') }), // 00:01 on the 9th
    ]);
    expect((await store.read('t1', '2026-03-08', at('2026-03-08T00:00:00Z'))).counters.sessions).toBe(1);
    expect((await store.read('t1', '2026-03-09', at('2026-03-08T00:00:00Z'))).counters.sessions).toBe(1);
  });
});
