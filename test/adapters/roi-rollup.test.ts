// The PostgreSQL ROI rollup (analytics_roi_daily) is what a read uses: rolled closed days are read from it, today from
// its partial plus what changed after it; what it cannot vouch for is read raw. The figures equal the raw ones (the
// usage-store contract checks them on every adapter); here the partial of today, on the database's own clock.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../adapters/postgres/events/postgres-event-store.ts';
import { PostgresPriceStore } from '../../adapters/postgres/billing/postgres-price-store.ts';
import { PostgresTenantStore } from '../../adapters/postgres/tenants/postgres-tenant-store.ts';
import { PostgresUsageStore } from '../../adapters/postgres/billing/postgres-usage-store.ts';
import { PostgresRoiRollup } from '../../adapters/postgres/billing/roi-daily-rollup.ts';
import type { EventName } from '../../domain/events/catalog.ts';
import type { TokenUsage } from '../../domain/billing/token-usage.ts';
import { addDays, dayBounds, localDay } from '../../domain/local-day.ts';
import { anEvent } from '../support/builders.ts';
import { sqlEngines, type DatabaseFixture } from '../support/databases.ts';

const MIN = 60_000;

/** A zone where it is about noon now: its midnights are some 12 hours away, whenever the test runs. */
function noonZone(now: Date): string {
  const offset = Math.max(-11, Math.min(12, 12 - now.getUTCHours()));
  return offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(`ROI rollup on ${engine.name}`, () => {
    let fx: DatabaseFixture;
    let usage: PostgresUsageStore;
    let events: PostgresEventStore;
    beforeEach(async () => {
      fx = await engine.open();
      usage = new PostgresUsageStore({ db: fx.db });
      events = new PostgresEventStore({ db: fx.db });
      await new PostgresPriceStore({ db: fx.db }).setPrice('t1', {
        kind: 'model',
        name: 'm',
        inputPerMillion: '1',
        outputPerMillion: '0',
        currency: 'USD',
        effectiveFrom: '2026-01-01T00:00:00.000Z',
      });
    });
    afterEach(async () => {
      await fx?.close();
    });

    const anUsage = (key: string, sessionId: string, at: Date, inputTokens: number): TokenUsage => ({
      tenantId: 't1',
      usageKey: key,
      occurredAt: at,
      sessionId,
      kind: 'model',
      name: 'm',
      model: 'm',
      inputTokens,
      outputTokens: 0,
      source: 'api',
    });
    const ev = (sessionId: string, name: EventName, at: Date) =>
      anEvent(name, { sessionId, occurredAt: at, ...(name === 'message.agent' ? { agentId: 'a1' } : {}) });
    const usd = (inputTokens: number) => ({ inputTokens, outputTokens: 0, currency: 'USD', cost: (inputTokens / 1e6).toFixed(12) });
    const dirtyDays = async () =>
      (await sql<{ day: string }>`SELECT day::text AS day FROM analytics_roi_dirty_days ORDER BY day`.execute(fx.db)).rows.map((r) => r.day);

    describe('closed days', () => {
      const roiOf = (range: { from: Date; to: Date }) => usage.roiUsage('t1', range, 'UTC');
      const ROLLED = new Date('2026-03-12T12:00:00Z');
      const TWO_DAYS = { from: new Date('2026-03-10T00:00:00Z'), to: new Date('2026-03-12T00:00:00Z') };

      it('are read from the rollup (raw rows gone behind its back do not show) and every day of the window is rolled', async () => {
        await events.append([
          ev('s', 'session.start', new Date('2026-03-10T09:00:00Z')),
          ev('s', 'session.transfer', new Date('2026-03-10T09:01:00Z')),
        ]);
        await usage.record([anUsage('u1', 's', new Date('2026-03-10T09:02:00Z'), 40)]);
        expect(await new PostgresRoiRollup({ db: fx.db, windowDays: 5, settleMs: 0 }).run('t1', ROLLED)).toEqual([
          '2026-03-07',
          '2026-03-08',
          '2026-03-09',
          '2026-03-10',
          '2026-03-11',
        ]);
        await sql`DELETE FROM analytics_token_usage`.execute(fx.db);
        expect((await roiOf(TWO_DAYS)).handedOff).toEqual([usd(40)]);
        // Part of a day is read raw.
        expect((await roiOf({ from: TWO_DAYS.from, to: new Date('2026-03-11T23:00:00Z') })).handedOff).toEqual([usd(40)]);
        expect((await roiOf({ from: new Date('2026-03-10T01:00:00Z'), to: TWO_DAYS.to })).handedOff).toEqual([]);
        expect(await new PostgresRoiRollup({ db: fx.db, windowDays: 5, settleMs: 0 }).run('t1', ROLLED)).toEqual([]);
      });

      it('are rolled only once they ended the settling time ago, and keep marks newer than that', async () => {
        const now = new Date();
        const zone = noonZone(now);
        await new PostgresTenantStore({ db: fx.db }).create({ tenantId: 't1', timeZone: zone });
        const yesterday = addDays(localDay(now, zone), -1);
        const before = addDays(yesterday, -1);
        await usage.record([anUsage('u1', 's', dayBounds(before, zone).start, 1)]);
        expect(await dirtyDays()).toEqual([before]);
        // With a day of settling time: yesterday ended some 12 hours ago (not yet), the day before some 36 (rolled),
        // but the mark made just now is too new to count as seen.
        const rollup = new PostgresRoiRollup({ db: fx.db, windowDays: 2, settleMs: 24 * 60 * MIN });
        expect(await rollup.run('t1', now)).toEqual([before]);
        expect(await dirtyDays()).toEqual([before]);
      });
    });

    describe("today's partial rollup", () => {
      let now: Date;
      let today: { from: Date; to: Date };
      let zone: string;
      const roiToday = () => usage.roiUsage('t1', today, zone);
      const ago = (minutes: number) => new Date(now.getTime() - minutes * MIN);
      const rollUp = (at: Date) => new PostgresRoiRollup({ db: fx.db, windowDays: 2, settleMs: 0 }).run('t1', at);

      beforeEach(async () => {
        now = new Date();
        zone = noonZone(now);
        await new PostgresTenantStore({ db: fx.db }).create({ tenantId: 't1', timeZone: zone });
        const bounds = dayBounds(localDay(now, zone), zone);
        today = { from: bounds.start, to: bounds.end };
        // Two hours ago: an AI-resolved session and a handed-off one, one usage each; rolled up half an hour ago.
        await events.append([
          ev('ai', 'session.start', ago(120)),
          ev('ai', 'message.ai', ago(119)),
          ev('ai', 'session.end', ago(118)),
          ev('handed', 'session.start', ago(120)),
          ev('handed', 'session.transfer', ago(119)),
          ev('open', 'session.start', ago(120)),
          ev('open', 'message.ai', ago(119)),
        ]);
        await usage.record([
          anUsage('ai-1', 'ai', ago(119), 100),
          anUsage('handed-1', 'handed', ago(119), 10),
          anUsage('open-1', 'open', ago(119), 1000),
        ]);
        await rollUp(ago(30));
        expect(await roiToday()).toEqual({ aiResolved: { sessions: 1, usage: [usd(100)] }, handedOff: [usd(10)] });
      });

      it('adds the usage after its watermark, raw', async () => {
        await usage.record([anUsage('handed-2', 'handed', ago(10), 20)]);
        expect(await dirtyDays()).toEqual([]);
        expect((await roiToday()).handedOff).toEqual([usd(30)]);
      });

      it('follows a session transferred after it, from the change log', async () => {
        await events.append([ev('ai', 'session.transfer', ago(5))]);
        expect(await dirtyDays()).toEqual([]);
        expect(await roiToday()).toEqual({ aiResolved: { sessions: 0, usage: [] }, handedOff: [usd(110)] });
        await rollUp(now);
        expect(await roiToday()).toEqual({ aiResolved: { sessions: 0, usage: [] }, handedOff: [usd(110)] });
      });

      it('counts a session whose end arrives late, before the watermark', async () => {
        await events.append([ev('open', 'session.end', ago(60))]);
        expect(await roiToday()).toEqual({ aiResolved: { sessions: 2, usage: [usd(1100)] }, handedOff: [usd(10)] });
      });

      it('weighs a session changed twice after it against the state the partial saw', async () => {
        await events.append([ev('open', 'session.end', ago(60))]);
        await events.append([ev('open', 'session.transfer', ago(59))]);
        expect(await roiToday()).toEqual({ aiResolved: { sessions: 1, usage: [usd(100)] }, handedOff: [usd(1010)] });
        await rollUp(ago(1));
        expect(await roiToday()).toEqual({ aiResolved: { sessions: 1, usage: [usd(100)] }, handedOff: [usd(1010)] });
      });

      it('is dirty after a usage before its watermark, or of a session that ended before it', async () => {
        await usage.record([anUsage('ai-2', 'ai', ago(5), 1)]); // after the watermark, but its session ended before
        expect(await dirtyDays()).toEqual([localDay(now, zone)]);
        await usage.record([anUsage('handed-0', 'handed', ago(60), 2)]);
        expect(await roiToday()).toEqual({ aiResolved: { sessions: 1, usage: [usd(101)] }, handedOff: [usd(12)] });
        await rollUp(now);
        expect(await dirtyDays()).toEqual([]);
        expect(await roiToday()).toEqual({ aiResolved: { sessions: 1, usage: [usd(101)] }, handedOff: [usd(12)] });
      });
    });
  });
}
