// The BillingTenants contract on memory, PGlite and PostgreSQL: billing's view of the tenant record (the tenant
// stores implement it beside TenantStore, which the fixture uses to create tenants).
import { expect } from 'vitest';
import { MemoryTenantStore } from '../../adapters/memory/tenants/memory-tenant-store.ts';
import { PostgresTenantStore } from '../../adapters/postgres/tenants/postgres-tenant-store.ts';
import type { BillingTenants } from '../../domain/billing/billing-tenants.ts';
import type { TenantStore } from '../../domain/tenants/tenant-store.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface BillingTenantsFixture {
  readonly tenants: TenantStore;
  readonly billing: BillingTenants;
}

/** The adapters are the tenant stores, seen from both sides. */
const bothSides = (store: TenantStore & BillingTenants) => ({ tenants: store, billing: store });

const adapters: PortAdapters<BillingTenantsFixture> = {
  memory: () => bothSides(new MemoryTenantStore()),
  sql: ({ db }) => bothSides(new PostgresTenantStore({ db })),
};

await portContract<BillingTenantsFixture>('BillingTenants', adapters, (it) => {
  it("gives a tenant's zone, currency and plan, and its human cost as an exact decimal string", async ({ fx }) => {
    await fx.tenants.create({ tenantId: 'shop', timeZone: 'Asia/Shanghai', humanCostPerSession: 12.3456, currency: 'CNY', planId: 'pro' });
    await fx.tenants.create({ tenantId: 'acme' });
    await fx.tenants.create({ tenantId: 'whole', humanCostPerSession: 5 });
    await fx.tenants.create({ tenantId: 'half', humanCostPerSession: 2.5 });
    expect(await fx.billing.getTenant('shop')).toEqual({
      tenantId: 'shop',
      timeZone: 'Asia/Shanghai',
      humanCostPerSession: '12.3456',
      currency: 'CNY',
      planId: 'pro',
    });
    expect(await fx.billing.getTenant('acme')).toEqual({
      tenantId: 'acme',
      timeZone: 'UTC',
      humanCostPerSession: '0',
      currency: 'USD',
      planId: null,
    });
    expect((await fx.billing.getTenant('whole'))?.humanCostPerSession).toBe('5');
    expect((await fx.billing.getTenant('half'))?.humanCostPerSession).toBe('2.5');
  });

  it('answers null for an unknown tenant', async ({ fx }) => {
    expect(await fx.billing.getTenant('nobody')).toBeNull();
  });

  it('sets and clears the plan, as the tenant store sees it too', async ({ fx }) => {
    await fx.tenants.create({ tenantId: 'acme', humanCostPerSession: 3 });
    const acme = { tenantId: 'acme', timeZone: 'UTC', humanCostPerSession: '3', currency: 'USD' };
    await fx.billing.setTenantPlan('acme', 'pro');
    expect(await fx.billing.getTenant('acme')).toEqual({ ...acme, planId: 'pro' });
    expect(await fx.tenants.get('acme')).toMatchObject({ planId: 'pro', humanCostPerSession: 3 });
    await fx.billing.setTenantPlan('acme', null);
    expect(await fx.billing.getTenant('acme')).toEqual({ ...acme, planId: null });
  });

  it('names the tenants on a plan, in order', async ({ fx }) => {
    for (const [tenantId, planId] of [
      ['zeta', 'pro'],
      ['acme', 'pro'],
      ['solo', 'basic'],
      ['none', null],
    ] as const) {
      await fx.tenants.create({ tenantId, planId });
    }
    expect(await fx.billing.tenantsOnPlan('pro')).toEqual(['acme', 'zeta']);
    expect(await fx.billing.tenantsOnPlan('basic')).toEqual(['solo']);
    expect(await fx.billing.tenantsOnPlan('gone')).toEqual([]);
  });

  it('refuses a plan for an unknown tenant as NOT_FOUND', async ({ fx }) => {
    await expect(fx.billing.setTenantPlan('ghost', 'pro')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
