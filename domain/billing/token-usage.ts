// A token usage: what one LLM call (a Coze chat, an AI message) consumed, keyed for idempotency, and how the
// usage is read from stored events (`message.ai` with tokens, `llm.usage`).
import type { AnalyticsEvent } from '../events/envelope.ts';
import type { PriceSubjectKind } from './models.ts';

export type UsageSource = 'message.ai' | 'llm.usage' | 'api';

/** One usage, as the UsageStore keeps it. Idempotent by (tenantId, usageKey): a later record replaces it. */
export interface TokenUsage {
  readonly tenantId: string;
  /** `message.ai`: the event id; `llm.usage`: `data.usageId` (e.g. `coze:<chat_id>`); API: `usageId`. */
  readonly usageKey: string;
  readonly occurredAt: Date;
  readonly sessionId: string | null;
  /** What the price is looked up by: the Coze bot when a botId is given, else the model. */
  readonly kind: PriceSubjectKind;
  readonly name: string;
  /** The model name when known (informative when priced by bot). */
  readonly model: string | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly source: UsageSource;
}

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The usage an event carries, or null (not a usage event, or a `message.ai` without tokens). */
export function usageFromEvent(e: AnalyticsEvent): TokenUsage | null {
  const input = int(e.data.inputTokens);
  const output = int(e.data.outputTokens);
  const model = text(e.data.model);
  if (e.name === 'message.ai') {
    // Only catalog fields count: a message.ai is priced by its model (none: the model 'unknown', unpriced).
    if (input === null && output === null) return null;
    return usage(e, e.id, null, model, input, output, 'message.ai');
  }
  if (e.name === 'llm.usage') {
    const usageId = text(e.data.usageId);
    if (!usageId) return null;
    return usage(e, usageId, text(e.data.botId), model, input, output, 'llm.usage');
  }
  return null;
}

function usage(
  e: AnalyticsEvent,
  usageKey: string,
  botId: string | null,
  model: string | null,
  input: number | null,
  output: number | null,
  source: UsageSource,
): TokenUsage {
  return {
    tenantId: e.tenantId,
    usageKey,
    occurredAt: e.occurredAt,
    sessionId: e.sessionId,
    kind: botId ? 'bot' : 'model',
    name: botId ?? model ?? 'unknown',
    model,
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    source,
  };
}
