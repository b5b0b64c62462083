// The PostgreSQL billing rollup (analytics_billing_daily) follows the tenant's zone: after a zone change it is never
// read in the old zone's days, and the next billing write rebuilds it in the new zone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresTenantStore } from '../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { PostgresUsageStore } from '../../adapters/postgres/billing/postgres-usage-store.ts';
import type { TokenUsage } from '../../domain/billing/token-usage.ts';
import { dayBounds } from '../../domain/local-day.ts';
import { needServer, pgliteFixture, postgresFixture, type DatabaseFixture } from '../support/databases.ts';

const usage = (key: string, iso: string): TokenUsage => ({
  tenantId: 't1',
  usageKey: key,
  occurredAt: new Date(iso),
  sessionId: null,
  kind: 'model',
  name: 'm',
  model: 'm',
  inputTokens: 10,
  outputTokens: 0,
  source: 'api',
});

function rollupSpec(name: string, open: () => Promise<DatabaseFixture>): void {
  describe(`billing rollup on ${name}`, () => {
    let fx: DatabaseFixture;
    beforeEach(async () => {
      fx = await open();
    });
    afterEach(async () => {
      await fx?.close();
    });

    const days = (zone: string) => ({ from: dayBounds('2026-03-08', zone).start, to: dayBounds('2026-03-09', zone).end });
    const rolled = () =>
      fx.db
        .selectFrom('analytics_billing_daily')
        .select(['model_or_bot', 'input_tokens'])
        .select((eb) => eb.cast<string>('day', 'text').as('day'))
        .orderBy('day')
        .orderBy('model_or_bot')
        .execute();

    it('is rebuilt in the new zone by the next write, and read raw meanwhile', async () => {
      const tenants = new PostgresTenantStore({ db: fx.db });
      const store = new PostgresUsageStore({ db: fx.db });
      await tenants.create({ tenantId: 't1', timeZone: 'UTC' });
      await store.record([usage('a', '2026-03-09T03:30:00Z')]); // 03-09 in UTC, 03-08 23:30 in New York
      expect(await rolled()).toEqual([{ day: '2026-03-09', model_or_bot: 'model:m', input_tokens: 10 }]);

      await tenants.update('t1', { timeZone: 'America/New_York' });
      expect((await store.usageRows('t1', days('America/New_York'), 'America/New_York')).map((r) => r.day)).toEqual(['2026-03-08']);
      expect(await store.totalTokens('t1', days('America/New_York'))).toBe(10);

      await store.record([usage('b', '2026-03-09T12:00:00Z')]);
      expect(await rolled()).toEqual([
        { day: '2026-03-08', model_or_bot: 'model:m', input_tokens: 10 },
        { day: '2026-03-09', model_or_bot: 'model:m', input_tokens: 10 },
      ]);
      expect((await store.usageRows('t1', days('America/New_York'), 'America/New_York')).map((r) => r.day).sort()).toEqual([
        '2026-03-08',
        '2026-03-09',
      ]);
    });

    it('adds each write of new keys to the cells it lands in, equal to the raw sum, and recomputes a replaced one', async () => {
      const tenants = new PostgresTenantStore({ db: fx.db });
      const store = new PostgresUsageStore({ db: fx.db });
      await tenants.create({ tenantId: 't1', timeZone: 'UTC' });
      await store.record([usage('a', '2026-03-08T01:00:00Z'), usage('b', '2026-03-08T02:00:00Z')]);
      await store.record([usage('c', '2026-03-08T03:00:00Z'), { ...usage('d', '2026-03-09T01:00:00Z'), name: 'n', model: 'n' }]);
      expect(await rolled()).toEqual([
        { day: '2026-03-08', model_or_bot: 'model:m', input_tokens: 30 },
        { day: '2026-03-09', model_or_bot: 'model:n', input_tokens: 10 },
      ]);
      // A later copy of 'a' moves it to the next day: its old cell loses it, its new one gains it.
      await store.record([usage('a', '2026-03-09T05:00:00Z')]);
      expect(await rolled()).toEqual([
        { day: '2026-03-08', model_or_bot: 'model:m', input_tokens: 20 },
        { day: '2026-03-09', model_or_bot: 'model:m', input_tokens: 10 },
        { day: '2026-03-09', model_or_bot: 'model:n', input_tokens: 10 },
      ]);
      expect(await store.totalTokens('t1', days('UTC'))).toBe(40);
    });
  });
}

rollupSpec('PGlite', pgliteFixture);
describe.skipIf(!(await needServer('postgres')))('PostgreSQL', () => rollupSpec('PostgreSQL', postgresFixture));
