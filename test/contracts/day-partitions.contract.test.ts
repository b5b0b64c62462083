// The DayPartitions contract on PGlite and PostgreSQL: the raw events kept in whole UTC days, made ahead (once) and
// dropped whole before a day, with the events they held. Events go in through the event store that shares them.
import { expect } from 'vitest';
import { EventPartitions } from '../../adapters/postgres/events/partitions.ts';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import type { EventStore } from '../../domain/events/event-store.ts';
import type { DayPartitions } from '../../domain/jobs/day-partitions.ts';
import { anEvent } from '../support/builders.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface DayPartitionsFixture {
  readonly partitions: DayPartitions;
  /** Writes into the days of `partitions` (making a missing day as it writes). */
  readonly events: EventStore;
}

const adapters: PortAdapters<DayPartitionsFixture> = {
  sql: ({ db }) => {
    const partitions = new EventPartitions(db);
    return { partitions, events: new PostgresEventStore({ db, partitions }) };
  },
};

const at = (iso: string) => new Date(iso);

await portContract<DayPartitionsFixture>('DayPartitions', adapters, (it) => {
  it("makes the days from the instant's UTC day through the days ahead, each once", async ({ fx }) => {
    // 23:30 in New York is already the next UTC day.
    expect(await fx.partitions.createAhead(at('2026-06-30T03:30:00Z'), 3)).toEqual(['2026-06-30', '2026-07-01', '2026-07-02', '2026-07-03']);
    expect(await fx.partitions.createAhead(at('2026-06-30T03:30:00Z'), 3)).toEqual([]);
    // A day later: only the new last day is missing.
    expect(await fx.partitions.createAhead(at('2026-07-01T23:59:59.999Z'), 3)).toEqual(['2026-07-04']);
  });

  it('makes the days ahead across the end of a month and a year', async ({ fx }) => {
    expect(await fx.partitions.createAhead(at('2026-12-30T12:00:00Z'), 2)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
  });

  it('does not make again a day the event write made', async ({ fx }) => {
    await fx.events.append([anEvent('message.user', { occurredAt: at('2026-07-01T08:00:00Z') })]);
    expect(await fx.partitions.createAhead(at('2026-06-30T12:00:00Z'), 2)).toEqual(['2026-06-30', '2026-07-02']);
  });

  it('drops every day before the day, not the day itself, and counts the events they held', async ({ fx }) => {
    await fx.events.append([
      anEvent('message.user', { occurredAt: at('2026-03-30T10:00:00Z') }),
      anEvent('message.user', { occurredAt: at('2026-03-30T11:00:00Z'), tenantId: 't2' }),
      anEvent('message.user', { occurredAt: at('2026-03-31T23:59:59.999Z') }),
      anEvent('message.user', { occurredAt: at('2026-04-01T00:00:00Z') }),
      anEvent('message.user', { occurredAt: at('2026-04-02T12:00:00Z') }),
    ]);
    expect(await fx.partitions.dropBefore('2026-04-01')).toEqual({ days: ['2026-03-30', '2026-03-31'], rows: 3 });
    expect(await fx.events.count('t1')).toBe(2);
    expect(await fx.events.count('t2')).toBe(0);
    // The days kept are still there, so making them again makes nothing.
    expect(await fx.partitions.createAhead(at('2026-04-01T00:00:00Z'), 1)).toEqual([]);
  });

  it('forgets the ids of the days it drops (an id sent again after its day is gone is a new event), not of the days kept', async ({ fx }) => {
    const gone = anEvent('message.user', { occurredAt: at('2026-03-30T10:00:00Z') });
    const kept = anEvent('message.user', { occurredAt: at('2026-04-01T10:00:00Z') });
    await fx.events.append([gone, kept]);
    expect(await fx.partitions.dropBefore('2026-04-01')).toEqual({ days: ['2026-03-30'], rows: 1 });
    // The kept day's id is still known, whatever occurredAt the copy carries (even the dropped day's).
    expect((await fx.events.append([{ ...kept, occurredAt: at('2026-03-30T11:00:00Z') }])).stored).toEqual([]);
    // The dropped day's id is forgotten with its event: sent again, it is stored as new (once).
    expect((await fx.events.append([{ ...gone, occurredAt: at('2026-04-02T09:00:00Z') }])).stored).toEqual([gone.id]);
    expect((await fx.events.append([gone])).stored).toEqual([]);
    expect(await fx.events.count('t1')).toBe(2);
  });

  it('drops empty days too, and nothing the second time', async ({ fx }) => {
    await fx.partitions.createAhead(at('2026-06-28T00:00:00Z'), 2);
    expect(await fx.partitions.dropBefore('2026-06-30')).toEqual({ days: ['2026-06-28', '2026-06-29'], rows: 0 });
    expect(await fx.partitions.dropBefore('2026-06-30')).toEqual({ days: [], rows: 0 });
    expect(await fx.partitions.dropBefore('2026-07-31')).toEqual({ days: ['2026-06-30'], rows: 0 });
  });

  it('makes a dropped day again when asked, and takes its events again', async ({ fx }) => {
    await fx.events.append([anEvent('message.user', { occurredAt: at('2026-03-30T10:00:00Z') })]);
    await fx.partitions.dropBefore('2026-03-31');
    await fx.events.append([anEvent('message.user', { occurredAt: at('2026-03-30T12:00:00Z') })]);
    expect(await fx.events.count('t1')).toBe(1);
    await fx.partitions.dropBefore('2026-03-31');
    expect(await fx.partitions.createAhead(at('2026-03-30T00:00:00Z'), 0)).toEqual(['2026-03-30']);
  });

  it('refuses what is not a day, dropping nothing', async ({ fx }) => {
    await fx.partitions.createAhead(at('2026-03-01T00:00:00Z'), 0);
    for (const bad of ['2026-3-02', '2026-13-01', "2026-03-02'; DROP TABLE analytics_events; --", '']) {
      await expect(fx.partitions.dropBefore(bad)).rejects.toThrow();
    }
    expect(await fx.partitions.createAhead(at('2026-03-01T00:00:00Z'), 0)).toEqual([]);
  });
});
