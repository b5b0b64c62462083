// The job runner: two instances started together run each scheduled slot once; a failing run is recorded and
// logged, never thrown, and the next slot runs again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type PgHandle } from '../../adapters/postgres/db/connect.ts';
import { JobScheduler } from '../../adapters/postgres/jobs/job-scheduler.ts';
import { FixedClock } from '../../domain/clock.ts';
import type { Job, JobName } from '../../domain/jobs/job.ts';
import type { Logger } from '../../domain/logger.ts';
import { sqlEngines, testDatabaseUrl, type DatabaseFixture } from '../support/databases.ts';

const postgres = (await sqlEngines()).find((e) => e.name === 'PostgreSQL')!;
const everySecond: Partial<Record<JobName, string>> = { 'auto-audit': '* * * * * *' };

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describe.skipIf(postgres.skip)('JobScheduler on PostgreSQL', () => {
  let fx: DatabaseFixture;
  let second: PgHandle;
  beforeEach(async () => {
    fx = await postgres.open();
    second = await openDatabase({ databaseUrl: testDatabaseUrl, searchPath: fx.schema!, poolSize: 2 });
  });
  afterEach(async () => {
    await second?.close();
    await fx?.close();
  });

  it('runs each slot once when two instances start together', async () => {
    const ran: string[] = [];
    const job = (instance: string): Job => ({
      name: 'auto-audit',
      async run() {
        ran.push(instance);
        await new Promise((r) => setTimeout(r, 50));
        return { audited: 0 };
      },
    });
    const clock = new FixedClock('2026-03-10T10:00:00Z');
    const a = new JobScheduler({ database: fx.handle, jobs: [job('a')], logger: recordingLogger(), instance: 'a', clock, schedules: everySecond });
    const b = new JobScheduler({ database: second, jobs: [job('b')], logger: recordingLogger(), instance: 'b', clock, schedules: everySecond });
    a.start();
    b.start();
    await new Promise((r) => setTimeout(r, 3500));
    await Promise.all([a.stop(), b.stop()]);

    const runs = await fx.db.selectFrom('analytics_job_runs').select(['slot', 'instance', 'ok']).orderBy('slot').execute();
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(ran).toHaveLength(runs.length);
    expect(runs.every((r) => r.ok === true)).toBe(true);
    expect(new Set(runs.map((r) => r.slot.getTime())).size).toBe(runs.length);
  });

  it('records and logs a failing run, keeps going, and runs the next slot', async () => {
    let calls = 0;
    const flaky: Job = {
      name: 'auto-audit',
      async run() {
        calls++;
        if (calls === 1) throw new Error('database went away');
        return { audited: 1 };
      },
    };
    const logger = recordingLogger();
    const scheduler = new JobScheduler({
      database: fx.handle,
      jobs: [flaky],
      logger,
      instance: 'a',
      clock: new FixedClock('2026-03-10T10:00:00Z'),
      schedules: everySecond,
    });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 2500));
    await scheduler.stop();

    const runs = await fx.db.selectFrom('analytics_job_runs').select(['ok', 'error']).orderBy('slot').execute();
    expect(runs[0]).toEqual({ ok: false, error: 'database went away' });
    expect(runs.slice(1).some((r) => r.ok === true)).toBe(true);
    expect(logger.lines).toContain('job auto-audit failed; it runs again at its next time');
    expect(logger.lines).toContain('job auto-audit done');
  });
});
