// The check-alerts job on the memory stores and a fixed clock, posting to a local receiver over real HTTP: each kind
// fires once with a valid signature, a failing receiver gets the delivery on a later try, nothing fires twice.
import { afterEach, describe, expect, it } from 'vitest';
import { fetchWebhookSender } from '../../../adapters/http/fetch-webhook-sender.ts';
import { MemoryAlertStore } from '../../../adapters/memory/alerts/memory-alert-store.ts';
import { MemoryJobStreaks } from '../../../adapters/memory/alerts/memory-job-streaks.ts';
import { MemoryRealtimeStore } from '../../../adapters/memory/realtime/memory-realtime-store.ts';
import { nodeSecrets } from '../../../adapters/system/node-secrets.ts';
import { AlertDispatcher } from '../../../domain/alerts/alert-dispatcher.ts';
import type { DropCount } from '../../../domain/alerts/alert-sources.ts';
import { Alerts } from '../../../domain/alerts/alerts.ts';
import { CheckAlerts } from '../../../domain/alerts/check-alerts.ts';
import { BillingLedger } from '../../../domain/billing/billing-ledger.ts';
import { BillingStats } from '../../../domain/billing/billing-stats.ts';
import { FixedClock } from '../../../domain/clock.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import { silentLogger } from '../../../domain/logger.ts';
import { RealtimeProjector } from '../../../domain/realtime/realtime-projector.ts';
import { RealtimeStats } from '../../../domain/realtime/realtime-stats.ts';
import { memoryBillingStores } from '../../support/billing-stores.ts';
import { anEvent, sequentialIds } from '../../support/builders.ts';
import { validSignature, webhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const MIN = 60_000;
const at = (iso: string) => new Date(iso);
let receivers: WebhookReceiver[] = [];

afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

async function world(now = '2026-03-10T10:00:00Z') {
  const clock = new FixedClock(now);
  const ids = sequentialIds(4);
  const b = await memoryBillingStores();
  await b.tenants.create({ tenantId: 't1', timeZone: 'UTC' });
  const ledger = new BillingLedger({ ...b, clock });
  await ledger.definePlan({ id: 'small', name: 'Small', monthlyTokenAllowance: 1000 });
  await ledger.setPlan('t1', 'small');
  const realtimeStore = new MemoryRealtimeStore();
  const projector = new RealtimeProjector({ store: realtimeStore, zoneOf: () => 'UTC' });
  const realtime = new RealtimeStats({ realtime: realtimeStore, events: b.events, projector, clock, ids, zoneOf: () => 'UTC' });
  const store = new MemoryAlertStore();
  const streaks = new MemoryJobStreaks();
  const drops: DropCount[] = [];
  const dispatcher = new AlertDispatcher({
    store,
    sender: fetchWebhookSender,
    clock,
    logger: silentLogger,
    policy: { delaysMs: [5, 10, 20], timeoutMs: 5000 },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const tenantExists = async (t: string) => (await b.tenants.get(t)) !== null;
  const alerts = new Alerts({ store, dispatcher, secrets: nodeSecrets, clock, ids, tenantExists });
  const job = new CheckAlerts({
    alerts,
    store,
    dispatcher,
    billing: new BillingStats({ ...b, clock }),
    realtime,
    drops: { dropCounts: () => drops },
    jobs: streaks,
    logger: silentLogger,
  });
  const receiver = await webhookReceiver();
  receivers.push(receiver);
  let usageSeq = 0;
  return {
    clock,
    alerts,
    store,
    streaks,
    drops,
    receiver,
    run: () => job.run(clock.now()),
    feed: async (...list: AnalyticsEvent[]) => {
      const { stored } = await b.events.append(list);
      await projector.apply(list.filter((e) => stored.includes(e.id)));
    },
    useTokens: (n: number) =>
      ledger.recordTokenUsage('t1', {
        usageId: `u${++usageSeq}`,
        model: 'm',
        tokens: { input: n, output: 0 },
        occurredAt: clock.now().toISOString(),
      }),
  };
}

const kindsOf = (r: WebhookReceiver) => r.received.map((x) => `${x.json.kind}:${x.json.key}`);

describe('CheckAlerts', () => {
  it('fires each quota threshold once per period, signed with the subscription’s secret', async () => {
    const w = await world();
    const { secret } = await w.alerts.subscribe('t1', { url: w.receiver.url, kinds: ['quota'] });
    await w.useTokens(700);
    await w.run();
    expect(w.receiver.received).toEqual([]);

    await w.useTokens(150); // 85 %
    await w.run();
    await w.run();
    expect(kindsOf(w.receiver)).toEqual(['quota:2026-03-01:80']);
    const [first] = w.receiver.received;
    expect(validSignature(first!, secret)).toBe(true);
    expect(validSignature(first!, `${secret}x`)).toBe(false);
    expect(first!.headers['x-cs-analytics-delivery']).toBe(first!.json.id);
    expect(first!.json).toMatchObject({
      kind: 'quota',
      tenantId: 't1',
      occurredAt: '2026-03-10T10:00:00.000Z',
      data: { threshold: 80, used: 850, allowance: 1000 },
    });

    await w.useTokens(200); // 105 %: 95 and 100 together, 80 not again
    w.clock.advance(MIN);
    await w.run();
    await w.run();
    expect(kindsOf(w.receiver)).toEqual(['quota:2026-03-01:80', 'quota:2026-03-01:95', 'quota:2026-03-01:100']);
    expect(w.receiver.received.every((r) => validSignature(r, secret))).toBe(true);

    // A new month is a new period: 80 % of it fires again.
    w.clock.set('2026-04-02T00:00:00Z');
    await w.useTokens(900);
    await w.run();
    expect(kindsOf(w.receiver).slice(3)).toEqual(['quota:2026-04-01:80']);
  });

  it('fires queue_wait once per episode, and again after the wait dropped back below the threshold', async () => {
    const w = await world();
    await w.alerts.subscribe('t1', { url: w.receiver.url, kinds: ['queue_wait'] });
    await w.alerts.setThresholds('t1', { queueWaitSeconds: 120 });
    await w.feed(
      anEvent('session.start', { sessionId: 'q1', occurredAt: at('2026-03-10T09:58:00Z') }),
      anEvent('session.transfer', { sessionId: 'q1', occurredAt: at('2026-03-10T09:59:00Z') }),
    );
    await w.run(); // waited 60 s
    expect(w.receiver.received).toEqual([]);
    w.clock.advance(2 * MIN); // 180 s
    await w.run();
    w.clock.advance(MIN);
    await w.run();
    expect(kindsOf(w.receiver)).toEqual(['queue_wait:episode:1']);
    expect(w.receiver.received[0]!.json.data).toMatchObject({ oldestWaitSeconds: 180, thresholdSeconds: 120, queueLength: 1, oldestSessionId: 'q1' });

    await w.feed(anEvent('message.agent', { sessionId: 'q1', occurredAt: at('2026-03-10T10:03:30Z'), data: { responseTimeMs: 1000 } }));
    await w.run(); // the queue is empty: the episode is over
    await w.feed(
      anEvent('session.start', { sessionId: 'q2', occurredAt: at('2026-03-10T10:03:40Z') }),
      anEvent('session.transfer', { sessionId: 'q2', occurredAt: at('2026-03-10T10:03:50Z') }),
    );
    w.clock.advance(5 * MIN);
    await w.run();
    await w.run();
    expect(kindsOf(w.receiver)).toEqual(['queue_wait:episode:1', 'queue_wait:episode:2']);
  });

  it('fires csat_low once per local day, only after the minimum of ratings', async () => {
    const w = await world();
    await w.alerts.subscribe('t1', { url: w.receiver.url, kinds: ['csat_low'] });
    await w.alerts.setThresholds('t1', { csatFloorPercent: 60, csatMinRatings: 3 });
    const rate = (s: string, score: number, iso: string) => [
      anEvent('session.start', { sessionId: s, occurredAt: at(iso) }),
      anEvent('session.rated', { sessionId: s, occurredAt: at(iso), data: { score } }),
    ];
    await w.feed(...rate('r1', 1, '2026-03-10T08:00:00Z'), ...rate('r2', 2, '2026-03-10T08:10:00Z'));
    await w.run(); // 2 ratings, CSAT 0 %: not enough ratings yet
    expect(w.receiver.received).toEqual([]);
    await w.feed(...rate('r3', 5, '2026-03-10T08:20:00Z'));
    await w.run();
    await w.run();
    expect(kindsOf(w.receiver)).toEqual(['csat_low:2026-03-10']);
    expect(w.receiver.received[0]!.json.data).toMatchObject({ csatPercent: 33.33, ratings: 3, floorPercent: 60, minRatings: 3 });

    w.clock.set('2026-03-11T09:00:00Z');
    await w.feed(...rate('r4', 1, '2026-03-11T08:00:00Z'), ...rate('r5', 1, '2026-03-11T08:01:00Z'), ...rate('r6', 4, '2026-03-11T08:02:00Z'));
    await w.run();
    await w.run();
    expect(kindsOf(w.receiver)).toEqual(['csat_low:2026-03-10', 'csat_low:2026-03-11']);
  });

  it('fires drops once per new count seen, and job_failing once per streak of two failures or more', async () => {
    const w = await world();
    const { secret } = await w.alerts.subscribe('t1', { url: w.receiver.url, kinds: ['drops', 'job_failing'] });
    w.drops.push({ source: 'ingest-sinks@h:1', tenantId: null, dropped: 5 }, { source: 'tracker:other@h:1', tenantId: 'other', dropped: 9 });
    await w.run();
    await w.run();
    expect(kindsOf(w.receiver)).toEqual(['drops:ingest-sinks@h:1:5']);
    w.drops[0] = { source: 'ingest-sinks@h:1', tenantId: null, dropped: 8 };
    await w.run();
    expect(kindsOf(w.receiver).slice(1)).toEqual(['drops:ingest-sinks@h:1:8']);
    expect(w.receiver.received[1]!.json.data).toEqual({ source: 'ingest-sinks@h:1', dropped: 8 });

    const job = 'aggregate-daily-stats';
    w.streaks.record(job, at('2026-03-10T09:00:00Z'), { ok: false, error: 'boom 1' });
    await w.run(); // one failure is not a streak
    w.streaks.record(job, at('2026-03-10T09:15:00Z'), { ok: false, error: 'boom 2' });
    await w.run();
    w.streaks.record(job, at('2026-03-10T09:30:00Z'), { ok: false, error: 'boom 3' });
    await w.run();
    expect(kindsOf(w.receiver).slice(2)).toEqual([`job_failing:${job}:2026-03-10T09:00:00.000Z`]);
    expect(w.receiver.received[2]!.json.data).toEqual({ job, failures: 2, since: '2026-03-10T09:00:00.000Z', lastError: 'boom 2' });
    w.streaks.record(job, at('2026-03-10T09:45:00Z'), { ok: true });
    w.streaks.record(job, at('2026-03-10T10:00:00Z'), { ok: false, error: 'boom 4' });
    w.streaks.record(job, at('2026-03-10T10:15:00Z'), { ok: false, error: 'boom 5' });
    await w.run();
    expect(kindsOf(w.receiver).slice(3)).toEqual([`job_failing:${job}:2026-03-10T10:00:00.000Z`]);
    expect(w.receiver.received.every((r) => validSignature(r, secret))).toBe(true);
  });

  it('sends only the kinds a subscription wants, to enabled subscriptions, and nothing to another tenant', async () => {
    const w = await world();
    const other = await webhookReceiver();
    receivers.push(other);
    await w.alerts.subscribe('t1', { url: w.receiver.url, kinds: ['csat_low'] });
    const { subscription } = await w.alerts.subscribe('t1', { url: other.url });
    await w.alerts.update('t1', { id: subscription.id, enabled: false });
    w.drops.push({ source: 'ingest-sinks@h:1', tenantId: null, dropped: 1 });
    await w.run();
    expect(w.receiver.received).toEqual([]);
    expect(other.received).toEqual([]);
  });
});

describe('AlertDispatcher', () => {
  it('gets a delivery to a receiver that failed twice on the third try, and logs the three attempts', async () => {
    const w = await world();
    await w.alerts.subscribe('t1', { url: w.receiver.url, kinds: ['drops'] });
    w.receiver.answer(503, 500);
    w.drops.push({ source: 'ingest-sinks@h:1', tenantId: null, dropped: 2 });
    const summary = await w.run();
    expect(summary).toMatchObject({ delivered: 1, failed: 0 });
    expect(w.receiver.received).toHaveLength(3);
    expect(new Set(w.receiver.received.map((r) => r.headers['x-cs-analytics-delivery'])).size).toBe(1);
    const [log] = await w.alerts.deliveries('t1');
    expect(log).toMatchObject({ kind: 'drops', status: 'delivered', attempts: 3, lastStatus: 200, lastError: null });
    expect(log!.attemptLog.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 503, 'HTTP 503'],
      [2, 500, 'HTTP 500'],
      [3, 200, null],
    ]);
  });

  it('gives up after the last retry, and does not retry a 4xx other than 408 and 429', async () => {
    const w = await world();
    await w.alerts.subscribe('t1', { url: w.receiver.url, kinds: ['drops'] });
    w.receiver.answer(429, 503, 502, 500);
    w.drops.push({ source: 's@h:1', tenantId: null, dropped: 1 });
    expect(await w.run()).toMatchObject({ delivered: 0, failed: 1 });
    expect(w.receiver.received).toHaveLength(4); // 1 + 3 retries
    w.receiver.received.length = 0;
    w.receiver.answer(410);
    w.drops[0] = { source: 's@h:1', tenantId: null, dropped: 2 };
    await w.run();
    expect(w.receiver.received).toHaveLength(1);
    const [gone, exhausted] = await w.alerts.deliveries('t1');
    expect(gone).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 410 });
    expect(exhausted).toMatchObject({ status: 'failed', attempts: 4, lastStatus: 500 });
  });

  it('retries a network error and records it', async () => {
    const w = await world();
    const closed = await webhookReceiver();
    await closed.close();
    await w.alerts.subscribe('t1', { url: closed.url, kinds: ['drops'] });
    w.drops.push({ source: 's@h:1', tenantId: null, dropped: 1 });
    await w.run();
    const [log] = await w.alerts.deliveries('t1');
    expect(log).toMatchObject({ status: 'failed', attempts: 4, lastStatus: null });
    expect(log!.attemptLog.every((a) => a.status === null && a.error)).toBe(true);
  });

  it('resumes a pending delivery a stopped sender left, once its hold ran out', async () => {
    const w = await world();
    await w.alerts.subscribe('t1', { url: w.receiver.url, kinds: ['drops'] });
    await w.store.fire({ id: 'a1', tenantId: 't1', kind: 'drops', key: 'k', firedAt: w.clock.now(), data: {} }, []);
    // As a crash leaves it: queued and held by a sender that never finished.
    const [sub] = await w.alerts.list('t1');
    const body = JSON.stringify({ id: 'd1', kind: 'drops', tenantId: 't1', occurredAt: w.clock.now().toISOString(), key: 'k', data: {} });
    await w.store.addDeliveries([
      {
        id: 'd1',
        tenantId: 't1',
        subscriptionId: sub!.id,
        kind: 'drops',
        url: sub!.url,
        status: 'pending',
        attempts: 0,
        lastStatus: null,
        lastError: null,
        createdAt: w.clock.now().toISOString(),
        finishedAt: null,
        body,
      },
    ]);
    expect(await w.store.claimDelivery('d1', w.clock.now(), new Date(w.clock.now().getTime() + 5 * MIN))).toBe(true);
    await w.run();
    expect(w.receiver.received).toEqual([]);
    w.clock.advance(6 * MIN);
    await w.run();
    expect(w.receiver.received.map((r) => r.json.id)).toEqual(['d1']);
    expect((await w.alerts.deliveries('t1'))[0]).toMatchObject({ id: 'd1', status: 'delivered', attempts: 1 });
  });
});

