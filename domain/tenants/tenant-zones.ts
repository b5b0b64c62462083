// Which time zone a tenant's days are in, cached briefly: the realtime projector asks on every batch.
import type { Clock } from '../clock.ts';
import type { TenantStore } from './tenant-store.ts';

/** The zone of a tenant that has no record (or no zone): UTC, the default of docs/metrics.md. */
export const DEFAULT_ZONE = 'UTC';

/**
 * A `zoneOf(tenantId)` for RealtimeProjector and the daily aggregation: reads the store at most once per tenant per
 * `ttlMs` (default 60 s), so a changed zone is picked up within a minute without a query per batch.
 */
export function tenantZones(deps: { tenants: Pick<TenantStore, 'get'>; clock: Clock; ttlMs?: number }): (tenantId: string) => Promise<string> {
  const ttlMs = deps.ttlMs ?? 60_000;
  const cache = new Map<string, { zone: string; until: number }>();
  return async (tenantId) => {
    const now = deps.clock.now().getTime();
    const hit = cache.get(tenantId);
    if (hit && hit.until > now) return hit.zone;
    const zone = (await deps.tenants.get(tenantId))?.timeZone ?? DEFAULT_ZONE;
    cache.set(tenantId, { zone, until: now + ttlMs });
    return zone;
  };
}
