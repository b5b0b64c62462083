// admin.tenants.* over real HTTP: an admin reads and changes its own tenant only (never the one a body names), bad
// settings are refused naming the field, and the plans are listed. Every answer is checked against the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';
import { expectAnswersDocumented } from './openapi-conformance.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { record: true });
  await h.services.ledger.definePlan({ id: 'growth', name: 'Growth', monthlyTokenAllowance: 5_000_000 });
});
afterAll(() => h?.close());

const get = (key: string) => h.fetch('/api/analytics/admin/tenants/get', { key });
const update = (key: string, json: unknown) => h.fetch('/api/analytics/admin/tenants/update', { key, json });

describe('admin.tenants', () => {
  it('gives the caller’s own tenant and the plans, as plain JSON and through tRPC', async () => {
    const res = await get(h.a.keys.admin);
    expect(res.status).toBe(200);
    const tenantA = { tenantId: 'tenant-a', name: 'tenant-a', timeZone: 'Europe/Paris', humanCostPerSession: 0, currency: 'USD', planId: null };
    expect(await res.json()).toEqual(tenantA);
    expect(await h.client(h.a.keys.admin).admin.tenants.get.query()).toEqual(tenantA);
    expect(await (await h.fetch('/api/analytics/admin/tenants/plans', { key: h.b.keys.admin })).json()).toEqual([
      { id: 'growth', name: 'Growth', monthlyTokenAllowance: 5_000_000 },
    ]);
  });

  it('changes only the caller’s tenant, only the fields given; a tenantId in the body is refused, not followed', async () => {
    const bBefore = await h.services.tenants.get('tenant-b');
    const res = await update(h.a.keys.admin, { timeZone: 'Asia/Shanghai', currency: 'cny', humanCostPerSession: 4.5, planId: 'growth' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      tenantId: 'tenant-a',
      name: 'tenant-a',
      timeZone: 'Asia/Shanghai',
      humanCostPerSession: 4.5,
      currency: 'CNY',
      planId: 'growth',
    });
    const named = await update(h.a.keys.admin, { tenantId: 'tenant-b', name: 'taken over' });
    expect(named.status).toBe(400);
    expect(((await named.json()) as any).error.message).toMatch(/tenantId/);
    expect(await h.services.tenants.get('tenant-b')).toEqual(bBefore);
    expect((await h.services.tenants.get('tenant-a'))?.name).toBe('tenant-a');
  });

  it('refuses an unknown plan, currency or time zone with 400 naming the field and the value', async () => {
    const before = await h.services.tenants.get('tenant-a');
    for (const [body, field, value] of [
      [{ planId: 'enterprise' }, 'planId', 'enterprise'],
      [{ currency: 'ABC' }, 'currency', 'ABC'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'Mars/Olympus'],
    ] as const) {
      const res = await update(h.a.keys.admin, body);
      expect(res.status, field).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(new RegExp(`^${field}: .*"${value.replace('/', '\\/')}"`));
    }
    expect(await h.services.tenants.get('tenant-a')).toEqual(before);
  });

  it('is for admins only: a read key gets 403, a supervisor too, an admin user may', async () => {
    expect((await get(h.a.keys.read)).status).toBe(403);
    expect((await update(h.a.keys.read, { name: 'x' })).status).toBe(403);
    const supervisor = await h.signIn('supervisor');
    expect((await h.fetch('/api/analytics/admin/tenants/get', { headers: { cookie: supervisor } })).status).toBe(403);
    const admin = await h.signIn('admin');
    expect((await h.fetch('/api/analytics/admin/tenants/get', { headers: { cookie: admin } })).status).toBe(200);
  });

  it('declares every answer above in the OpenAPI document', () => expectAnswersDocumented(h));
});
