// An EventStore that fails on demand, around a real one: transient outages, acknowledgements lost after a write.
import { TransientStoreError, PermanentStoreError } from '../../domain/errors.ts';
import type { AnalyticsEvent } from '../../domain/events/envelope.ts';
import type { AppendResult, EventStore, TimeRange } from '../../domain/events/event-store.ts';

export class FlakyEventStore implements EventStore {
  calls = 0;
  #failures: ('down' | 'ack-lost' | 'permanent')[] = [];
  #hang = false;
  constructor(readonly inner: EventStore) {}

  /** The next `n` appends fail: 'down' before writing, 'ack-lost' after writing, 'permanent' for good. */
  failNext(n: number, how: 'down' | 'ack-lost' | 'permanent' = 'down'): void {
    for (let i = 0; i < n; i++) this.#failures.push(how);
  }
  /** Appends never settle (a store that hangs) until released. */
  hang(on: boolean): void {
    this.#hang = on;
  }

  async append(events: readonly AnalyticsEvent[]): Promise<AppendResult> {
    this.calls++;
    if (this.#hang) return new Promise(() => {});
    const failure = this.#failures.shift();
    if (failure === 'down') throw new TransientStoreError('connection refused');
    if (failure === 'permanent') throw new PermanentStoreError('column does not exist');
    const result = await this.inner.append(events);
    if (failure === 'ack-lost') throw new TransientStoreError('connection reset after commit');
    return result;
  }
  sessionEvents(tenantId: string, sessionId: string) {
    return this.inner.sessionEvents(tenantId, sessionId);
  }
  count(tenantId: string, range?: TimeRange) {
    return this.inner.count(tenantId, range);
  }
}
