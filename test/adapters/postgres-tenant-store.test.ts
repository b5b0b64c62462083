// The TenantStore contract on memory, PGlite and PostgreSQL, and the cached zone lookup.
import { describe, expect, it } from 'vitest';
import { MemoryTenantStore } from '../../adapters/memory/tenants/memory-tenant-store.ts';
import { PostgresTenantStore } from '../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { tenantZones } from '../../domain/tenants/tenant-zones.ts';
import { tenantStoreContract } from '../contracts/tenant-store.contract.ts';
import { aClock } from '../support/builders.ts';
import { sqlEngines } from '../support/databases.ts';

tenantStoreContract('memory', async () => ({ store: new MemoryTenantStore(), close: async () => {} }));
for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(engine.name, () =>
    tenantStoreContract(engine.name, async () => {
      const fx = await engine.open();
      return { store: new PostgresTenantStore({ db: fx.db }), close: () => fx.close() };
    }),
  );
}

describe('tenantZones', () => {
  it("answers a tenant's zone, UTC for an unknown tenant, and sees a change once the cache expires", async () => {
    const tenants = new MemoryTenantStore();
    const clock = aClock();
    await tenants.create({ tenantId: 'acme', timeZone: 'Asia/Tokyo' });
    const zoneOf = tenantZones({ tenants, clock, ttlMs: 60_000 });
    expect(await zoneOf('acme')).toBe('Asia/Tokyo');
    expect(await zoneOf('nobody')).toBe('UTC');
    await tenants.update('acme', { timeZone: 'Europe/Paris' });
    expect(await zoneOf('acme')).toBe('Asia/Tokyo');
    clock.advance(60_001);
    expect(await zoneOf('acme')).toBe('Europe/Paris');
  });
});
