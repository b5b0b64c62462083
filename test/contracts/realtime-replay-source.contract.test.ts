// The RealtimeReplaySource contract on PGlite and PostgreSQL (the memory store has no replay: the embedded default
// resyncs from PGlite): what the realtime resync reads back to rebuild today's live state.
import { expect } from 'vitest';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import type { EventStore } from '../../domain/events/event-store.ts';
import type { RealtimeReplaySource } from '../../domain/jobs/realtime-resync.ts';
import { anEvent } from '../support/builders.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface ReplayFixture {
  readonly events: EventStore;
  readonly replay: RealtimeReplaySource;
}

const adapters: PortAdapters<ReplayFixture> = {
  sql: ({ db }) => {
    const store = new PostgresEventStore({ db });
    return { events: store, replay: store };
  },
};

const at = (iso: string) => new Date(iso);
const SINCE = at('2026-03-10T00:00:00Z');
const AGENTS_SINCE = at('2026-03-03T00:00:00Z');

await portContract<ReplayFixture>('RealtimeReplaySource', adapters, (it) => {
  it('replays the whole timeline of each session with an event at or after `since`, oldest first', async ({ fx }) => {
    const overnight = [
      anEvent('session.start', { sessionId: 'overnight', occurredAt: at('2026-03-09T23:50:00Z') }),
      anEvent('message.user', { sessionId: 'overnight', occurredAt: at('2026-03-10T00:05:00Z') }),
    ];
    const edge = anEvent('session.start', { sessionId: 'edge', occurredAt: SINCE });
    const today = [
      anEvent('session.start', { sessionId: 'today', occurredAt: at('2026-03-10T09:00:00Z') }),
      anEvent('message.ai', { sessionId: 'today', occurredAt: at('2026-03-10T09:00:02Z'), data: { responseTimeMs: 2000 } }),
    ];
    const yesterday = [
      anEvent('session.start', { sessionId: 'yesterday', occurredAt: at('2026-03-09T10:00:00Z') }),
      anEvent('session.end', { sessionId: 'yesterday', occurredAt: at('2026-03-09T10:05:00Z') }),
    ];
    await fx.events.append([...today, ...yesterday, edge, ...overnight]);
    expect(await fx.replay.replayEvents('t1', SINCE, AGENTS_SINCE)).toEqual([overnight[0], edge, overnight[1], ...today]);
  });

  it('replays the agent events at or after `agentsSince`, and no other event without a session', async ({ fx }) => {
    const before = anEvent('agent.login', { agentId: 'a1', occurredAt: at('2026-03-02T23:00:00Z') });
    const onEdge = anEvent('agent.login', { agentId: 'a2', occurredAt: AGENTS_SINCE });
    const busy = anEvent('agent.status_change', { agentId: 'a1', occurredAt: at('2026-03-05T08:00:00Z') });
    const usage = anEvent('llm.usage', { occurredAt: at('2026-03-10T08:30:00Z') });
    const logout = anEvent('agent.logout', { agentId: 'a2', occurredAt: at('2026-03-10T08:00:00Z') });
    await fx.events.append([logout, usage, busy, onEdge, before]);
    expect(await fx.replay.replayEvents('t1', SINCE, AGENTS_SINCE)).toEqual([onEdge, busy, logout]);
  });

  it('keeps tenants apart', async ({ fx }) => {
    const mine = anEvent('session.start', { occurredAt: at('2026-03-10T09:00:00Z') });
    const theirs = anEvent('session.start', { tenantId: 't2', occurredAt: at('2026-03-10T09:00:00Z') });
    const theirAgent = anEvent('agent.login', { tenantId: 't2', occurredAt: at('2026-03-10T08:00:00Z') });
    await fx.events.append([mine, theirs, theirAgent]);
    expect(await fx.replay.replayEvents('t1', SINCE, AGENTS_SINCE)).toEqual([mine]);
    expect(await fx.replay.replayEvents('t2', SINCE, AGENTS_SINCE)).toEqual([theirAgent, theirs]);
    expect(await fx.replay.replayEvents('t3', SINCE, AGENTS_SINCE)).toEqual([]);
  });
});
