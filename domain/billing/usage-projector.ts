// UsageProjector: the tracker sink that records token usage from newly stored events (`message.ai` with tokens:
// key = event id; `llm.usage`: key = data.usageId). A replayed chunk records the same keys again: no double count.
import type { AnalyticsEvent } from '../events/envelope.ts';
import type { RealtimeSink } from '../tracker/sink-queue.ts';
import { usageFromEvent, type TokenUsage } from './token-usage.ts';
import type { UsageStore } from './usage-store.ts';

export class UsageProjector implements RealtimeSink {
  readonly name = 'usage';
  readonly #usage: UsageStore;

  constructor(deps: { usage: UsageStore }) {
    this.#usage = deps.usage;
  }

  async apply(events: readonly AnalyticsEvent[]): Promise<void> {
    const usages: TokenUsage[] = [];
    for (const e of events) {
      const u = usageFromEvent(e);
      if (u) usages.push(u);
    }
    if (usages.length > 0) await this.#usage.record(usages);
  }
}
