// The AlertStore contract (and JobStreaks, the run log read for failing jobs) on memory, PGlite and PostgreSQL.
import { expect } from 'vitest';
import { MemoryAlertStore } from '../../adapters/memory/alerts/memory-alert-store.ts';
import { MemoryJobStreaks } from '../../adapters/memory/alerts/memory-job-streaks.ts';
import { PostgresAlertStore } from '../../adapters/postgres/alerts/postgres-alert-store.ts';
import { PostgresJobStreaks } from '../../adapters/postgres/alerts/postgres-job-streaks.ts';
import type { JobStreaks } from '../../domain/alerts/alert-sources.ts';
import type { AlertStore } from '../../domain/alerts/alert-store.ts';
import type { Delivery, StoredSubscription } from '../../domain/alerts/models.ts';
import { sequentialIds } from '../support/builders.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface AlertStoreFixture {
  readonly store: AlertStore;
  readonly streaks: JobStreaks;
  /** Records a finished run of `job` in the run log. */
  ran(job: string, startedAt: string, ok: boolean, error?: string): Promise<void>;
}

const adapters: PortAdapters<AlertStoreFixture> = {
  memory: () => {
    const streaks = new MemoryJobStreaks();
    return {
      store: new MemoryAlertStore(),
      streaks,
      ran: async (job, startedAt, ok, error) => streaks.record(job, new Date(startedAt), ok ? { ok: true } : { ok: false, error: error ?? '' }),
    };
  },
  sql: ({ db }) => ({
    store: new PostgresAlertStore({ db }),
    streaks: new PostgresJobStreaks({ db }),
    async ran(job, startedAt, ok, error) {
      const at = new Date(startedAt);
      await db
        .insertInto('analytics_job_runs')
        .values({ job, slot: at, instance: 'test', started_at: at, finished_at: at, ok, error: ok ? null : (error ?? '') })
        .execute();
    },
  }),
};

const ids = sequentialIds(9);
const T = '2026-03-10T10:00:00.000Z';

function aSubscription(tenantId: string, over: Partial<StoredSubscription> = {}): StoredSubscription {
  return {
    id: ids.next(),
    tenantId,
    url: 'https://hooks.example/a',
    kinds: ['quota', 'drops'],
    enabled: true,
    secretPrefix: 'whsec_ab',
    createdAt: T,
    secret: 'whsec_abcdef',
    ...over,
  };
}

function aDelivery(s: StoredSubscription, over: Partial<Delivery> = {}): Delivery {
  const id = ids.next();
  return {
    id,
    tenantId: s.tenantId,
    subscriptionId: s.id,
    kind: 'drops',
    url: s.url,
    status: 'pending',
    attempts: 0,
    lastStatus: null,
    lastError: null,
    createdAt: T,
    finishedAt: null,
    body: JSON.stringify({ id }),
    ...over,
  };
}

const at = (iso: string) => new Date(iso);

