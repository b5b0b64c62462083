// cleanup-old-events: whole day partitions past retention are dropped (no DELETE), partitions ahead are created,
// rollups stay, and days whose raw events are gone are never marked for recomputation again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retentionCutoffDay } from '../../../domain/jobs/retention.ts';
import { anEvent } from '../../support/builders.ts';
import { sqlEngines, type DatabaseFixture } from '../../support/databases.ts';
import { jobDeps, jobRunner } from './job-deps.ts';

const NOW = '2026-06-30T12:00:00Z';

describe('retentionCutoffDay', () => {
  it('keeps the UTC day holding the instant exactly retentionDays ago', () => {
    expect(retentionCutoffDay(new Date('2026-06-30T12:00:00Z'), 90)).toBe('2026-04-01');
    expect(retentionCutoffDay(new Date('2026-06-30T00:00:00Z'), 1)).toBe('2026-06-29');
  });
});

for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(`cleanup-old-events on ${engine.name}`, () => {
    let fx: DatabaseFixture;
    beforeEach(async () => {
      fx = await engine.open();
    });
    afterEach(() => fx?.close());

    it('drops the partitions past retention whole, creates two weeks ahead and keeps the rollups', async () => {
      const deps = jobDeps(fx, NOW, 90);
      await deps.events.append([
        anEvent('message.user', { occurredAt: new Date('2026-03-31T23:59:59Z') }),
        anEvent('message.user', { occurredAt: new Date('2026-03-30T10:00:00Z') }),
        anEvent('message.user', { occurredAt: new Date('2026-04-01T00:00:00Z') }),
        anEvent('message.user', { occurredAt: new Date('2026-06-30T11:00:00Z') }),
      ]);
      await fx.db
        .insertInto('analytics_daily_stats')
        .values({ tenant_id: 't1', day: '2026-03-30', counters: JSON.stringify({ 'messages.user': 1 }) })
        .execute();
      await fx.db.deleteFrom('analytics_dirty_days').execute();
      await fx.db
        .insertInto('analytics_dirty_days')
        .values([
          { tenant_id: 't1', day: '2026-03-30' },
          { tenant_id: 't1', day: '2026-04-02' },
        ])
        .execute();

      const outcome = await deps.jobs.run('cleanup-old-events');

      expect(outcome).toMatchObject({
        status: 'done',
        summary: { keepFrom: '2026-04-01', partitionsDropped: ['2026-03-30', '2026-03-31'], rowsDropped: 2 },
      });
      expect(await deps.events.count('t1')).toBe(2);
      const days = await deps.events.partitions.list();
      expect(days[0]).toBe('2026-04-01');
      expect(days.at(-1)).toBe('2026-07-14');
      expect(await fx.db.selectFrom('analytics_daily_stats').select('day').execute()).toEqual([{ day: '2026-03-30' }]);
      expect(await fx.db.selectFrom('analytics_dirty_days').select('day').execute()).toEqual([{ day: '2026-04-02' }]);

      const again = await deps.jobs.run('cleanup-old-events');
      expect(again).toMatchObject({ status: 'done', summary: { partitionsDropped: [], rowsDropped: 0, partitionsCreated: [] } });
    });

    it('records each run with what it did', async () => {
      await jobRunner(fx, NOW).run('cleanup-old-events');
      const runs = await fx.db.selectFrom('analytics_job_runs').selectAll().execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        job: 'cleanup-old-events',
        ok: true,
        error: null,
        summary: expect.objectContaining({ keepFrom: '2026-04-01' }),
      });
    });
  });
}
