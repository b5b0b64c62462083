// aggregate-daily-stats and auto-audit as jobs: they reach every tenant, write what the stats and quality code
// compute, and a second run changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresCountersSource } from '../../../adapters/postgres/stats/postgres-counters-source.ts';
import { PostgresDailyRollupStore } from '../../../adapters/postgres/stats/postgres-daily-rollup-store.ts';
import { addDays, dayBounds, localDay } from '../../../domain/local-day.ts';
import { anEvent } from '../../support/builders.ts';
import { sqlEngines, type DatabaseFixture } from '../../support/databases.ts';
import { jobDeps, settleDirtyMarks } from './job-deps.ts';

const at = (iso: string) => new Date(iso);

for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(`aggregate-daily-stats and auto-audit on ${engine.name}`, () => {
    let fx: DatabaseFixture;
    beforeEach(async () => {
      fx = await engine.open();
    });
    afterEach(() => fx?.close());

    it('rolls up yesterday as computed from raw facts, then a day a late event touched, and is idempotent', async () => {
      const deps = jobDeps(fx, 'system');
      const today = localDay(new Date(), 'UTC');
      const [yesterday, lateDay] = [addDays(today, -1), addDays(today, -3)];
      const atDay = (day: string, time: string) => new Date(`${day}T${time}Z`);
      await deps.events.append([
        anEvent('session.start', { occurredAt: atDay(yesterday, '10:00:00') }),
        anEvent('message.user', { occurredAt: atDay(yesterday, '10:00:01') }),
        anEvent('message.ai', { occurredAt: atDay(yesterday, '10:00:02') }),
        anEvent('session.end', { occurredAt: atDay(yesterday, '10:05:00'), data: { reason: 'resolved' } }),
      ]);
      await fx.db.deleteFrom('analytics_dirty_days').execute();
      const rollups = new PostgresDailyRollupStore({ db: fx.db });
      const raw = async (day: string) => {
        const { start, end } = dayBounds(day, 'UTC');
        return (await new PostgresCountersSource({ db: fx.db }).countersBetween('t1', 'UTC', start, end))[day];
      };

      expect(await deps.jobs.run('aggregate-daily-stats')).toMatchObject({ status: 'done', summary: { days: [`t1:${yesterday}`] } });
      expect((await rollups.get('t1', [yesterday]))[yesterday]).toEqual(await raw(yesterday));

      await deps.events.append([anEvent('message.user', { sessionId: 'late', occurredAt: atDay(lateDay, '12:00:00') })]);
      expect(await rollups.dirtyDays('t1')).toEqual([lateDay]);
      // Right after the write, a run on a PostgreSQL server recomputes the day but keeps its mark: as far as the run
      // can tell, that write (or another like it) may still be committing, unseen by its reads; the day is read raw
      // meanwhile. PGlite runs one statement at a time (and has no statement timeout): nothing can be in flight.
      expect(await deps.jobs.run('aggregate-daily-stats')).toMatchObject({ status: 'done', summary: { days: [`t1:${lateDay}`, `t1:${yesterday}`] } });
      if (fx.handle.kind === 'postgres') {
        expect(await rollups.dirtyDays('t1')).toEqual([lateDay]);
        expect((await rollups.get('t1', [lateDay]))[lateDay]).toBeUndefined();
      }
      await settleDirtyMarks(fx); // the write long done: the next run recomputes the day again and clears the mark
      const again = await deps.jobs.run('aggregate-daily-stats');
      expect(again).toMatchObject({ status: 'done' });
      if (fx.handle.kind === 'postgres') expect(again).toMatchObject({ summary: { days: [`t1:${lateDay}`, `t1:${yesterday}`] } });
      expect((await rollups.get('t1', [lateDay]))[lateDay]).toEqual(await raw(lateDay));
      expect(await rollups.dirtyDays('t1')).toEqual([]);

      expect(await deps.jobs.run('aggregate-daily-stats')).toMatchObject({ status: 'done', summary: { daysWritten: 0 } });
    });

    it('audits each ended session once', async () => {
      const deps = jobDeps(fx, '2026-03-11T01:00:00Z');
      await deps.events.append([
        anEvent('session.start', { occurredAt: at('2026-03-10T10:00:00Z') }),
        anEvent('message.user', { occurredAt: at('2026-03-10T10:00:01Z') }),
        anEvent('message.ai', { occurredAt: at('2026-03-10T10:00:02Z') }),
        anEvent('session.end', { occurredAt: at('2026-03-10T10:05:00Z'), data: { reason: 'resolved' } }),
        anEvent('session.start', { sessionId: 'open', occurredAt: at('2026-03-10T11:00:00Z') }),
      ]);
      expect(await deps.jobs.run('auto-audit')).toMatchObject({ status: 'done', summary: { tenants: 1, audited: 1 } });
      expect(await deps.jobs.run('auto-audit')).toMatchObject({ status: 'done', summary: { audited: 0 } });
      expect(await fx.db.selectFrom('analytics_quality_audits').select('session_id').execute()).toEqual([{ session_id: 's1' }]);
    });
  });
}
