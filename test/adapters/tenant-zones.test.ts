// The cached zone lookup over a tenant store (the store itself: test/contracts/tenant-store.contract.test.ts).
import { describe, expect, it } from 'vitest';
import { MemoryTenantStore } from '../../adapters/memory/tenants/memory-tenant-store.ts';
import { tenantZones } from '../../domain/tenants/tenant-zones.ts';
import { aClock } from '../support/builders.ts';

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
