// In-memory AlertStore, for tests: subscriptions, thresholds, fired alerts (unique per tenant, kind and key), the
// deliveries' outbox and their attempts.
import type { AlertStore, DeliveryOutcome } from '../../../domain/alerts/alert-store.ts';
import type {
  AlertKind,
  Attempt,
  Delivery,
  DeliveryLog,
  FiredAlert,
  StoredSubscription,
  Subscription,
  SubscriptionPatch,
  Thresholds,
} from '../../../domain/alerts/models.ts';

interface HeldDelivery {
  delivery: Delivery;
  heldUntil: number | null;
  attempts: Attempt[];
}

export class MemoryAlertStore implements AlertStore {
  readonly #subscriptions = new Map<string, StoredSubscription>();
  readonly #thresholds = new Map<string, Thresholds>();
  readonly #fired = new Map<string, FiredAlert & { resolvedAt: Date | null }>();
  readonly #deliveries = new Map<string, HeldDelivery>();

  async addSubscription(subscription: StoredSubscription): Promise<void> {
    this.#subscriptions.set(subscription.id, { ...subscription, kinds: [...subscription.kinds] });
  }

  async listSubscriptions(tenantId: string): Promise<Subscription[]> {
    return [...this.#subscriptions.values()]
      .filter((s) => s.tenantId === tenantId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map(({ secret: _secret, ...s }) => ({ ...s, kinds: [...s.kinds] }));
  }

  async getSubscription(tenantId: string, id: string): Promise<StoredSubscription | null> {
    const s = this.#subscriptions.get(id);
    return s && s.tenantId === tenantId ? { ...s, kinds: [...s.kinds] } : null;
  }

  async updateSubscription(tenantId: string, id: string, patch: SubscriptionPatch): Promise<Subscription | null> {
    const s = await this.getSubscription(tenantId, id);
    if (!s) return null;
    const next = { ...s, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    this.#subscriptions.set(id, next);
    const { secret: _secret, ...shown } = next;
    return shown;
  }

  async removeSubscription(tenantId: string, id: string): Promise<boolean> {
    if (!(await this.getSubscription(tenantId, id))) return false;
    return this.#subscriptions.delete(id);
  }

  async subscribedTenants(): Promise<string[]> {
    return [...new Set([...this.#subscriptions.values()].filter((s) => s.enabled).map((s) => s.tenantId))].sort();
  }

  async getThresholds(tenantId: string): Promise<Thresholds | null> {
    const t = this.#thresholds.get(tenantId);
    return t ? { ...t } : null;
  }

  async setThresholds(tenantId: string, thresholds: Thresholds): Promise<void> {
    this.#thresholds.set(tenantId, { ...thresholds });
  }

  async fire(alert: FiredAlert, deliveries: readonly Delivery[]): Promise<boolean> {
    const key = firedKey(alert.tenantId, alert.kind, alert.key);
    if (this.#fired.has(key)) return false;
    this.#fired.set(key, { ...alert, resolvedAt: null });
    await this.addDeliveries(deliveries);
    return true;
  }

  async firedCount(tenantId: string, kind: AlertKind): Promise<number> {
    return this.#firedOf(tenantId, kind).length;
  }

  async episodeOpen(tenantId: string, kind: AlertKind): Promise<boolean> {
    return this.#firedOf(tenantId, kind).some((f) => f.resolvedAt === null);
  }

  async closeEpisode(tenantId: string, kind: AlertKind, at: Date): Promise<number> {
    const open = this.#firedOf(tenantId, kind).filter((f) => f.resolvedAt === null);
    for (const f of open) f.resolvedAt = at;
    return open.length;
  }

  async addDeliveries(deliveries: readonly Delivery[]): Promise<void> {
    for (const d of deliveries) this.#deliveries.set(d.id, { delivery: { ...d }, heldUntil: null, attempts: [] });
  }

  async pendingDeliveries(now: Date, limit: number): Promise<Delivery[]> {
    return [...this.#deliveries.values()]
      .filter((h) => h.delivery.status === 'pending' && (h.heldUntil === null || h.heldUntil <= now.getTime()))
      .map((h) => ({ ...h.delivery }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async claimDelivery(id: string, now: Date, until: Date): Promise<boolean> {
    const h = this.#deliveries.get(id);
    if (h?.delivery.status !== 'pending' || (h.heldUntil !== null && h.heldUntil > now.getTime())) return false;
    h.heldUntil = until.getTime();
    return true;
  }

  async recordAttempt(deliveryId: string, attempt: Attempt): Promise<void> {
    const h = this.#deliveries.get(deliveryId);
    if (!h) return;
    h.attempts.push({ ...attempt });
    h.delivery.attempts = Math.max(h.delivery.attempts, attempt.attempt);
  }

  async finishDelivery(id: string, outcome: DeliveryOutcome): Promise<void> {
    const h = this.#deliveries.get(id);
    if (!h) return;
    h.delivery = { ...h.delivery, ...outcome, finishedAt: outcome.finishedAt?.toISOString() ?? null };
    h.heldUntil = null;
  }

  async listDeliveries(tenantId: string, limit: number): Promise<DeliveryLog[]> {
    return [...this.#deliveries.values()]
      .filter((h) => h.delivery.tenantId === tenantId)
      .sort((a, b) => b.delivery.createdAt.localeCompare(a.delivery.createdAt) || b.delivery.id.localeCompare(a.delivery.id))
      .slice(0, limit)
      .map(logOf);
  }

  async getDelivery(tenantId: string, id: string): Promise<DeliveryLog | null> {
    const h = this.#deliveries.get(id);
    return h && h.delivery.tenantId === tenantId ? logOf(h) : null;
  }

  #firedOf(tenantId: string, kind: AlertKind) {
    return [...this.#fired.values()].filter((f) => f.tenantId === tenantId && f.kind === kind);
  }
}

function firedKey(tenantId: string, kind: string, key: string): string {
  return JSON.stringify([tenantId, kind, key]);
}

function logOf(h: HeldDelivery): DeliveryLog {
  return { ...h.delivery, attemptLog: h.attempts.map((a) => ({ ...a })) };
}
