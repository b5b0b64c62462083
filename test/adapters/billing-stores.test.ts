// The billing stores' contract on memory, PGlite and the real PostgreSQL (each test in its own schema).
import { describe } from 'vitest';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store.ts';
import { MemoryPlanStore } from '../../adapters/memory/memory-plan-store.ts';
import { MemoryPriceStore } from '../../adapters/memory/memory-price-store.ts';
import { MemoryUsageStore } from '../../adapters/memory/memory-usage-store.ts';
import { PostgresEventStore } from '../../adapters/postgres/postgres-event-store.ts';
import { PostgresPlanStore } from '../../adapters/postgres/postgres-plan-store.ts';
import { PostgresPriceStore } from '../../adapters/postgres/postgres-price-store.ts';
import { PostgresUsageStore } from '../../adapters/postgres/postgres-usage-store.ts';
import { usageStoreContract } from '../contracts/usage-store.contract.ts';
import { needServer, pgliteFixture, postgresFixture, type DatabaseFixture } from '../support/databases.ts';

usageStoreContract('memory', async () => {
  const events = new MemoryEventStore();
  const prices = new MemoryPriceStore();
  return { usage: new MemoryUsageStore({ prices, sessions: events }), prices, plans: new MemoryPlanStore(), events, close: async () => {} };
});

const onDatabase = (open: () => Promise<DatabaseFixture>) => async () => {
  const fx = await open();
  const db = fx.db;
  return {
    usage: new PostgresUsageStore({ db }),
    prices: new PostgresPriceStore({ db }),
    plans: new PostgresPlanStore({ db }),
    events: new PostgresEventStore({ db }),
    close: () => fx.close(),
  };
};

usageStoreContract('PGlite', onDatabase(pgliteFixture));
describe.skipIf(!(await needServer('postgres')))('PostgreSQL', () => usageStoreContract('PostgreSQL', onDatabase(postgresFixture)));
