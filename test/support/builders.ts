// Builders for events and trackers in tests: a fixed clock, sequential ids, readable defaults.
import type { IdSource } from '../../domain/clock.ts';
import { FixedClock } from '../../domain/clock.ts';
import type { EventName } from '../../domain/events/catalog.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';

/** Ids that read in failures: 00000000-0000-7000-8000-000000000001, ... (valid UUIDv7 shape). */
export function sequentialIds(prefix = 0): IdSource & { count: number } {
  let n = 0;
  return {
    get count() {
      return n;
    },
    next() {
      n++;
      const hex = (prefix * 1_000_000 + n).toString(16).padStart(12, '0');
      return `00000000-0000-7000-8000-${hex}`;
    },
  };
}

export const T0 = '2026-03-10T10:00:00.000Z';

export function aClock(at: string = T0): FixedClock {
  return new FixedClock(at);
}

let eventSeq = 0;

/** A stored-shape event with sensible defaults. */
export function anEvent(name: EventName, over: Partial<AnalyticsEvent> = {}): AnalyticsEvent {
  eventSeq++;
  return {
    id: `00000000-0000-7000-9000-${eventSeq.toString(16).padStart(12, '0')}`,
    tenantId: 't1',
    name,
    occurredAt: new Date(T0),
    sessionId: name.startsWith('agent.') || name === 'llm.usage' ? null : 's1',
    agentId: name.startsWith('agent.') || name === 'message.agent' ? 'a1' : null,
    channel: name === 'session.start' ? 'web' : null,
    product: 'ai_chatbot',
    data: defaultData(name),
    ...over,
  };
}

function defaultData(name: EventName): Record<string, unknown> {
  switch (name) {
    case 'message.ai':
      return { responseTimeMs: 800 };
    case 'session.rated':
      return { score: 5 };
    case 'order.query':
    case 'tracking.query':
      return { found: true };
    case 'agent.status_change':
      return { status: 'busy' };
    case 'llm.usage':
      return { usageId: 'coze:1', botId: 'bot1', inputTokens: 10, outputTokens: 5 };
    default:
      return {};
  }
}

/** Waits until `check` passes or the timeout runs out (polling), for asynchronous effects. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
