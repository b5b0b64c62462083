// The TenantStore port: where tenants are kept.
import type { NewTenant, Tenant, TenantPatch } from './tenant.ts';

export interface TenantStore {
  /** The tenant, or null when there is none with this id. */
  get(tenantId: string): Promise<Tenant | null>;
  /** Creates a tenant (defaults applied); a DomainError CONFLICT when the id is taken, INVALID on a bad field. */
  create(input: NewTenant): Promise<Tenant>;
  /** Changes some fields; a DomainError NOT_FOUND when there is no such tenant, INVALID on a bad field. */
  update(tenantId: string, patch: TenantPatch): Promise<Tenant>;
  /** Every tenant, by id. */
  list(): Promise<Tenant[]>;
}
