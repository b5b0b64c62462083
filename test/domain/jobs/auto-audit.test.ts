// The auto-audit job on PGlite and PostgreSQL: a session whose events arrive after it ended (its end long before the
// job's last run) is audited by the next run, and by no run after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anEvent } from '../../support/builders.ts';
import { sqlEngines, type DatabaseFixture } from '../../support/databases.ts';
import { jobDeps } from './job-deps.ts';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(`auto-audit on ${engine.name}`, () => {
    let fx: DatabaseFixture;
    beforeEach(async () => {
      fx = await engine.open();
    });
    afterEach(() => fx?.close());

    it('audits a session sent 25 minutes after it ended, after a run, exactly once', async () => {
      const deps = jobDeps(fx, 'system');
      await deps.events.append([anEvent('session.start', { sessionId: 'on-time', occurredAt: minutesAgo(60) })]);
      expect(await deps.jobs.run('auto-audit')).toMatchObject({ status: 'done', summary: { audited: 0 } });

      await deps.events.append([
        anEvent('session.start', { sessionId: 'late', occurredAt: minutesAgo(31) }),
        anEvent('message.user', { sessionId: 'late', occurredAt: minutesAgo(30) }),
        anEvent('message.ai', { sessionId: 'late', occurredAt: minutesAgo(29), data: { responseTimeMs: 800 } }),
        anEvent('session.end', { sessionId: 'late', occurredAt: minutesAgo(25), data: { reason: 'resolved' } }),
      ]);
      expect(await deps.jobs.run('auto-audit')).toMatchObject({ status: 'done', summary: { audited: 1 } });
      expect(await deps.jobs.run('auto-audit')).toMatchObject({ status: 'done', summary: { audited: 0 } });
      expect(await fx.db.selectFrom('analytics_quality_audits').select(['session_id', 'source']).execute()).toEqual([
        { session_id: 'late', source: 'auto' },
      ]);
    });
  });
}
