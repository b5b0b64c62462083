// Alerts on the real service (PGlite, the composition root, the job runner): `jobs run check-alerts` fires quota
// thresholds and a failing job once each, signed, a receiver that fails twice gets its delivery on the third try,
// and running the job again sends nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleServices, type Services } from '../../adapters/index.ts';
import { MemoryRealtimeStore } from '../../adapters/memory/realtime/memory-realtime-store.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import { pgliteFixture, type DatabaseFixture } from '../support/databases.ts';
import { validSignature, webhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

let fx: DatabaseFixture;
let services: Services;
let receiver: WebhookReceiver;

beforeAll(async () => {
  fx = await pgliteFixture();
  services = assembleServices({ database: fx.handle, realtimeStore: new MemoryRealtimeStore() }, new AnalyticsConfig({ dataDir: 'memory://' }), {
    alertDelivery: { policy: { delaysMs: [10, 20, 40], timeoutMs: 5000 } },
  });
  receiver = await webhookReceiver();
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await services?.close();
  await fx?.close();
});

async function runJob() {
  const outcome = await services.jobs.run('check-alerts');
  expect(outcome.status).toBe('done');
  return outcome;
}

describe('check-alerts through the job runner', () => {
  it('fires each threshold once, signed, retried until the receiver takes it', async () => {
    await services.tenants.create({ tenantId: 'acme' });
    await services.ledger.definePlan({ id: 'tiny', name: 'Tiny', monthlyTokenAllowance: 1000 });
    await services.ledger.setPlan('acme', 'tiny');
    const { secret } = await services.alerts.subscribe('acme', { url: receiver.url, kinds: ['quota', 'job_failing'] });
    const use = (usageId: string, input: number) =>
      services.ledger.recordTokenUsage('acme', { usageId, model: 'm', tokens: { input, output: 0 }, occurredAt: new Date().toISOString() });

    await use('u1', 850);
    receiver.answer(503, 502);
    await runJob();
    expect(receiver.received.map((r) => `${r.json.kind}:${r.json.data.threshold}`)).toEqual(['quota:80', 'quota:80', 'quota:80']);
    const [first] = await services.alerts.deliveries('acme');
    expect(first).toMatchObject({ kind: 'quota', status: 'delivered', attempts: 3, lastStatus: 200 });
    expect(first!.attemptLog.map((a) => a.status)).toEqual([503, 502, 200]);

    // Another job failing twice in a row, and the quota past 95 %.
    const failed = (minutesAgo: number) => {
      const at = new Date(Date.now() - minutesAgo * 60_000);
      return { job: 'auto-audit', slot: at, instance: 'test', started_at: at, finished_at: at, ok: false, error: `boom ${minutesAgo}` };
    };
    await fx.db
      .insertInto('analytics_job_runs')
      .values([failed(10), failed(5)])
      .execute();
    await use('u2', 110);
    await runJob();
    await runJob();
    await runJob();
    const kinds = receiver.received
      .slice(3)
      .map((r) => (r.json.kind === 'quota' ? `quota:${r.json.data.threshold}` : `${r.json.kind}:${r.json.data.job}`));
    expect(kinds.sort()).toEqual(['job_failing:auto-audit', 'quota:95']);
    expect(receiver.received.every((r) => validSignature(r, secret))).toBe(true);
    expect(await services.alerts.deliveries('acme')).toHaveLength(3);

    // The runs are on record as any job's: four check-alerts runs, all done.
    const runs = await fx.db.selectFrom('analytics_job_runs').select(['ok']).where('job', '=', 'check-alerts').execute();
    expect(runs.map((r) => r.ok)).toEqual([true, true, true, true]);
  }, 60_000);
});