await portContract<AlertStoreFixture>('AlertStore', adapters, (it) => {
  it('keeps subscriptions per tenant, the secret only where asked for, and lists tenants with an enabled one', async ({ fx }) => {
    const a = aSubscription('t1');
    const b = aSubscription('t1', { createdAt: '2026-03-10T11:00:00.000Z', kinds: ['csat_low'] });
    const c = aSubscription('t2', { enabled: false });
    for (const s of [b, a, c]) await fx.store.addSubscription(s);
    const { secret: _s, ...shownA } = a;
    expect((await fx.store.listSubscriptions('t1')).map((s) => s.id)).toEqual([a.id, b.id]);
    expect((await fx.store.listSubscriptions('t1'))[0]).toEqual(shownA);
    expect(await fx.store.getSubscription('t1', a.id)).toEqual(a);
    expect(await fx.store.getSubscription('t2', a.id)).toBeNull();
    expect(await fx.store.getSubscription('t1', 'not-a-uuid')).toBeNull();
    expect(await fx.store.subscribedTenants()).toEqual(['t1']);

    expect(await fx.store.updateSubscription('t1', b.id, { enabled: false, kinds: ['queue_wait'] })).toMatchObject({
      id: b.id,
      enabled: false,
      kinds: ['queue_wait'],
    });
    expect(await fx.store.updateSubscription('t2', b.id, { enabled: true })).toBeNull();
    expect(await fx.store.removeSubscription('t2', a.id)).toBe(false);
    expect(await fx.store.removeSubscription('t1', a.id)).toBe(true);
    expect(await fx.store.removeSubscription('t1', a.id)).toBe(false);
    expect(await fx.store.subscribedTenants()).toEqual([]);
  });

  it('keeps thresholds per tenant, replaced whole', async ({ fx }) => {
    expect(await fx.store.getThresholds('t1')).toBeNull();
    await fx.store.setThresholds('t1', { queueWaitSeconds: 90, csatFloorPercent: 72.5, csatMinRatings: 5 });
    await fx.store.setThresholds('t1', { queueWaitSeconds: 60, csatFloorPercent: 72.5, csatMinRatings: 5 });
    expect(await fx.store.getThresholds('t1')).toEqual({ queueWaitSeconds: 60, csatFloorPercent: 72.5, csatMinRatings: 5 });
    expect(await fx.store.getThresholds('t2')).toBeNull();
  });

  it('fires an alert once per tenant, kind and key, queueing its deliveries only the first time', async ({ fx }) => {
    const s = aSubscription('t1');
    await fx.store.addSubscription(s);
    const alert = { id: ids.next(), tenantId: 't1', kind: 'quota' as const, key: '2026-03-01:80', firedAt: at(T), data: { threshold: 80 } };
    expect(await fx.store.fire(alert, [aDelivery(s)])).toBe(true);
    expect(await fx.store.fire({ ...alert, id: ids.next() }, [aDelivery(s)])).toBe(false);
    expect(await fx.store.fire({ ...alert, id: ids.next(), tenantId: 't2' }, [])).toBe(true);
    expect(await fx.store.fire({ ...alert, id: ids.next(), kind: 'drops' }, [])).toBe(true);
    expect(await fx.store.listDeliveries('t1', 10)).toHaveLength(1);
    expect(await fx.store.firedCount('t1', 'quota')).toBe(1);
  });

  it('opens an episode with its alert and closes it when told', async ({ fx }) => {
    const fire = (key: string) => fx.store.fire({ id: ids.next(), tenantId: 't1', kind: 'queue_wait', key, firedAt: at(T), data: {} }, []);
    expect(await fx.store.episodeOpen('t1', 'queue_wait')).toBe(false);
    await fire('episode:1');
    expect(await fx.store.episodeOpen('t1', 'queue_wait')).toBe(true);
    expect(await fx.store.episodeOpen('t1', 'csat_low')).toBe(false);
    expect(await fx.store.closeEpisode('t1', 'queue_wait', at(T))).toBe(1);
    expect(await fx.store.closeEpisode('t1', 'queue_wait', at(T))).toBe(0);
    expect(await fx.store.episodeOpen('t1', 'queue_wait')).toBe(false);
    await fire('episode:2');
    expect([await fx.store.firedCount('t1', 'queue_wait'), await fx.store.episodeOpen('t1', 'queue_wait')]).toEqual([2, true]);
  });

  it('hands a pending delivery to one sender at a time, and again once the hold ran out', async ({ fx }) => {
    const s = aSubscription('t1');
    const d1 = aDelivery(s);
    const d2 = aDelivery(s, { createdAt: '2026-03-10T10:00:01.000Z' });
    await fx.store.addDeliveries([d2, d1]);
    expect((await fx.store.pendingDeliveries(at(T), 10)).map((d) => d.id)).toEqual([d1.id, d2.id]);
    expect(await fx.store.pendingDeliveries(at(T), 10)).toEqual([d1, d2]);
    expect(await fx.store.claimDelivery(d1.id, at(T), at('2026-03-10T10:05:00Z'))).toBe(true);
    expect(await fx.store.claimDelivery(d1.id, at('2026-03-10T10:01:00Z'), at('2026-03-10T10:06:00Z'))).toBe(false);
    expect((await fx.store.pendingDeliveries(at('2026-03-10T10:01:00Z'), 10)).map((d) => d.id)).toEqual([d2.id]);
    expect((await fx.store.pendingDeliveries(at('2026-03-10T10:05:00Z'), 10)).map((d) => d.id)).toEqual([d1.id, d2.id]);
    expect(await fx.store.claimDelivery(d1.id, at('2026-03-10T10:05:00Z'), at('2026-03-10T10:10:00Z'))).toBe(true);
  });

  it('logs each attempt and the outcome; a finished delivery is no longer pending', async ({ fx }) => {
    const s = aSubscription('t1');
    const d = aDelivery(s);
    await fx.store.addDeliveries([d, aDelivery(aSubscription('t2'))]);
    await fx.store.claimDelivery(d.id, at(T), at('2026-03-10T10:05:00Z'));
    const first = { attempt: 1, at: T, status: 503, error: 'HTTP 503', durationMs: 12 };
    const second = { attempt: 2, at: '2026-03-10T10:00:01.000Z', status: 200, error: null, durationMs: 8 };
    await fx.store.recordAttempt(d.id, first);
    await fx.store.recordAttempt(d.id, second);
    await fx.store.finishDelivery(d.id, {
      status: 'delivered',
      attempts: 2,
      lastStatus: 200,
      lastError: null,
      finishedAt: at('2026-03-10T10:00:02Z'),
    });
    const expected = {
      ...d,
      status: 'delivered',
      attempts: 2,
      lastStatus: 200,
      lastError: null,
      finishedAt: '2026-03-10T10:00:02.000Z',
      attemptLog: [first, second],
    };
    expect(await fx.store.listDeliveries('t1', 10)).toEqual([expected]);
    expect(await fx.store.getDelivery('t1', d.id)).toEqual(expected);
    expect(await fx.store.getDelivery('t2', d.id)).toBeNull();
    expect((await fx.store.pendingDeliveries(at('2026-03-11T00:00:00Z'), 10)).map((x) => x.tenantId)).toEqual(['t2']);
  });

  it('lists a tenant’s deliveries newest first, up to the limit', async ({ fx }) => {
    const s = aSubscription('t1');
    const old = aDelivery(s, { createdAt: '2026-03-09T10:00:00.000Z' });
    const mid = aDelivery(s, { createdAt: '2026-03-10T10:00:00.000Z' });
    const recent = aDelivery(s, { createdAt: '2026-03-11T10:00:00.000Z' });
    await fx.store.addDeliveries([mid, old, recent]);
    expect((await fx.store.listDeliveries('t1', 2)).map((d) => d.id)).toEqual([recent.id, mid.id]);
  });

  it('finds the jobs failing twice or more since their last success, from the first failure of the streak', async ({ fx }) => {
    await fx.ran('auto-audit', '2026-03-10T09:00:00Z', false, 'a');
    await fx.ran('auto-audit', '2026-03-10T09:05:00Z', true);
    await fx.ran('auto-audit', '2026-03-10T09:10:00Z', false, 'b');
    await fx.ran('auto-audit', '2026-03-10T09:15:00Z', false, 'c');
    await fx.ran('auto-audit', '2026-03-10T09:20:00Z', false, 'd');
    await fx.ran('check-alerts', '2026-03-10T09:00:00Z', false, 'x');
    await fx.ran('cleanup-old-events', '2026-03-10T09:00:00Z', false, 'y');
    await fx.ran('cleanup-old-events', '2026-03-10T09:10:00Z', true);
    expect(await fx.streaks.failingStreaks(2)).toEqual([{ job: 'auto-audit', since: at('2026-03-10T09:10:00Z'), failures: 3, lastError: 'd' }]);
    expect((await fx.streaks.failingStreaks(1)).map((s) => s.job)).toEqual(['auto-audit', 'check-alerts']);
  });
});
