// sync-realtime-stats: an emptied realtime store (Redis after FLUSHALL, a restarted process) gets today's state back
// exactly as the live projection had built it, batch by batch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRealtimeStore } from '../../../adapters/memory/realtime/memory-realtime-store.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { RealtimeProjector } from '../../../domain/realtime/realtime-projector.ts';
import type { RealtimeView } from '../../../domain/realtime/realtime-store.ts';
import { metricsOf } from '../../../domain/stats/metrics.ts';
import { anEvent } from '../../support/builders.ts';
import { sqlEngines, type DatabaseFixture } from '../../support/databases.ts';
import { jobDeps } from './job-deps.ts';

const NOW = '2026-03-10T15:00:00Z';
const TODAY = '2026-03-10';
const at = (iso: string) => new Date(iso);

/** A day of traffic: a session from last night that ends today, bot and agent sessions, a queue, agents. */
function traffic(): AnalyticsEvent[] {
  const s = (sessionId: string, name: Parameters<typeof anEvent>[0], iso: string, over: Partial<AnalyticsEvent> = {}) =>
    anEvent(name, { sessionId, occurredAt: at(iso), ...over });
  return [
    anEvent('agent.login', { agentId: 'a1', occurredAt: at('2026-03-09T20:00:00Z'), sessionId: null }),
    s('night', 'session.start', '2026-03-09T22:50:00Z', { channel: 'web' }),
    s('night', 'session.transfer', '2026-03-09T22:55:00Z'),
    s('night', 'message.agent', '2026-03-10T00:10:00Z', { agentId: 'a1', data: { responseTimeMs: 4000 } }),
    s('night', 'session.end', '2026-03-10T00:20:00Z', { data: { reason: 'resolved' } }),
    s('bot', 'session.start', '2026-03-10T09:00:00Z', { channel: 'app' }),
    s('bot', 'message.user', '2026-03-10T09:00:05Z'),
    s('bot', 'message.ai', '2026-03-10T09:00:07Z', { data: { responseTimeMs: 1200 } }),
    s('bot', 'order.query', '2026-03-10T09:00:09Z', { data: { found: false } }),
    s('bot', 'session.rated', '2026-03-10T09:03:00Z', { data: { score: 5 } }),
    s('bot', 'session.end', '2026-03-10T09:02:00Z', { data: { reason: 'resolved' } }),
    s('waiting', 'session.start', '2026-03-10T14:40:00Z', { channel: 'web' }),
    s('waiting', 'message.user', '2026-03-10T14:41:00Z'),
    s('waiting', 'session.transfer', '2026-03-10T14:45:00Z'),
    anEvent('agent.status_change', { agentId: 'a1', occurredAt: at('2026-03-10T14:00:00Z'), sessionId: null, data: { status: 'busy' } }),
    anEvent('agent.login', { agentId: 'a2', occurredAt: at('2026-03-10T13:00:00Z'), sessionId: null }),
  ];
}

/** A view as the pages see it: figures from counters, sessions and agents in a stable order. */
function seen(v: RealtimeView) {
  const by = <T>(xs: readonly T[], key: (x: T) => string) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    metrics: metricsOf(v.counters),
    live: by(v.live, (s) => s.sessionId),
    queued: by(v.queued, (s) => s.sessionId),
    agents: by(v.agents, (a) => a.agentId),
  };
}

for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(`sync-realtime-stats on ${engine.name}`, () => {
    let fx: DatabaseFixture;
    beforeEach(async () => {
      fx = await engine.open();
    });
    afterEach(() => fx?.close());

    it('restores an emptied realtime store exactly', async () => {
      const deps = jobDeps(fx, NOW);
      await deps.tenants.create({ tenantId: 't1', timeZone: 'Europe/Paris' });
      const live = new MemoryRealtimeStore();
      const projector = new RealtimeProjector({ store: live, zoneOf: () => 'Europe/Paris' });
      const events = traffic();
      for (const batch of [events.slice(0, 4), events.slice(4, 9), events.slice(9)]) {
        const { stored } = await deps.events.append(batch);
        await projector.apply(batch.filter((e) => stored.includes(e.id)));
      }
      const before = seen(await live.read('t1', TODAY, at('2026-03-10T14:30:00Z')));
      expect(before.metrics).toMatchObject({ sessions: 2, ended: 2, aiResolved: 1, agentHandled: 1 });

      const outcome = await deps.jobs.run('sync-realtime-stats');

      expect(outcome).toMatchObject({ status: 'done', summary: { tenants: 1 } });
      expect(seen(await deps.realtimeStore.read('t1', TODAY, at('2026-03-10T14:30:00Z')))).toEqual(before);
    });
  });
}
