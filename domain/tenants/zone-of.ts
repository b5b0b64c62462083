// ZoneOf: the IANA time zone a tenant's local days are counted in, as every use case that names a day asks for it.

/** The tenant's time zone (e.g. 'Asia/Shanghai'); `tenantZones` builds the cached one over the TenantStore. */
export type ZoneOf = (tenantId: string) => string | Promise<string>;
