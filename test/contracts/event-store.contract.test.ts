// The EventStore contract on memory, PGlite and PostgreSQL: same inputs, same answers. Its writes keep the session
// facts too, read here through the same adapter's SessionStore side (their own rules: session-store.contract.test.ts).
import { expect } from 'vitest';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import type { EventStore } from '../../domain/events/event-store.ts';
import { IngestEvents } from '../../domain/ingest/ingest-events.ts';
import { SinkQueue } from '../../domain/tracker/sink-queue.ts';
import type { SessionStore } from '../../domain/sessions/session-store.ts';
import { aClock, anEvent, sequentialIds } from '../support/builders.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface EventStoreFixture {
  readonly store: EventStore & SessionStore;
}

const at = (iso: string) => new Date(iso);

const adapters: PortAdapters<EventStoreFixture> = {
  memory: () => ({ store: new MemoryEventStore() }),
  sql: ({ db }) => ({ store: new PostgresEventStore({ db }) }),
};

await portContract<EventStoreFixture>('EventStore', adapters, (it) => {
  it('stores a batch and reports every id as newly stored', async ({ fx }) => {
    const batch = [anEvent('session.start'), anEvent('message.user'), anEvent('message.ai')];
    const result = await fx.store.append(batch);
    expect([...result.stored].sort()).toEqual(batch.map((e) => e.id).sort());
    expect(result.rejected).toEqual([]);
    expect(await fx.store.count('t1')).toBe(3);
  });

  it('stores the same batch twice once, and says nothing is new the second time', async ({ fx }) => {
    const batch = [anEvent('session.start'), anEvent('message.user')];
    await fx.store.append(batch);
    const again = await fx.store.append(batch);
    expect(again.stored).toEqual([]);
    expect(await fx.store.count('t1')).toBe(2);
    const [facts] = await fx.store.getSessions('t1', ['s1']);
    expect(facts?.userMessages).toBe(1);
  });

  it('stores an id repeated inside one batch once', async ({ fx }) => {
    const e = anEvent('message.user');
    const result = await fx.store.append([e, e, { ...e }]);
    expect(result.stored).toEqual([e.id]);
    expect(await fx.store.count('t1')).toBe(1);
  });

  it('stores an id once whatever its occurredAt: sent again seconds later, then with another occurredAt', async ({ fx }) => {
    const first = anEvent('message.user', { occurredAt: at('2026-03-10T10:00:00Z') });
    expect((await fx.store.append([first])).stored).toEqual([first.id]);
    const retry = await fx.store.append([{ ...first, occurredAt: at('2026-03-10T10:00:03Z') }]);
    const other = await fx.store.append([{ ...first, occurredAt: at('2026-03-09T18:30:00Z'), data: { length: 7 } }]);
    expect([retry.stored, other.stored]).toEqual([[], []]);
    expect(await fx.store.count('t1')).toBe(1);
    expect(await fx.store.sessionEvents('t1', 's1')).toEqual([first]);
    const [facts] = await fx.store.getSessions('t1', ['s1']);
    expect(facts).toMatchObject({ userMessages: 1, firstEventAt: first.occurredAt, lastEventAt: first.occurredAt });
  });

  it('stores only the new events of a batch that repeats a stored id under another occurredAt, moving counters once', async ({ fx }) => {
    const old = anEvent('message.user', { occurredAt: at('2026-03-10T10:00:00Z') });
    await fx.store.append([old]);
    const fresh = [
      anEvent('message.user', { occurredAt: at('2026-03-10T10:00:05Z') }),
      anEvent('message.ai', { occurredAt: at('2026-03-10T10:00:06Z') }),
    ];
    const result = await fx.store.append([fresh[0]!, { ...old, occurredAt: at('2026-03-10T10:00:04Z') }, fresh[1]!]);
    expect([...result.stored].sort()).toEqual(fresh.map((e) => e.id).sort());
    expect(await fx.store.count('t1')).toBe(3);
    const [facts] = await fx.store.getSessions('t1', ['s1']);
    expect(facts).toMatchObject({ userMessages: 2, aiMessages: 1, firstEventAt: old.occurredAt });
  });

  it('stores an id sent again without occurredAt seconds later once: duplicates 1 each time', async ({ fx }) => {
    const clock = aClock('2026-03-10T10:00:00Z');
    const ingest = new IngestEvents({
      events: fx.store,
      sinks: new SinkQueue([], { maxPending: 100, chunkSize: 100, onFailure: () => {} }),
      clock,
      ids: sequentialIds(5),
      retentionDays: 90,
    });
    const id = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
    const send = (over: Record<string, unknown> = {}) => ingest.execute('t1', [{ id, name: 'message.user', sessionId: 's1', ...over }]);
    expect(await send()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    clock.advance(4000);
    expect(await send()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    clock.advance(4000);
    expect(await send({ occurredAt: '2026-03-10T09:00:00Z' })).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await fx.store.count('t1')).toBe(1);
    const [facts] = await fx.store.getSessions('t1', ['s1']);
    expect(facts).toMatchObject({ userMessages: 1, firstEventAt: at('2026-03-10T10:00:00Z') });
  });

  it('takes an id in capitals for the same id in small letters', async ({ fx }) => {
    const e = anEvent('message.user', { id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c' });
    await fx.store.append([e]);
    expect((await fx.store.append([{ ...e, id: e.id.toUpperCase() }])).stored).toEqual([]);
    expect(await fx.store.count('t1')).toBe(1);
  });

  it('keeps tenants apart, even under the same event id', async ({ fx }) => {
    const e = anEvent('session.start');
    await fx.store.append([e, { ...e, tenantId: 't2' }]);
    expect(await fx.store.count('t1')).toBe(1);
    expect(await fx.store.count('t2')).toBe(1);
    expect(await fx.store.sessionEvents('t2', 's1')).toHaveLength(1);
    expect(await fx.store.getSessions('t3', ['s1'])).toEqual([]);
  });

  it('returns a session timeline oldest first, with every field as written', async ({ fx }) => {
    const start = anEvent('session.start', { occurredAt: at('2026-03-10T10:00:00Z'), data: { customerId: 'c9', extra: [1, 'two'] } });
    const reply = anEvent('message.ai', { occurredAt: at('2026-03-10T10:00:05Z'), data: { responseTimeMs: 1234, model: 'gpt' } });
    const user = anEvent('message.user', { occurredAt: at('2026-03-10T10:00:01Z') });
    await fx.store.append([reply, start, user]);
    const timeline = await fx.store.sessionEvents('t1', 's1');
    expect(timeline.map((e) => e.name)).toEqual(['session.start', 'message.user', 'message.ai']);
    expect(timeline[0]).toEqual(start);
    expect(timeline[2]).toEqual(reply);
  });

  it('keeps text that looks like array or JSON syntax exactly as written, in events and session facts', async ({ fx }) => {
    const odd = ['a,b', '{x}', 'say "hi"', 'back\\slash', ' padded ', 'NULL', 'null', 'tab\there', '渠道', 'e\u0301'];
    const batch = odd.map((text, i) =>
      anEvent(i % 2 ? 'message.agent' : 'session.start', {
        occurredAt: new Date(Date.parse('2026-03-10T10:00:00Z') + i * 1000),
        sessionId: `s ${text}`,
        agentId: text,
        channel: text,
        product: text,
        tenantId: `t ${text}`,
        data: i % 2 ? {} : { customerId: text },
      }),
    );
    expect((await fx.store.append(batch)).stored).toHaveLength(odd.length);
    for (const [i, text] of odd.entries()) {
      expect(await fx.store.sessionEvents(`t ${text}`, `s ${text}`)).toEqual([batch[i]]);
      const [facts] = await fx.store.getSessions(`t ${text}`, [`s ${text}`]);
      expect([facts?.channel, i % 2 ? facts?.agentId : facts?.customerId]).toEqual([text, text]);
    }
  });

  it('counts events in a time range [from, to)', async ({ fx }) => {
    await fx.store.append([
      anEvent('message.user', { occurredAt: at('2026-03-09T23:59:59.999Z') }),
      anEvent('message.user', { occurredAt: at('2026-03-10T00:00:00Z') }),
      anEvent('message.user', { occurredAt: at('2026-03-10T23:59:59Z') }),
      anEvent('message.user', { occurredAt: at('2026-03-11T00:00:00Z') }),
    ]);
    expect(await fx.store.count('t1', { from: at('2026-03-10T00:00:00Z'), to: at('2026-03-11T00:00:00Z') })).toBe(2);
  });

  it('refuses an event its storage cannot hold without sinking the rest of the batch', async ({ fx }) => {
    const good = [anEvent('session.start'), anEvent('message.user')];
    const bad = anEvent('message.user', { data: { note: 'nul\u0000here' } });
    const result = await fx.store.append([good[0]!, bad, good[1]!]);
    expect([...result.stored].sort()).toEqual(good.map((e) => e.id).sort());
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]!.id).toBe(bad.id);
    expect(result.rejected[0]!.error).toMatch(/note/);
    expect(await fx.store.count('t1')).toBe(2);
  });

  it('takes a batch of 5,000 events in one call', async ({ fx }) => {
    const batch = Array.from({ length: 5000 }, (_, i) =>
      anEvent('message.user', { sessionId: `s${i % 300}`, occurredAt: new Date(Date.parse('2026-03-10T10:00:00Z') + i) }),
    );
    const result = await fx.store.append(batch);
    expect(result.stored).toHaveLength(5000);
    expect(await fx.store.count('t1')).toBe(5000);
    const [facts] = await fx.store.getSessions('t1', ['s7']);
    expect(facts?.userMessages).toBe(17);
  });
});
