// The TenantActivity contract on PGlite and PostgreSQL (the memory event store has no adapter of it): which tenants
// stored an event at or after an instant, whatever the tenant record says.
import { expect } from 'vitest';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import type { EventStore } from '../../domain/events/event-store.ts';
import type { TenantActivity } from '../../domain/jobs/tenant-sweep.ts';
import { anEvent } from '../support/builders.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface TenantActivityFixture {
  /** Where the events go in: the activity follows its writes. */
  readonly events: EventStore;
  readonly activity: TenantActivity;
}

/** The adapters are event stores that answer for their own events. */
const answering = (store: EventStore & TenantActivity) => ({ events: store, activity: store });

const adapters: PortAdapters<TenantActivityFixture> = {
  sql: ({ db }) => answering(new PostgresEventStore({ db })),
};

const at = (iso: string) => new Date(iso);
const eventOf = (tenantId: string, iso: string) => anEvent('message.user', { tenantId, sessionId: `${tenantId}-s`, occurredAt: at(iso) });

await portContract<TenantActivityFixture>('TenantActivity', adapters, (it) => {
  it('names each tenant with an event at or after the instant once, and no tenant whose events are all older', async ({ fx }) => {
    await fx.events.append([
      eventOf('t1', '2026-03-10T09:59:59.999Z'),
      eventOf('t1', '2026-03-10T10:00:00Z'), // exactly at the instant
      eventOf('t2', '2026-03-09T12:00:00Z'), // only older events, between two active tenants
      eventOf('t3', '2026-03-10T11:00:00Z'),
      eventOf('t3', '2026-03-10T12:00:00Z'),
      eventOf('t3', '2026-03-11T08:00:00Z'), // another day
      eventOf('t4', '2026-03-10T09:00:00Z'),
      eventOf('a0', '2026-03-12T00:00:00Z'),
    ]);
    expect((await fx.activity.activeTenants(at('2026-03-10T10:00:00Z'))).sort()).toEqual(['a0', 't1', 't3']);
    expect((await fx.activity.activeTenants(at('2026-03-10T10:00:00.001Z'))).sort()).toEqual(['a0', 't3']);
    expect((await fx.activity.activeTenants(at('2026-03-09T00:00:00Z'))).sort()).toEqual(['a0', 't1', 't2', 't3', 't4']);
    expect(await fx.activity.activeTenants(at('2026-03-12T00:00:00.001Z'))).toEqual([]);
  });

  it('names no tenant before any event is stored', async ({ fx }) => {
    expect(await fx.activity.activeTenants(at('2020-01-01T00:00:00Z'))).toEqual([]);
  });
});
