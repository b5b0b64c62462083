// Which tenants a job visits: every tenant on record, plus any tenant that has events without a record.
import type { TenantStore } from '../tenants/tenant-store.ts';

/** The TenantActivity port: which tenants stored events lately, whether or not they have a tenant record. */
export interface TenantActivity {
  /** Tenants with an event at or after `since`. */
  activeTenants(since: Date): Promise<string[]>;
}

/** Where a job finds its tenants. */
export interface TenantSweepPorts {
  readonly tenants: Pick<TenantStore, 'list'>;
  readonly activity: TenantActivity;
}

/** The tenants on record, those with an event at or after `activeSince`, and `also`: each once, in id order. */
export async function sweepTenants(ports: TenantSweepPorts, activeSince: Date, ...also: readonly (readonly string[])[]): Promise<string[]> {
  const recorded = (await ports.tenants.list()).map((t) => t.tenantId);
  return tenantsToVisit(recorded, await ports.activity.activeTenants(activeSince), ...also);
}

/** The tenants to visit, each once, in id order. */
export function tenantsToVisit(...groups: readonly (readonly string[])[]): string[] {
  return [...new Set(groups.flat())].sort();
}
