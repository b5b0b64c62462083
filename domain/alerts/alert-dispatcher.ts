// AlertDispatcher: posts the outbox's pending deliveries, each held by one sender at a time, retried with exponential
// backoff on network errors, timeouts, 408, 429 and 5xx; every attempt and the outcome are recorded.
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { AlertStore } from './alert-store.ts';
import type { Attempt, Delivery, DeliveryLog } from './models.ts';
import { retryableStatus } from '../errors.ts';
import type { RetryPolicy, WebhookSender } from './webhook-sender.ts';

export interface AlertDispatcherDeps {
  readonly store: AlertStore;
  readonly sender: WebhookSender;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy: RetryPolicy;
  /** Waits between attempts (tests pass one that does not wait). */
  readonly sleep: (ms: number) => Promise<void>;
}

/** Deliveries posted by one dispatch: how many arrived and how many gave up. */
export interface DispatchSummary {
  delivered: number;
  failed: number;
}

/** Deliveries posted at once by one dispatch. */
const BATCH = 50;

export class AlertDispatcher {
  readonly #d: AlertDispatcherDeps;

  constructor(deps: AlertDispatcherDeps) {
    this.#d = deps;
  }

  /** Posts every pending delivery nobody holds (queued now, or left by a sender that stopped). */
  async dispatchPending(): Promise<DispatchSummary> {
    const summary: DispatchSummary = { delivered: 0, failed: 0 };
    for (;;) {
      const pending = await this.#d.store.pendingDeliveries(this.#d.clock.now(), BATCH);
      const results = await Promise.all(pending.map((d) => this.deliver(d)));
      for (const r of results) if (r) summary[r.status === 'delivered' ? 'delivered' : 'failed']++;
      if (pending.length < BATCH || results.every((r) => r === null)) return summary;
    }
  }

  /** Posts one delivery until it arrives or its attempts run out; null when another sender holds it. */
  async deliver(delivery: Delivery): Promise<DeliveryLog | null> {
    const { store, clock, policy } = this.#d;
    const now = clock.now();
    if (!(await store.claimDelivery(delivery.id, now, new Date(now.getTime() + leaseMs(policy))))) return null;
    const subscription = await store.getSubscription(delivery.tenantId, delivery.subscriptionId);
    let attempts = delivery.attempts;
    let last: Attempt | null = null;
    if (subscription) {
      for (let retry = 0; ; retry++) {
        last = await this.#attempt(delivery, subscription.secret, ++attempts);
        await store.recordAttempt(delivery.id, last);
        const retryable = last.status === null || retryableStatus(last.status);
        if (isSuccess(last) || !retryable || retry >= policy.delaysMs.length) break;
        await this.#d.sleep(policy.delaysMs[retry]!);
      }
    }
    const delivered = last !== null && isSuccess(last);
    const outcome = {
      status: delivered ? ('delivered' as const) : ('failed' as const),
      attempts,
      lastStatus: last?.status ?? null,
      lastError: subscription ? (last?.error ?? null) : 'the subscription was removed',
      finishedAt: clock.now(),
    };
    await store.finishDelivery(delivery.id, outcome);
    const fields = {
      deliveryId: delivery.id,
      tenantId: delivery.tenantId,
      kind: delivery.kind,
      attempts,
      status: outcome.lastStatus,
      error: outcome.lastError,
    };
    if (delivered) this.#d.logger.info('alert delivered', fields);
    else this.#d.logger.warn('alert delivery failed', fields);
    return (await store.getDelivery(delivery.tenantId, delivery.id)) ?? null;
  }

  async #attempt(delivery: Delivery, secret: string, attempt: number): Promise<Attempt> {
    const at = this.#d.clock.now();
    const started = Date.now();
    const post = { url: delivery.url, deliveryId: delivery.id, body: delivery.body, secret, timestamp: at, timeoutMs: this.#d.policy.timeoutMs };
    try {
      const { status } = await this.#d.sender.send(post);
      return { attempt, at: at.toISOString(), status, error: status < 300 ? null : `HTTP ${status}`, durationMs: Date.now() - started };
    } catch (err) {
      return { attempt, at: at.toISOString(), status: null, error: (err as Error)?.message ?? String(err), durationMs: Date.now() - started };
    }
  }
}

function isSuccess(a: Attempt): boolean {
  return a.status !== null && a.status >= 200 && a.status < 300;
}

/** How long a sender holds a delivery: every attempt timing out, every wait, and a minute to spare. */
function leaseMs(policy: RetryPolicy): number {
  const waits = policy.delaysMs.reduce((a, b) => a + b, 0);
  return waits + (policy.delaysMs.length + 1) * policy.timeoutMs + 60_000;
}