describe('Alerts', () => {
  it('shows the secret once, validates the URL by name, and sends a signed test on request', async () => {
    const w = await world();
    await expect(w.alerts.subscribe('t1', { url: 'ftp://x.example' })).rejects.toMatchObject({ code: 'INVALID', field: 'url' });
    await expect(w.alerts.subscribe('nobody', { url: w.receiver.url })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { subscription, secret } = await w.alerts.subscribe('t1', { url: w.receiver.url });
    expect(subscription.kinds).toEqual(['quota', 'queue_wait', 'csat_low', 'drops', 'job_failing']);
    expect(secret.startsWith(subscription.secretPrefix)).toBe(true);
    expect(JSON.stringify(await w.alerts.list('t1'))).not.toContain(secret);

    const [log] = await w.alerts.test('t1');
    expect(log).toMatchObject({ kind: 'test', status: 'delivered', attempts: 1, lastStatus: 200 });
    expect(validSignature(w.receiver.received[0]!, secret)).toBe(true);
    await expect(w.alerts.test('t1', 'no-such-id')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await w.alerts.thresholds('t1')).toEqual({ queueWaitSeconds: 300, csatFloorPercent: 80, csatMinRatings: 10 });
    expect(await w.alerts.setThresholds('t1', { csatMinRatings: 4 })).toEqual({ queueWaitSeconds: 300, csatFloorPercent: 80, csatMinRatings: 4 });
    await expect(w.alerts.setThresholds('t1', { queueWaitSeconds: 0 })).rejects.toMatchObject({ field: 'queueWaitSeconds' });
    await w.alerts.unsubscribe('t1', subscription.id);
    expect(await w.alerts.list('t1')).toEqual([]);
    await expect(w.alerts.unsubscribe('t1', subscription.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
