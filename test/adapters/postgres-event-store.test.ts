// The EventStore contract on PGlite and on the real PostgreSQL (each test in its own schema).
import { describe } from 'vitest';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { eventStoreContract } from '../contracts/event-store.contract.ts';
import { needServer, pgliteFixture, postgresFixture, type DatabaseFixture } from '../support/databases.ts';

const onStore = (open: () => Promise<DatabaseFixture>) => async () => {
  const fx = await open();
  return { store: new PostgresEventStore({ db: fx.db }), close: () => fx.close() };
};

eventStoreContract('PGlite', onStore(pgliteFixture));
describe.skipIf(!(await needServer('postgres')))('PostgreSQL', () => eventStoreContract('PostgreSQL', onStore(postgresFixture)));
