// The quality use cases' stores on memory, PGlite or the real PostgreSQL, so golden tests run unchanged on each.
import { MemoryAuditStore } from '../../../adapters/memory/quality/memory-audit-store.ts';
import { MemoryEndedSessions } from '../../../adapters/memory/quality/memory-ended-sessions.ts';
import { MemoryEventStore } from '../../../adapters/memory/events/memory-event-store.ts';
import { PostgresAuditStore } from '../../../adapters/postgres/quality/postgres-audit-store.ts';
import { PostgresEndedSessions } from '../../../adapters/postgres/quality/postgres-ended-sessions.ts';
import { PostgresEventStore } from '../../../adapters/postgres/events/postgres-event-store.ts';
import type { EventStore } from '../../../domain/events/event-store.ts';
import type { AuditStore } from '../../../domain/quality/audit-store.ts';
import type { EndedSessions } from '../../../domain/quality/ended-sessions.ts';
import type { SessionStore } from '../../../domain/sessions/session-store.ts';
import { sqlEngines, type DatabaseFixture } from '../../support/databases.ts';

export interface QualityStores {
  readonly audits: AuditStore;
  readonly ended: EndedSessions;
  readonly events: EventStore & SessionStore;
  close(): Promise<void>;
}

export type OpenQualityStores = () => Promise<QualityStores>;

async function memory(): Promise<QualityStores> {
  const events = new MemoryEventStore();
  return { audits: new MemoryAuditStore(), ended: new MemoryEndedSessions(events), events, close: async () => {} };
}

const onDatabase =
  (open: () => Promise<DatabaseFixture>): OpenQualityStores =>
  async () => {
    const fx = await open();
    const db = fx.db;
    return {
      audits: new PostgresAuditStore({ db }),
      ended: new PostgresEndedSessions({ db }),
      events: new PostgresEventStore({ db }),
      close: () => fx.close(),
    };
  };

/** Each place the stores live, by engine name: memory and the SQL engines of the list whose server answers (CI=true: it must). */
export async function qualityStoreKinds(): Promise<[string, OpenQualityStores][]> {
  const onSql = (await sqlEngines())
    .filter((engine) => !engine.skip)
    .map((engine): [string, OpenQualityStores] => [engine.name, onDatabase(engine.open)]);
  return [['memory', memory], ...onSql];
}
