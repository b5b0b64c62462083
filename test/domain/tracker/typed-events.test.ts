// The typed helpers: each puts one catalog event on the tracker, and the compiler refuses a misspelled event or
// a missing required field (see typed-events.type-checks.ts: its @ts-expect-error lines fail `tsc` the day one of
// them stops being an error).
import { describe, expect, it } from 'vitest';
import { eventCatalog, eventNames, type EventName } from '../../../domain/events/catalog.ts';
import { AnalyticsTracker } from '../../../domain/tracker/tracker.ts';
import { TypedEvents, type RequiredEnvelope } from '../../../domain/tracker/typed-events.ts';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { aClock, sequentialIds } from '../../support/builders.ts';

function recorder() {
  const calls: unknown[][] = [];
  return { calls, events: new TypedEvents({ track: (...args: unknown[]) => void calls.push(args) } as never) };
}

describe('TypedEvents', () => {
  it('declares the same required envelope fields as the catalog', () => {
    const declared: Record<EventName, readonly string[]> = {
      'session.start': ['sessionId', 'channel'],
      'message.user': ['sessionId'],
      'message.ai': ['sessionId'],
      'session.transfer': ['sessionId'],
      'message.agent': ['sessionId', 'agentId'],
      'session.end': ['sessionId'],
      'session.rated': ['sessionId'],
      'order.query': ['sessionId'],
      'tracking.query': ['sessionId'],
      'agent.login': ['agentId'],
      'agent.logout': ['agentId'],
      'agent.status_change': ['agentId'],
      'llm.usage': [],
    } satisfies Record<EventName, readonly RequiredEnvelope[EventName][]>;
    for (const name of eventNames) expect([...eventCatalog[name].requires].sort(), name).toEqual([...declared[name]].sort());
  });

  it('splits flat fields into data and envelope', () => {
    const { calls, events } = recorder();
    const at = new Date('2026-03-10T10:00:00Z');
    events.sessionStart({ sessionId: 's1', channel: 'web', customerId: 'c1', occurredAt: at, id: 'x' });
    events.agentMessage({ sessionId: 's1', agentId: 'a1', responseTimeMs: 12 });
    expect(calls[0]).toEqual([
      'session.start',
      { customerId: 'c1' },
      's1',
      { id: 'x', occurredAt: at, product: undefined, agentId: undefined, channel: 'web' },
    ]);
    expect(calls[1]).toEqual(['message.agent', { responseTimeMs: 12 }, 's1', expect.objectContaining({ agentId: 'a1' })]);
  });

  it('puts every catalog event on a real tracker, all valid', async () => {
    const store = new MemoryEventStore();
    const tracker = new AnalyticsTracker('ai_chatbot', { events: store, clock: aClock(), ids: sequentialIds() }, { tenantId: 't1' });
    const events = new TypedEvents(tracker);
    const s = { sessionId: 's1' };
    events.sessionStart({ ...s, channel: 'WhatsApp', locale: 'en' });
    events.userMessage({ ...s, length: 12 });
    events.aiMessage({ ...s, responseTimeMs: 840, model: 'doubao', inputTokens: 612, outputTokens: 40, intent: 'order' });
    events.orderQuery({ ...s, found: false, orderId: 'o1' });
    events.trackingQuery({ ...s, found: true, carrier: 'dhl' });
    events.sessionTransfer({ ...s, reason: 'asked for a human' });
    events.agentLogin({ agentId: 'a1', name: 'Ann' });
    events.agentStatusChange({ agentId: 'a1', status: 'online' });
    events.agentMessage({ ...s, agentId: 'a1', responseTimeMs: 30_000 });
    events.sessionEnd({ ...s, reason: 'resolved' });
    events.sessionRated({ ...s, score: 5, comment: 'thanks' });
    events.agentLogout({ agentId: 'a1' });
    events.llmUsage({ usageId: 'coze:c1', botId: 'bot1', inputTokens: 600, outputTokens: 40, sessionId: 's1' });
    await tracker.stop();
    const stats = tracker.stats();
    expect(stats.invalid).toBe(0);
    expect(stats.written).toBe(13);
    const stored = await store.sessionEvents('t1', 's1');
    expect(stored.find((e) => e.name === 'session.start')).toMatchObject({ channel: 'whatsapp', product: 'ai_chatbot', data: { locale: 'en' } });
  });
});
