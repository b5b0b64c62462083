// The billing stores (usage, prices, plans) with the event and tenant stores they read, on memory or a database.
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { MemoryPlanStore } from '../../adapters/memory/billing/memory-plan-store.ts';
import { MemoryPriceStore } from '../../adapters/memory/billing/memory-price-store.ts';
import { MemoryTenantStore } from '../../adapters/memory/tenants/memory-tenant-store.ts';
import { MemoryUsageStore } from '../../adapters/memory/billing/memory-usage-store.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresPlanStore } from '../../adapters/postgres/billing/postgres-plan-store.ts';
import { PostgresPriceStore } from '../../adapters/postgres/billing/postgres-price-store.ts';
import { PostgresTenantStore } from '../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { PostgresUsageStore } from '../../adapters/postgres/billing/postgres-usage-store.ts';
import { PostgresRoiRollup } from '../../adapters/postgres/billing/roi-daily-rollup.ts';
import type { DatabaseFixture } from './databases.ts';

export async function memoryBillingStores() {
  const events = new MemoryEventStore();
  const prices = new MemoryPriceStore();
  const usage = new MemoryUsageStore({ prices, sessions: events });
  const rollUpRoi = async () => {}; // the memory store computes ROI from raw usage
  return { usage, prices, plans: new MemoryPlanStore(), events, tenants: new MemoryTenantStore(), rollUpRoi, close: async () => {} };
}

/** The billing stores on an open database (PGlite or a PostgreSQL schema). */
export function billingStoresOn(db: DatabaseFixture['db']) {
  return {
    usage: new PostgresUsageStore({ db }),
    prices: new PostgresPriceStore({ db }),
    plans: new PostgresPlanStore({ db }),
    events: new PostgresEventStore({ db }),
    tenants: new PostgresTenantStore({ db }),
    // The daily aggregation's ROI part, counting marks and day ends as seen at once (no writer in flight in a test).
    rollUpRoi: async (tenantId: string, now: Date) => {
      await new PostgresRoiRollup({ db, windowDays: 90, settleMs: 0 }).run(tenantId, now);
    },
  };
}

/** A factory of billing stores on a fresh database from `open` (PGlite or a PostgreSQL schema). */
export const databaseBillingStores = (open: () => Promise<DatabaseFixture>) => async () => {
  const fx = await open();
  return { ...billingStoresOn(fx.db), close: () => fx.close() };
};
