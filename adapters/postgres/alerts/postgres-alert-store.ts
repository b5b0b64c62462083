// AlertStore on PostgreSQL (or PGlite): analytics_alert_subscriptions / _settings / _alerts_fired / _deliveries /
// _attempts. An alert and its deliveries are written in one transaction, and only when its key is new.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AlertStore, DeliveryOutcome } from '../../../domain/alerts/alert-store.ts';
import type {
  AlertKind,
  Attempt,
  Delivery,
  DeliveryKind,
  DeliveryLog,
  DeliveryStatus,
  FiredAlert,
  StoredSubscription,
  Subscription,
  SubscriptionPatch,
  Thresholds,
} from '../../../domain/alerts/models.ts';
import type { Database } from '../schema.ts';
import type { AlertAttemptsTable, AlertDeliveriesTable, AlertSubscriptionsTable } from './tables.ts';

export class PostgresAlertStore implements AlertStore {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async addSubscription(s: StoredSubscription): Promise<void> {
    await this.#db
      .insertInto('analytics_alert_subscriptions')
      .values({
        id: s.id,
        tenant_id: s.tenantId,
        url: s.url,
        kinds: [...s.kinds],
        enabled: s.enabled,
        secret: s.secret,
        secret_prefix: s.secretPrefix,
        created_at: new Date(s.createdAt),
      })
      .execute();
  }

