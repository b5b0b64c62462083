// The AlertStore port: a tenant's webhook subscriptions and thresholds, the alerts fired (each once), and the
// deliveries' outbox with every attempt.
import type {
  AlertKind,
  Attempt,
  Delivery,
  DeliveryLog,
  DeliveryStatus,
  FiredAlert,
  StoredSubscription,
  Subscription,
  SubscriptionPatch,
  Thresholds,
} from './models.ts';

/** How a delivery ended (or that it waits for another try). */
export interface DeliveryOutcome {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly finishedAt: Date | null;
}

export interface AlertStore {
  addSubscription(subscription: StoredSubscription): Promise<void>;
  /** The tenant's subscriptions, oldest first (no secrets). */
  listSubscriptions(tenantId: string): Promise<Subscription[]>;
  /** One subscription with its secret, or null when the tenant has none with this id. */
  getSubscription(tenantId: string, id: string): Promise<StoredSubscription | null>;
  /** Changes some fields; null when the tenant has no subscription with this id. */
  updateSubscription(tenantId: string, id: string, patch: SubscriptionPatch): Promise<Subscription | null>;
  /** Removes it; false when there was none. */
  removeSubscription(tenantId: string, id: string): Promise<boolean>;
  /** The tenants with at least one enabled subscription, by id. */
  subscribedTenants(): Promise<string[]>;

  /** The thresholds set for the tenant, or null when none were ever set. */
  getThresholds(tenantId: string): Promise<Thresholds | null>;
  setThresholds(tenantId: string, thresholds: Thresholds): Promise<void>;

  /**
   * Records the alert and queues its deliveries (pending), atomically; false (and nothing queued) when the tenant's
   * alert of this kind and key was recorded before, by this instance or another.
   */
  fire(alert: FiredAlert, deliveries: readonly Delivery[]): Promise<boolean>;
  /** How many alerts of the kind the tenant ever fired (numbers the next episode). */
  firedCount(tenantId: string, kind: AlertKind): Promise<number>;
  /** Whether an alert of the kind is open (fired, not yet resolved): an episode still running. */
  episodeOpen(tenantId: string, kind: AlertKind): Promise<boolean>;
  /** Resolves the open alerts of the kind (the episode is over; the next one may fire); returns how many. */
  closeEpisode(tenantId: string, kind: AlertKind, at: Date): Promise<number>;

  /** Queues deliveries that belong to no alert (a test). */
  addDeliveries(deliveries: readonly Delivery[]): Promise<void>;
  /** Pending deliveries nobody holds at `now`, oldest first (at most `limit`). */
  pendingDeliveries(now: Date, limit: number): Promise<Delivery[]>;
  /** Holds a pending delivery until `until` for this sender; false when another holds it or it is no longer pending. */
  claimDelivery(id: string, now: Date, until: Date): Promise<boolean>;
  recordAttempt(deliveryId: string, attempt: Attempt): Promise<void>;
  /** Sets the delivery's outcome and lets go of it. */
  finishDelivery(id: string, outcome: DeliveryOutcome): Promise<void>;
  /** The tenant's latest deliveries, newest first, with their attempts (in order). */
  listDeliveries(tenantId: string, limit: number): Promise<DeliveryLog[]>;
  /** One of the tenant's deliveries with its attempts, or null. */
  getDelivery(tenantId: string, id: string): Promise<DeliveryLog | null>;
}
