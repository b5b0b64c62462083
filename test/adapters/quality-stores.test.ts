// The quality stores' contract on memory, PGlite and the real PostgreSQL (each test in its own schema).
import { describe } from 'vitest';
import { MemoryAuditStore } from '../../adapters/memory/quality/memory-audit-store.ts';
import { MemoryEndedSessions } from '../../adapters/memory/quality/memory-ended-sessions.ts';
import { MemoryEventStore } from '../../adapters/memory/events/memory-event-store.ts';
import { PostgresAuditStore } from '../../adapters/postgres/quality/postgres-audit-store.ts';
import { PostgresEndedSessions } from '../../adapters/postgres/quality/postgres-ended-sessions.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { auditStoreContract } from '../contracts/audit-store.contract.ts';
import { needServer, pgliteFixture, postgresFixture, type DatabaseFixture } from '../support/databases.ts';

auditStoreContract('memory', async () => {
  const events = new MemoryEventStore();
  return { audits: new MemoryAuditStore(), ended: new MemoryEndedSessions(events), events, close: async () => {} };
});

const onDatabase = (open: () => Promise<DatabaseFixture>) => async () => {
  const fx = await open();
  const db = fx.db;
  return { audits: new PostgresAuditStore({ db }), ended: new PostgresEndedSessions({ db }), events: new PostgresEventStore({ db }), close: () => fx.close() };
};

auditStoreContract('PGlite', onDatabase(pgliteFixture));
describe.skipIf(!(await needServer('postgres')))('PostgreSQL', () => auditStoreContract('PostgreSQL', onDatabase(postgresFixture)));
