// The TenantStore contract on memory, PGlite and PostgreSQL.
import { expect } from 'vitest';
import { MemoryTenantStore } from '../../adapters/memory/tenants/memory-tenant-store.ts';
import { PostgresTenantStore } from '../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { DomainError } from '../../domain/errors.ts';
import type { TenantStore } from '../../domain/tenants/tenant-store.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface TenantStoreFixture {
  readonly store: TenantStore;
}

const adapters: PortAdapters<TenantStoreFixture> = {
  memory: () => ({ store: new MemoryTenantStore() }),
  sql: ({ db }) => ({ store: new PostgresTenantStore({ db }) }),
};

await portContract<TenantStoreFixture>('TenantStore', adapters, (it) => {
  it('creates a tenant with the defaults of docs/metrics.md', async ({ fx }) => {
    const t = await fx.store.create({ tenantId: 'acme' });
    expect(t).toEqual({ tenantId: 'acme', name: 'acme', timeZone: 'UTC', humanCostPerSession: 0, currency: 'USD', planId: null });
    expect(await fx.store.get('acme')).toEqual(t);
    expect(await fx.store.get('nobody')).toBeNull();
  });

  it('keeps every field as given, money exactly', async ({ fx }) => {
    const input = { tenantId: 'shop', name: 'Shop', timeZone: 'Asia/Shanghai', humanCostPerSession: 12.3456, currency: 'CNY', planId: 'pro' };
    expect(await fx.store.create(input)).toEqual(input);
    expect(await fx.store.get('shop')).toEqual(input);
  });

  it('refuses a second tenant with the same id', async ({ fx }) => {
    await fx.store.create({ tenantId: 'acme' });
    await expect(fx.store.create({ tenantId: 'acme' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('names the field of bad input', async ({ fx }) => {
    const err = await fx.store.create({ tenantId: 'acme', timeZone: 'Mars/Olympus' }).catch((e: unknown) => e);
    expect(DomainError.is(err) && err.code === 'INVALID' && err.field).toBe('timeZone');
    await expect(fx.store.create({ tenantId: 'acme', humanCostPerSession: -1 })).rejects.toMatchObject({ field: 'humanCostPerSession' });
  });

  it('updates some fields and leaves the others', async ({ fx }) => {
    await fx.store.create({ tenantId: 'acme', humanCostPerSession: 5 });
    const t = await fx.store.update('acme', { timeZone: 'Europe/Paris', planId: 'basic' });
    expect(t).toMatchObject({ timeZone: 'Europe/Paris', planId: 'basic', humanCostPerSession: 5 });
    expect(await fx.store.get('acme')).toEqual(t);
    await expect(fx.store.update('ghost', { name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists tenants by id', async ({ fx }) => {
    await fx.store.create({ tenantId: 'b' });
    await fx.store.create({ tenantId: 'a' });
    expect((await fx.store.list()).map((t) => t.tenantId)).toEqual(['a', 'b']);
  });
});
