// Typed helpers over the tracker, one per catalog event: a misspelled event or a missing required field
// (in `data` or in the envelope, e.g. `channel` on session.start) is a compile-time error in the product.
import type { EventData, EventName } from '../events/catalog.ts';
import type { AnalyticsTracker, TrackEnvelope } from './tracker.ts';

/**
 * Envelope fields each event requires, written out at the type level (the catalog's `requires` lists the
 * same at run time; a test keeps the two equal).
 */
export interface RequiredEnvelope {
  'session.start': 'sessionId' | 'channel';
  'message.user': 'sessionId';
  'message.ai': 'sessionId';
  'session.transfer': 'sessionId';
  'message.agent': 'sessionId' | 'agentId';
  'session.end': 'sessionId';
  'session.rated': 'sessionId';
  'order.query': 'sessionId';
  'tracking.query': 'sessionId';
  'agent.login': 'agentId';
  'agent.logout': 'agentId';
  'agent.status_change': 'agentId';
  'llm.usage': never;
}

type EnvelopeKey = 'sessionId' | 'agentId' | 'channel';

/** Fields any event may carry besides its data: its id (idempotency key), when it happened, the product. */
export interface CommonFields {
  readonly id?: string;
  readonly occurredAt?: Date | string;
  readonly product?: string;
}

/** `llm.usage` needs `model` or `botId`: a union says so (the zod refine cannot, at the type level). */
interface LlmUsageData {
  readonly usageId: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/**
 * The catalog's keys only: the schemas keep unknown keys (loose objects), but through the helpers a misspelled
 * optional key (`intnet`, `chanel`) is a compile error rather than an extra key nobody reads.
 */
type KnownKeys<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

type DataOf<N extends EventName> = N extends 'llm.usage'
  ? LlmUsageData & ({ readonly model: string; readonly botId?: string } | { readonly botId: string; readonly model?: string })
  : KnownKeys<EventData<N>>;

/** Everything one event takes, flat: its data, its required envelope fields, the optional rest. */
export type EventFields<N extends EventName> = DataOf<N> &
  CommonFields & { readonly [K in RequiredEnvelope[N]]: string } & {
    readonly [K in Exclude<EnvelopeKey, RequiredEnvelope[N]>]?: string;
  };

/** What the helpers need of a tracker (an AnalyticsTracker, or a fake in tests). */
export type EventSink = Pick<AnalyticsTracker, 'track'>;

/**
 * The catalog as methods. Each call is one synchronous `tracker.track()`: it never throws and never waits.
 *
 * ```ts
 * const events = new TypedEvents(tracker);
 * events.sessionStart({ sessionId, channel: 'web', customerId });
 * events.aiMessage({ sessionId, responseTimeMs: 840, model: 'doubao', inputTokens: 612, outputTokens: 40 });
 * ```
 */
export class TypedEvents {
  constructor(readonly tracker: EventSink) {}

  /** Any catalog event by name; the name and its fields are checked at compile time. */
  emit<N extends EventName>(name: N, fields: EventFields<N>): void {
    const { id, occurredAt, product, sessionId, agentId, channel, ...data } = fields as CommonFields & {
      sessionId?: string;
      agentId?: string;
      channel?: string;
    };
    const envelope: TrackEnvelope = { id, occurredAt, product, agentId, channel };
    this.tracker.track(name, data as EventData<N>, sessionId, envelope);
  }

  /** A customer opened a conversation (`channel`: web, app, whatsapp, messenger, email, ...). */
  sessionStart(fields: EventFields<'session.start'>): void {
    this.emit('session.start', fields);
  }
  userMessage(fields: EventFields<'message.user'>): void {
    this.emit('message.user', fields);
  }
  /** The AI answered: how long it took and, when known, the tokens it used (counted once, by this event's id). */
  aiMessage(fields: EventFields<'message.ai'>): void {
    this.emit('message.ai', fields);
  }
  /** The AI hands the session to humans; it waits in the queue until an agent replies. */
  sessionTransfer(fields: EventFields<'session.transfer'>): void {
    this.emit('session.transfer', fields);
  }
  agentMessage(fields: EventFields<'message.agent'>): void {
    this.emit('message.agent', fields);
  }
  sessionEnd(fields: EventFields<'session.end'>): void {
    this.emit('session.end', fields);
  }
  /** A rating 1..5; the last rating of a session counts. */
  sessionRated(fields: EventFields<'session.rated'>): void {
    this.emit('session.rated', fields);
  }
  orderQuery(fields: EventFields<'order.query'>): void {
    this.emit('order.query', fields);
  }
  trackingQuery(fields: EventFields<'tracking.query'>): void {
    this.emit('tracking.query', fields);
  }
  agentLogin(fields: EventFields<'agent.login'>): void {
    this.emit('agent.login', fields);
  }
  agentLogout(fields: EventFields<'agent.logout'>): void {
    this.emit('agent.logout', fields);
  }
  agentStatusChange(fields: EventFields<'agent.status_change'>): void {
    this.emit('agent.status_change', fields);
  }
  /** Token usage reported by the LLM provider; `usageId` (e.g. `coze:<chat_id>`) makes it count once. */
  llmUsage(fields: EventFields<'llm.usage'>): void {
    this.emit('llm.usage', fields);
  }
}
