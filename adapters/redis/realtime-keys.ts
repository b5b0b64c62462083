// Key names of the Redis realtime store: `<prefix>analytics:{<tenant>}:...`, the tenant as the hash tag so all of
// a tenant's keys hash to one Cluster slot (one MULTI, one MGET) while tenants spread across the cluster.
import type { LocalDay } from '../../domain/local-day.ts';

export interface TenantKeys {
  readonly day: (day: LocalDay) => string;
  readonly days: string;
  readonly session: (sessionId: string) => string;
  readonly sessions: string;
  readonly live: string;
  readonly queue: string;
  readonly agents: string;
}

/**
 * The keys of one tenant. The tenant id is percent-encoded so `{`, `}` and `:` in it can neither end the hash tag
 * early nor make two tenants' keys meet.
 */
export function tenantKeys(prefix: string, tenantId: string): TenantKeys {
  const base = `${prefix}analytics:{${encodeURIComponent(tenantId)}}:`;
  return {
    day: (day) => `${base}day:${day}`,
    days: `${base}days`,
    session: (sessionId) => `${base}s:${sessionId}`,
    sessions: `${base}sessions`,
    live: `${base}live`,
    queue: `${base}queue`,
    agents: `${base}agents`,
  };
}

/** The key that says a resync filled the store (adapters/redis/redis-realtime-marker.ts); one for all tenants. */
export function primedKey(prefix: string): string {
  return `${prefix}analytics:primed`;
}
