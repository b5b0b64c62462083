// The DirtyDays contract on PGlite and PostgreSQL, once per kind of marks: the daily stats' (analytics_dirty_days)
// and ROI's (analytics_roi_dirty_days). Marks are set here straight in their table, as the writes that dirty a day do.
import { expect } from 'vitest';
import { PostgresDirtyDays, type MarksTable } from '../../adapters/postgres/stats/postgres-dirty-days.ts';
import type { DirtyDays } from '../../domain/jobs/dirty-days.ts';
import type { DatabaseFixture } from '../support/databases.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

/** One kind of marks: the port on it, and a way to mark a day of a tenant ('YYYY-MM-DD') as a write would. */
interface Marks {
  readonly days: DirtyDays;
  mark(tenantId: string, day: string): Promise<void>;
}

interface DirtyDaysFixture extends Marks {
  /** The other kind of marks, which this one must leave alone. */
  readonly other: Marks;
}

const marksOn = (db: DatabaseFixture['db'], table: MarksTable): Marks => ({
  days: new PostgresDirtyDays({ db, table }),
  async mark(tenantId, day) {
    await db
      .insertInto(table)
      .values({ tenant_id: tenantId, day })
      .onConflict((oc) => oc.columns(['tenant_id', 'day']).doNothing())
      .execute();
  },
});

const kinds = [
  { name: 'daily stats', table: 'analytics_dirty_days', other: 'analytics_roi_dirty_days' },
  { name: 'ROI', table: 'analytics_roi_dirty_days', other: 'analytics_dirty_days' },
] as const;

for (const kind of kinds) {
  const adapters: PortAdapters<DirtyDaysFixture> = {
    sql: ({ db }) => ({ ...marksOn(db, kind.table), other: marksOn(db, kind.other) }),
  };

  await portContract<DirtyDaysFixture>(`DirtyDays (${kind.name})`, adapters, (it) => {
    it('names each tenant with a marked day once, and none when nothing is marked', async ({ fx }) => {
      expect(await fx.days.tenants()).toEqual([]);
      await fx.mark('t2', '2026-03-01');
      await fx.mark('t1', '2026-03-01');
      await fx.mark('t1', '2026-03-05');
      expect((await fx.days.tenants()).sort()).toEqual(['t1', 't2']);
    });

    it('forgets the marks up to and including the day, in every tenant, and keeps the later ones', async ({ fx }) => {
      await fx.mark('t1', '2026-03-01');
      await fx.mark('t1', '2026-03-02');
      await fx.mark('t2', '2026-03-02');
      await fx.mark('t2', '2026-03-03');
      await fx.mark('t3', '2026-04-01');
      await fx.days.forgetThrough('2026-03-02');
      // t1 had only days through the 2nd; t2 keeps the 3rd.
      expect((await fx.days.tenants()).sort()).toEqual(['t2', 't3']);
      await fx.days.forgetThrough('2026-03-31');
      expect(await fx.days.tenants()).toEqual(['t3']);
    });

    it('keeps every mark when the day is before them all', async ({ fx }) => {
      await fx.mark('t1', '2026-01-01');
      await fx.days.forgetThrough('2025-12-31');
      expect(await fx.days.tenants()).toEqual(['t1']);
    });

    it('leaves the marks of the other kind', async ({ fx }) => {
      await fx.mark('t1', '2026-03-01');
      await fx.other.mark('t2', '2026-03-01');
      await fx.days.forgetThrough('2026-03-01');
      expect(await fx.days.tenants()).toEqual([]);
      expect(await fx.other.days.tenants()).toContain('t2');
    });
  });
}
