// Which tenants a job visits: every tenant on record, plus any tenant that has events without a record.

/** The tenants to visit, each once, in id order. */
export function tenantsToVisit(...groups: readonly (readonly string[])[]): string[] {
  return [...new Set(groups.flat())].sort();
}

/**
 * Whether a tenant's daily rollups need work: yesterday has no current rollup, or late events dirtied some day.
 * Otherwise the aggregation skips the tenant (its figures are already rolled up).
 */
export function rollupDue(yesterdayCurrent: boolean, dirtyDays: number): boolean {
  return !yesterdayCurrent || dirtyDays > 0;
}