  async listSubscriptions(tenantId: string): Promise<Subscription[]> {
    const rows = await this.#db
      .selectFrom('analytics_alert_subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => shown(subscriptionOf(r)));
  }

  async getSubscription(tenantId: string, id: string): Promise<StoredSubscription | null> {
    if (!isUuid(id)) return null;
    const row = await this.#db
      .selectFrom('analytics_alert_subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? subscriptionOf(row) : null;
  }

  async updateSubscription(tenantId: string, id: string, patch: SubscriptionPatch): Promise<Subscription | null> {
    if (!isUuid(id)) return null;
    const set = {
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.kinds !== undefined ? { kinds: [...patch.kinds] } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    };
    if (Object.keys(set).length === 0) return (await this.listSubscriptions(tenantId)).find((s) => s.id === id) ?? null;
    const row = await this.#db
      .updateTable('analytics_alert_subscriptions')
      .set(set)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row ? shown(subscriptionOf(row)) : null;
  }

  async removeSubscription(tenantId: string, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const r = await this.#db.deleteFrom('analytics_alert_subscriptions').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async subscribedTenants(): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('analytics_alert_subscriptions')
      .select('tenant_id')
      .distinct()
      .where('enabled', '=', true)
      .orderBy('tenant_id')
      .execute();
    return rows.map((r) => r.tenant_id);
  }

  async getThresholds(tenantId: string): Promise<Thresholds | null> {
    const row = await this.#db.selectFrom('analytics_alert_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    return row
      ? { queueWaitSeconds: row.queue_wait_seconds, csatFloorPercent: Number(row.csat_floor_percent), csatMinRatings: row.csat_min_ratings }
      : null;
  }

  async setThresholds(tenantId: string, t: Thresholds): Promise<void> {
    const values = { queue_wait_seconds: t.queueWaitSeconds, csat_floor_percent: t.csatFloorPercent, csat_min_ratings: t.csatMinRatings };
    await this.#db
      .insertInto('analytics_alert_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
      .execute();
  }

  async fire(alert: FiredAlert, deliveries: readonly Delivery[]): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('analytics_alerts_fired')
        .values({
          tenant_id: alert.tenantId,
          kind: alert.kind,
          key: alert.key,
          id: alert.id,
          fired_at: alert.firedAt,
          data: JSON.stringify(alert.data),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      if (deliveries.length) await tx.insertInto('analytics_alert_deliveries').values(deliveries.map(deliveryRow)).execute();
      return true;
    });
  }

  async firedCount(tenantId: string, kind: AlertKind): Promise<number> {
    const row = await this.#db
      .selectFrom('analytics_alerts_fired')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async episodeOpen(tenantId: string, kind: AlertKind): Promise<boolean> {
    const row = await this.#db
      .selectFrom('analytics_alerts_fired')
      .select('key')
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .where('resolved_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async closeEpisode(tenantId: string, kind: AlertKind, at: Date): Promise<number> {
    const r = await this.#db
      .updateTable('analytics_alerts_fired')
      .set({ resolved_at: at })
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async addDeliveries(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length) await this.#db.insertInto('analytics_alert_deliveries').values(deliveries.map(deliveryRow)).execute();
  }

  async pendingDeliveries(now: Date, limit: number): Promise<Delivery[]> {
    const rows = await this.#db
      .selectFrom('analytics_alert_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('held_until', 'is', null), eb('held_until', '<=', now)]))
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(deliveryOf);
  }

  async claimDelivery(id: string, now: Date, until: Date): Promise<boolean> {
    const r = await this.#db
      .updateTable('analytics_alert_deliveries')
      .set({ held_until: until })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('held_until', 'is', null), eb('held_until', '<=', now)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async recordAttempt(deliveryId: string, a: Attempt): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await tx
        .insertInto('analytics_alert_attempts')
        .values({ delivery_id: deliveryId, attempt: a.attempt, at: new Date(a.at), status: a.status, error: a.error, duration_ms: a.durationMs })
        .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
        .execute();
      await tx
        .updateTable('analytics_alert_deliveries')
        .set((eb) => ({ attempts: sql<number>`greatest(${eb.ref('attempts')}, ${a.attempt})`, last_status: a.status, last_error: a.error }))
        .where('id', '=', deliveryId)
        .execute();
    });
  }

  async finishDelivery(id: string, o: DeliveryOutcome): Promise<void> {
    await this.#db
      .updateTable('analytics_alert_deliveries')
      .set({
        status: o.status,
        attempts: o.attempts,
        last_status: o.lastStatus,
        last_error: o.lastError,
        finished_at: o.finishedAt,
        held_until: null,
      })
      .where('id', '=', id)
      .execute();
  }

  async listDeliveries(tenantId: string, limit: number): Promise<DeliveryLog[]> {
    const rows = await this.#db
      .selectFrom('analytics_alert_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return this.#withAttempts(rows);
  }

  async getDelivery(tenantId: string, id: string): Promise<DeliveryLog | null> {
    if (!isUuid(id)) return null;
    const rows = await this.#db.selectFrom('analytics_alert_deliveries').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    return (await this.#withAttempts(rows))[0] ?? null;
  }

  async #withAttempts(rows: Selectable<AlertDeliveriesTable>[]): Promise<DeliveryLog[]> {
    if (rows.length === 0) return [];
    const attempts = await this.#db
      .selectFrom('analytics_alert_attempts')
      .selectAll()
      .where(
        'delivery_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('attempt')
      .execute();
    const byDelivery = new Map<string, Selectable<AlertAttemptsTable>[]>();
    for (const a of attempts) byDelivery.set(a.delivery_id, [...(byDelivery.get(a.delivery_id) ?? []), a]);
    return rows.map((r) => ({ ...deliveryOf(r), attemptLog: (byDelivery.get(r.id) ?? []).map(attemptOf) }));
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are uuid columns: anything else names no row (and must not reach the database as a cast error). */
function isUuid(id: string): boolean {
  return uuidPattern.test(id);
}

function subscriptionOf(r: Selectable<AlertSubscriptionsTable>): StoredSubscription {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    url: r.url,
    kinds: r.kinds as AlertKind[],
    enabled: r.enabled,
    secretPrefix: r.secret_prefix,
    createdAt: r.created_at.toISOString(),
    secret: r.secret,
  };
}

function shown({ secret: _secret, ...s }: StoredSubscription): Subscription {
  return s;
}

function deliveryRow(d: Delivery) {
  return {
    id: d.id,
    tenant_id: d.tenantId,
    subscription_id: d.subscriptionId,
    kind: d.kind,
    url: d.url,
    body: d.body,
    status: d.status,
    attempts: d.attempts,
    last_status: d.lastStatus,
    last_error: d.lastError,
    created_at: new Date(d.createdAt),
    finished_at: d.finishedAt ? new Date(d.finishedAt) : null,
  };
}

function deliveryOf(r: Selectable<AlertDeliveriesTable>): Delivery {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    subscriptionId: r.subscription_id,
    kind: r.kind as DeliveryKind,
    url: r.url,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    body: r.body,
  };
}

function attemptOf(a: Selectable<AlertAttemptsTable>): Attempt {
  return { attempt: a.attempt, at: a.at.toISOString(), status: a.status, error: a.error, durationMs: a.duration_ms };
}
