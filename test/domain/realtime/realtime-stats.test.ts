// RealtimeStats on the memory stores: what the golden day does not show (midnight, zones, tenants, odd agents).
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { MemoryRealtimeStore } from '../../../adapters/memory/realtime/memory-realtime-store.ts';
import { FixedClock } from '../../../domain/clock.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { RealtimeProjector } from '../../../domain/realtime/realtime-projector.ts';
import { RealtimeStats } from '../../../domain/realtime/realtime-stats.ts';
import { anEvent, sequentialIds } from '../../support/builders.ts';

const H = 3_600_000;
const at = (iso: string) => new Date(iso);

function setup(now: string, zone = 'UTC') {
  const realtime = new MemoryRealtimeStore();
  const events = new MemoryEventStore();
  const projector = new RealtimeProjector({ store: realtime, zoneOf: () => zone });
  const clock = new FixedClock(now);
  const stats = new RealtimeStats({ realtime, events, projector, clock, ids: sequentialIds(3), zoneOf: () => zone });
  const feed = async (...list: AnalyticsEvent[]) => {
    const { stored } = await events.append(list);
    await projector.apply(list.filter((e) => stored.includes(e.id)));
  };
  return { stats, feed, clock };
}

describe('RealtimeStats.getAgents', () => {
  it('counts only the part of an ongoing status since local midnight as today', async () => {
    // Tokyo midnight of the 10th is 15:00Z on the 9th; online since 13:00Z on the 9th, read at 18:00Z.
    const { stats, feed } = setup('2026-03-09T18:00:00Z', 'Asia/Tokyo');
    await feed(anEvent('agent.login', { agentId: 'a1', occurredAt: at('2026-03-09T13:00:00Z') }));
    const [row] = (await stats.getAgents('t1')).agents;
    expect(row).toMatchObject({ agentId: 'a1', status: 'online', inStatusMs: 5 * H, onlineMs: 3 * H, busyMs: 0 });
  });

  it('lists an agent seen only through replies as offline with no status time', async () => {
    const { stats, feed } = setup('2026-03-10T11:10:00Z');
    await feed(
      anEvent('session.start', { sessionId: 's', occurredAt: at('2026-03-10T11:00:00Z') }),
      anEvent('session.transfer', { sessionId: 's', occurredAt: at('2026-03-10T11:01:00Z') }),
      anEvent('message.agent', { sessionId: 's', agentId: 'ghost', occurredAt: at('2026-03-10T11:02:00Z'), data: { responseTimeMs: 4000 } }),
    );
    expect((await stats.getAgents('t1')).agents).toEqual([
      {
        agentId: 'ghost',
        name: null,
        status: 'offline',
        since: null,
        inStatusMs: null,
        activeSessions: 1,
        handledToday: 0,
        repliesToday: 1,
        meanResponseMs: 4000,
        onlineMs: 0,
        busyMs: 0,
        awayMs: 0,
      },
    ]);
  });
});

describe('RealtimeStats tenancy and channels', () => {
  it("never shows another tenant's sessions or agents", async () => {
    const { stats, feed } = setup('2026-03-10T12:00:00Z');
    await feed(
      anEvent('session.start', { tenantId: 'other', sessionId: 'x', occurredAt: at('2026-03-10T11:50:00Z') }),
      anEvent('agent.login', { tenantId: 'other', agentId: 'b1', occurredAt: at('2026-03-10T11:00:00Z') }),
    );
    const overview = await stats.getOverview('t1');
    expect(overview).toMatchObject({ activeSessions: 0, today: { sessions: 0 }, agents: { online: 0, busy: 0, away: 0, offline: 0 } });
    expect((await stats.getChannels('t1')).channels).toEqual([]);
    expect((await stats.getAgents('t1')).agents).toEqual([]);
  });

  it('puts sessions that named no channel under unknown, and has no share without sessions', async () => {
    const { stats, feed } = setup('2026-03-10T12:00:00Z');
    await feed(anEvent('message.user', { sessionId: 'orphan', occurredAt: at('2026-03-10T11:59:00Z') }));
    expect((await stats.getChannels('t1')).channels).toEqual([]);
    await feed(anEvent('session.start', { sessionId: 'orphan', channel: null, occurredAt: at('2026-03-10T11:58:00Z') }));
    expect((await stats.getChannels('t1')).channels).toEqual([{ channel: 'unknown', sessionsToday: 1, activeNow: 1, share: 1 }]);
  });
});

describe("RealtimeStats with ids that are JavaScript's own names", () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

  it('lists each as an ordinary channel and agent, with its own counts', async () => {
    const { stats, feed } = setup('2026-03-10T12:00:00Z');
    for (const n of names) {
      await feed(
        anEvent('session.start', { sessionId: n, channel: n, occurredAt: at('2026-03-10T11:50:00Z') }),
        anEvent('message.agent', { sessionId: n, agentId: n, occurredAt: at('2026-03-10T11:51:00Z'), data: { responseTimeMs: 2000 } }),
      );
    }
    await stats.updateAgentStatus('t1', 'constructor', 'busy');
    const channels = (await stats.getChannels('t1')).channels;
    expect(channels.map((c) => c.channel).sort()).toEqual([...names].sort());
    for (const c of channels) expect(c).toMatchObject({ sessionsToday: 1, activeNow: 1, share: 0.2 });
    const agents = (await stats.getAgents('t1')).agents;
    expect(agents.map((a) => [a.agentId, a.status, a.activeSessions, a.repliesToday])).toEqual([
      ['constructor', 'busy', 1, 1],
      ...['__proto__', 'hasOwnProperty', 'toString', 'valueOf'].map((n) => [n, 'offline', 1, 1]),
    ]);
  });
});

describe('RealtimeStats.updateAgentStatus', () => {
  it('rejects an empty agent id, naming the field', async () => {
    const { stats } = setup('2026-03-10T12:00:00Z');
    await expect(stats.updateAgentStatus('t1', '', 'online')).rejects.toMatchObject({ code: 'INVALID', field: 'agentId' });
  });

  it('closes the previous status span like an event from the workbench', async () => {
    const { stats, feed, clock } = setup('2026-03-10T12:00:00Z');
    await feed(anEvent('agent.login', { agentId: 'a1', occurredAt: at('2026-03-10T10:00:00Z') }));
    await stats.updateAgentStatus('t1', 'a1', 'away');
    clock.advance(H);
    const [row] = (await stats.getAgents('t1')).agents;
    expect(row).toMatchObject({ status: 'away', since: '2026-03-10T12:00:00.000Z', onlineMs: 2 * H, awayMs: H });
  });
});
