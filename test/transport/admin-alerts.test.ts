// admin.alerts.* over real HTTP (plain JSON and tRPC): an admin of a tenant manages its own webhooks only, bad input
// is named by field, and `test` posts a signed sample to a local receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSignature, webhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  h = await startHarness();
  receiver = await webhookReceiver();
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await h?.close();
});

const api = (path: string) => `/api/analytics/admin/alerts/${path}`;

describe('admin.alerts', () => {
  it('subscribes, lists without the secret, tests with a valid signature, logs the delivery and unsubscribes', async () => {
    const key = h.a.keys.admin;
    const res = await h.fetch(api('subscribe'), { key, json: { url: receiver.url, kinds: ['quota', 'csat_low'] } });
    expect(res.status).toBe(200);
    const { subscription, secret } = (await res.json()) as { subscription: { id: string; kinds: string[] }; secret: string };
    expect(subscription.kinds).toEqual(['quota', 'csat_low']);

    const list = await (await h.fetch(api('list'), { key })).json();
    expect(list).toMatchObject([{ id: subscription.id, url: receiver.url, enabled: true }]);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(await (await h.fetch(api('list'), { key: h.b.keys.admin })).json()).toEqual([]);

    const tested = await h.client(key).admin.alerts.test.mutate({ id: subscription.id });
    expect(tested).toMatchObject([{ kind: 'test', status: 'delivered', attempts: 1, lastStatus: 200 }]);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.json).toMatchObject({ kind: 'test', tenantId: 'tenant-a', id: tested[0]!.id });
    expect(validSignature(receiver.received[0]!, secret)).toBe(true);

    const deliveries = await (await h.fetch(`${api('deliveries')}?limit=5`, { key })).json();
    expect(deliveries).toMatchObject([{ id: tested[0]!.id, status: 'delivered', attemptLog: [{ attempt: 1, status: 200 }] }]);

    const off = await h.fetch(api('update'), { key, json: { id: subscription.id, enabled: false } });
    expect(await off.json()).toMatchObject({ id: subscription.id, enabled: false });
    // Another tenant's admin cannot touch it.
    expect((await h.fetch(api('unsubscribe'), { key: h.b.keys.admin, json: { id: subscription.id } })).status).toBe(404);
    expect((await h.fetch(api('unsubscribe'), { key, json: { id: subscription.id } })).status).toBe(200);
    expect(await (await h.fetch(api('list'), { key })).json()).toEqual([]);
  });

  it('reads and sets thresholds, naming a bad field', async () => {
    const key = h.a.keys.admin;
    expect(await (await h.fetch(api('thresholds'), { key })).json()).toEqual({ queueWaitSeconds: 300, csatFloorPercent: 80, csatMinRatings: 10 });
    const set = await h.fetch(api('setThresholds'), { key, json: { queueWaitSeconds: 120 } });
    expect(await set.json()).toEqual({ queueWaitSeconds: 120, csatFloorPercent: 80, csatMinRatings: 10 });
    const bad = await h.fetch(api('setThresholds'), { key, json: { csatFloorPercent: 150 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('csatFloorPercent');
    const badUrl = await h.fetch(api('subscribe'), { key, json: { url: 'file:///etc/passwd' } });
    expect(badUrl.status).toBe(400);
    expect(JSON.stringify(await badUrl.json())).toContain('url');
  });

  it('needs the admin scope', async () => {
    expect((await h.fetch(api('list'), { key: h.a.keys.read })).status).toBe(403);
    expect((await h.fetch(api('list'))).status).toBe(401);
  });
});
