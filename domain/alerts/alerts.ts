// Alerts: a tenant's webhook subscriptions and thresholds (what the CLI and admin.alerts.* call), firing an alert
// once into the outbox of each subscription that wants it, and a signed sample sent on request.
import type { Secrets } from '../access/secrets.ts';
import type { Clock, IdSource } from '../clock.ts';
import { notFound } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import type { AlertCandidate } from './alert-checks.ts';
import type { AlertDispatcher } from './alert-dispatcher.ts';
import type { AlertStore } from './alert-store.ts';
import {
  alertKinds,
  defaultThresholds,
  ListDeliveriesInputSchema,
  SetThresholdsInputSchema,
  SubscribeInputSchema,
  UpdateSubscriptionInputSchema,
  type AlertBody,
  type Delivery,
  type DeliveryKind,
  type DeliveryLog,
  type FiredAlert,
  type StoredSubscription,
  type Subscribed,
  type Subscription,
  type Thresholds,
} from './models.ts';

export interface AlertsDeps {
  readonly store: AlertStore;
  readonly dispatcher: AlertDispatcher;
  readonly secrets: Secrets;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly tenantExists: (tenantId: string) => Promise<boolean>;
}

const SECRET_PREFIX = 'whsec_';

export class Alerts {
  readonly #d: AlertsDeps;

  constructor(deps: AlertsDeps) {
    this.#d = deps;
  }

  /** Adds a webhook for the tenant (every kind unless told); the signing secret is returned this once. */
  async subscribe(tenantId: string, raw: unknown): Promise<Subscribed> {
    const input = parseInput(SubscribeInputSchema, raw);
    await this.#knownTenant(tenantId);
    const secret = SECRET_PREFIX + this.#d.secrets.newToken();
    const subscription: StoredSubscription = {
      id: this.#d.ids.next(),
      tenantId,
      url: input.url,
      kinds: input.kinds ? [...new Set(input.kinds)] : [...alertKinds],
      enabled: true,
      secretPrefix: secret.slice(0, SECRET_PREFIX.length + 4),
      createdAt: this.#d.clock.now().toISOString(),
      secret,
    };
    await this.#d.store.addSubscription(subscription);
    const { secret: _kept, ...shown } = subscription;
    return { subscription: shown, secret };
  }

  list(tenantId: string): Promise<Subscription[]> {
    return this.#d.store.listSubscriptions(tenantId);
  }

  /** Changes a subscription's URL, kinds or enabled flag. */
  async update(tenantId: string, raw: unknown): Promise<Subscription> {
    const { id, ...patch } = parseInput(UpdateSubscriptionInputSchema, raw);
    const updated = await this.#d.store.updateSubscription(tenantId, id, { ...patch, ...(patch.kinds ? { kinds: [...new Set(patch.kinds)] } : {}) });
    if (!updated) throw notFound(`subscription ${JSON.stringify(id)}`);
    return updated;
  }

  async unsubscribe(tenantId: string, id: string): Promise<void> {
    if (!(await this.#d.store.removeSubscription(tenantId, id))) throw notFound(`subscription ${JSON.stringify(id)}`);
  }

  /** The tenant's thresholds, defaults filled in. */
  async thresholds(tenantId: string): Promise<Thresholds> {
    return (await this.#d.store.getThresholds(tenantId)) ?? defaultThresholds;
  }

  /** Sets some thresholds (the others keep their value); returns them all. */
  async setThresholds(tenantId: string, raw: unknown): Promise<Thresholds> {
    const patch = parseInput(SetThresholdsInputSchema, raw);
    await this.#knownTenant(tenantId);
    const next = { ...(await this.thresholds(tenantId)), ...definedOnly(patch) };
    await this.#d.store.setThresholds(tenantId, next);
    return next;
  }

  async deliveries(tenantId: string, raw: unknown = {}): Promise<DeliveryLog[]> {
    const { limit } = parseInput(ListDeliveriesInputSchema, raw ?? {});
    return this.#d.store.listDeliveries(tenantId, limit);
  }

  /**
   * Records the alert once (false when it fired before) with one pending delivery per enabled subscription that
   * wants its kind; the dispatcher posts them.
   */
  async fire(tenantId: string, candidate: AlertCandidate): Promise<boolean> {
    const now = this.#d.clock.now();
    const alert: FiredAlert = { id: this.#d.ids.next(), tenantId, firedAt: now, ...candidate };
    const targets = (await this.#d.store.listSubscriptions(tenantId)).filter((s) => s.enabled && s.kinds.includes(candidate.kind));
    return this.#d.store.fire(
      alert,
      targets.map((s) => this.#delivery(s, candidate.kind, candidate.key, candidate.data, now)),
    );
  }

  /** Sends a signed sample now to one subscription (or each of the tenant's) and says how each delivery went. */
  async test(tenantId: string, id?: string): Promise<DeliveryLog[]> {
    const all = await this.#d.store.listSubscriptions(tenantId);
    const targets = id === undefined ? all : all.filter((s) => s.id === id);
    if (targets.length === 0)
      throw notFound(id === undefined ? `a subscription of tenant ${JSON.stringify(tenantId)}` : `subscription ${JSON.stringify(id)}`);
    const now = this.#d.clock.now();
    const data = { message: 'a sample delivery from cs-analytics: the signature and the receiver work' };
    const deliveries = targets.map((s) => this.#delivery(s, 'test', `test:${now.toISOString()}`, data, now));
    await this.#d.store.addDeliveries(deliveries);
    const logs = await Promise.all(deliveries.map((d) => this.#d.dispatcher.deliver(d)));
    return logs.filter((l): l is DeliveryLog => l !== null);
  }

  #delivery(s: Subscription, kind: DeliveryKind, key: string, data: Record<string, unknown>, now: Date): Delivery {
    const id = this.#d.ids.next();
    const body: AlertBody = { id, kind, tenantId: s.tenantId, occurredAt: now.toISOString(), key, data };
    return {
      id,
      tenantId: s.tenantId,
      subscriptionId: s.id,
      kind,
      url: s.url,
      status: 'pending',
      attempts: 0,
      lastStatus: null,
      lastError: null,
      createdAt: now.toISOString(),
      finishedAt: null,
      body: JSON.stringify(body),
    };
  }

  async #knownTenant(tenantId: string): Promise<void> {
    if (!(await this.#d.tenantExists(tenantId))) throw notFound(`tenant ${JSON.stringify(tenantId)}`);
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
