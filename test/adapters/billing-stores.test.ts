// The billing stores' contract on memory, PGlite and the real PostgreSQL (each test in its own schema).
import { describe } from 'vitest';
import { usageStoreContract } from '../contracts/usage-store.contract.ts';
import { databaseBillingStores, memoryBillingStores } from '../support/billing-stores.ts';
import { needServer, pgliteFixture, postgresFixture } from '../support/databases.ts';

usageStoreContract('memory', memoryBillingStores);
usageStoreContract('PGlite', databaseBillingStores(pgliteFixture));
describe.skipIf(!(await needServer('postgres')))('PostgreSQL', () => usageStoreContract('PostgreSQL', databaseBillingStores(postgresFixture)));
