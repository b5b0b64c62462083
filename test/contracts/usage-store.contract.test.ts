// The billing stores' contract (UsageStore, PriceStore, PlanStore) on memory, PGlite and PostgreSQL: same inputs,
// same answers. Session facts come from the fixture's event store (the stores read them for ROI figures).
import { describe, expect } from 'vitest';
import type { Price } from '../../domain/billing/models.ts';
import type { PlanStore } from '../../domain/billing/plan-store.ts';
import type { PriceStore } from '../../domain/billing/price-store.ts';
import type { TokenUsage } from '../../domain/billing/token-usage.ts';
import type { CostedTokens, StoredUsageRow, UsageStore } from '../../domain/billing/usage-store.ts';
import type { EventStore, TimeRange } from '../../domain/events/event-store.ts';
import { billingStoresOn, memoryBillingStores } from '../support/billing-stores.ts';
import { anEvent } from '../support/builders.ts';
import { portContract, type PortAdapters } from '../support/port-contract.ts';

interface UsageStoreFixture {
  readonly usage: UsageStore;
  readonly prices: PriceStore;
  readonly plans: PlanStore;
  readonly events: EventStore;
  /**
   * What the daily aggregation does for ROI as of `now`: rolls up the closed days that need it (on a database; the
   * memory store computes from raw usage and has nothing to do).
   */
  rollUpRoi(tenantId: string, now: Date): Promise<void>;
}

const at = (iso: string) => new Date(iso);
const DAY = { from: at('2026-03-10T00:00:00Z'), to: at('2026-03-11T00:00:00Z') };

function aUsage(key: string, over: Partial<TokenUsage> = {}): TokenUsage {
  return {
    tenantId: 't1',
    usageKey: key,
    occurredAt: at('2026-03-10T10:00:00Z'),
    sessionId: null,
    kind: 'model',
    name: 'gpt-4o',
    model: 'gpt-4o',
    inputTokens: 1000,
    outputTokens: 500,
    source: 'llm.usage',
    ...over,
  };
}

function aPrice(over: Partial<Price> = {}): Price {
  return {
    kind: 'model',
    name: 'gpt-4o',
    inputPerMillion: '2.5',
    outputPerMillion: '10',
    currency: 'USD',
    effectiveFrom: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** An event of a session at `iso` (an agent's for message.agent). */
const s = (sessionId: string, name: Parameters<typeof anEvent>[0], iso: string) =>
  anEvent(name, { sessionId, occurredAt: at(iso), ...(name === 'message.agent' ? { agentId: 'a1' } : {}) });
const plus = (iso: string, minutes: number) => new Date(at(iso).getTime() + minutes * 60_000).toISOString();
/** A session the AI resolves: started at `iso`, answered a minute later, ended at two minutes. */
const aiSession = (id: string, iso: string) => [s(id, 'session.start', iso), s(id, 'message.ai', plus(iso, 1)), s(id, 'session.end', plus(iso, 2))];
/** A session handed to an agent: started at `iso`, transferred at 2 minutes, answered by the agent, ended at 5. */
const handedSession = (id: string, iso: string) => [
  s(id, 'session.start', iso),
  s(id, 'message.ai', plus(iso, 1)),
  s(id, 'session.transfer', plus(iso, 2)),
  s(id, 'message.agent', plus(iso, 4)),
  s(id, 'session.end', plus(iso, 5)),
];

const byKey = (rows: readonly StoredUsageRow[]) =>
  [...rows].sort((a, b) => {
    const key = (r: StoredUsageRow) => `${r.day} ${r.kind} ${r.name} ${r.currency ?? ''}`;
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });

const adapters: PortAdapters<UsageStoreFixture> = {
  memory: memoryBillingStores,
  sql: ({ db }) => billingStoresOn(db),
};

const roiOf = (fx: UsageStoreFixture, tenantId: string, range: TimeRange) => fx.usage.roiUsage(tenantId, range, 'UTC');

await portContract<UsageStoreFixture>('UsageStore', adapters, (it) => {
  it('prices each usage at the price valid at its occurredAt, exactly, per day, model and currency', async ({ fx }) => {
    await fx.prices.setPrice('t1', aPrice());
    await fx.prices.setPrice('t1', aPrice({ inputPerMillion: '5', effectiveFrom: '2026-03-10T12:00:00.000Z' }));
    await fx.usage.record([
      aUsage('u1'), // 1000 × 2.5 / 1e6 + 500 × 10 / 1e6 = 0.0025 + 0.005
      aUsage('u2', { occurredAt: at('2026-03-10T12:00:00Z'), inputTokens: 3, outputTokens: 0 }), // 3 × 5 / 1e6
    ]);
    expect(await fx.usage.usageRows('t1', DAY, 'UTC')).toEqual([
      { day: '2026-03-10', kind: 'model', name: 'gpt-4o', inputTokens: 1003, outputTokens: 500, currency: 'USD', cost: '0.007515000000' },
    ]);
  });

  it('reports a model or bot with no price as unpriced (cost null), never as cost 0', async ({ fx }) => {
    await fx.prices.setPrice('t1', aPrice({ effectiveFrom: '2026-03-10T11:00:00.000Z' }));
    await fx.usage.record([
      aUsage('early'), // before the first price: unpriced
      aUsage('late', { occurredAt: at('2026-03-10T11:00:00Z') }),
      aUsage('bot', { kind: 'bot', name: 'bot-1', model: null, inputTokens: 7, outputTokens: 3 }),
    ]);
    expect(byKey(await fx.usage.usageRows('t1', DAY, 'UTC'))).toEqual([
      { day: '2026-03-10', kind: 'bot', name: 'bot-1', inputTokens: 7, outputTokens: 3, currency: null, cost: null },
      { day: '2026-03-10', kind: 'model', name: 'gpt-4o', inputTokens: 1000, outputTokens: 500, currency: null, cost: null },
      { day: '2026-03-10', kind: 'model', name: 'gpt-4o', inputTokens: 1000, outputTokens: 500, currency: 'USD', cost: '0.007500000000' },
    ]);
    const byCurrency = (rows: CostedTokens[]) => [...rows].sort((a, b) => (a.currency ?? '').localeCompare(b.currency ?? ''));
    const totals = [
      { inputTokens: 1007, outputTokens: 503, currency: null, cost: null },
      { inputTokens: 1000, outputTokens: 500, currency: 'USD', cost: '0.007500000000' },
    ];
    expect(byCurrency(await fx.usage.usageTotals('t1', DAY, 'UTC'))).toEqual(totals);
    expect(byCurrency(await fx.usage.usageTotals('t1', { from: at('2026-03-10T09:00:00Z'), to: at('2026-03-10T12:00:00Z') }, 'UTC'))).toEqual(totals);
  });

  it('keeps a cost of a fraction of a micro-unit exact', async ({ fx }) => {
    await fx.prices.setPrice('t1', aPrice({ inputPerMillion: '0.000001', outputPerMillion: '0' }));
    await fx.usage.record([aUsage('tiny', { inputTokens: 1, outputTokens: 0 })]);
    const [row] = await fx.usage.usageRows('t1', DAY, 'UTC');
    expect(row?.cost).toBe('0.000000000001');
  });

  it('replaces a usage recorded again under the same key (a later completion), never adds to it', async ({ fx }) => {
    const first = await fx.usage.record([aUsage('coze:1', { kind: 'bot', name: 'b', inputTokens: 10, outputTokens: 0 })]);
    expect(first).toEqual({ inserted: ['coze:1'], replaced: [] });
    const again = await fx.usage.record([
      aUsage('coze:1', { kind: 'bot', name: 'b', inputTokens: 40, outputTokens: 2, occurredAt: at('2026-03-10T10:05:00Z') }),
    ]);
    expect(again).toEqual({ inserted: [], replaced: ['coze:1'] });
    expect(await fx.usage.totalTokens('t1', DAY)).toBe(42);
  });

  it('prices usage recorded before its price was set (no stale unpriced figure)', async ({ fx }) => {
    await fx.usage.record([aUsage('u1')]);
    expect((await fx.usage.usageRows('t1', DAY, 'UTC'))[0]?.cost).toBeNull();
    await fx.prices.setPrice('t1', aPrice());
    expect((await fx.usage.usageRows('t1', DAY, 'UTC'))[0]?.cost).toBe('0.007500000000');
    await fx.prices.setPrice('t1', aPrice({ currency: 'EUR' }));
    expect(await fx.usage.usageRows('t1', DAY, 'UTC')).toMatchObject([{ currency: 'EUR', cost: '0.007500000000' }]);
  });

  it('moves a replaced usage out of its old day and model', async ({ fx }) => {
    await fx.usage.record([aUsage('coze:m', { occurredAt: at('2026-03-09T23:00:00Z') })]);
    await fx.usage.record([aUsage('coze:m', { kind: 'bot', name: 'b', inputTokens: 1, outputTokens: 1 })]);
    const twoDays = { from: at('2026-03-09T00:00:00Z'), to: at('2026-03-11T00:00:00Z') };
    expect(await fx.usage.usageRows('t1', twoDays, 'UTC')).toEqual([
      { day: '2026-03-10', kind: 'bot', name: 'b', inputTokens: 1, outputTokens: 1, currency: null, cost: null },
    ]);
    expect(await fx.usage.totalTokens('t1', twoDays)).toBe(2);
  });

  it('sums a part of a day from the usage itself', async ({ fx }) => {
    await fx.usage.record([aUsage('a'), aUsage('b', { occurredAt: at('2026-03-10T13:00:00Z') })]);
    expect(await fx.usage.totalTokens('t1', { from: at('2026-03-10T09:00:00Z'), to: at('2026-03-10T12:00:00Z') })).toBe(1500);
  });

  it('ignores a stale replay of an earlier completion', async ({ fx }) => {
    await fx.usage.record([aUsage('coze:2', { occurredAt: at('2026-03-10T10:05:00Z'), inputTokens: 40, outputTokens: 2 })]);
    const stale = await fx.usage.record([aUsage('coze:2', { inputTokens: 10, outputTokens: 0 })]);
    expect(stale).toEqual({ inserted: [], replaced: [] });
    expect(await fx.usage.totalTokens('t1', DAY)).toBe(42);
  });

  it('counts a key repeated inside one batch once, the latest occurrence winning', async ({ fx }) => {
    const result = await fx.usage.record([
      aUsage('k', { inputTokens: 1, outputTokens: 0 }),
      aUsage('k', { inputTokens: 5, outputTokens: 0, occurredAt: at('2026-03-10T10:01:00Z') }),
      aUsage('k', { inputTokens: 2, outputTokens: 0 }),
    ]);
    expect(result.inserted).toEqual(['k']);
    expect(await fx.usage.totalTokens('t1', DAY)).toBe(5);
  });

  it('keeps tenants apart, even under the same usage key and model', async ({ fx }) => {
    await fx.prices.setPrice('t2', aPrice({ currency: 'CNY' }));
    await fx.usage.record([aUsage('same'), aUsage('same', { tenantId: 't2', inputTokens: 1, outputTokens: 1 })]);
    expect(await fx.usage.totalTokens('t1', DAY)).toBe(1500);
    expect(await fx.usage.totalTokens('t2', DAY)).toBe(2);
    const [t1] = await fx.usage.usageRows('t1', DAY, 'UTC');
    expect(t1?.cost).toBeNull();
    expect(await fx.prices.listPrices('t1')).toEqual([]);
  });

  it('buckets usage by local day in the tenant zone across a DST change', async ({ fx }) => {
    // New York moves to UTC-4 on 2026-03-08: that local day is 23 hours, [05:00Z 03-08, 04:00Z 03-09).
    await fx.usage.record([
      aUsage('a', { occurredAt: at('2026-03-08T04:30:00Z'), inputTokens: 1, outputTokens: 0 }), // 03-07 23:30 EST
      aUsage('b', { occurredAt: at('2026-03-08T05:00:00Z'), inputTokens: 2, outputTokens: 0 }), // 03-08 00:00 EST
      aUsage('c', { occurredAt: at('2026-03-09T03:30:00Z'), inputTokens: 4, outputTokens: 0 }), // 03-08 23:30 EDT
      aUsage('d', { occurredAt: at('2026-03-09T04:00:00Z'), inputTokens: 8, outputTokens: 0 }), // 03-09 00:00 EDT
    ]);
    const rows = await fx.usage.usageRows('t1', { from: at('2026-03-07T05:00:00Z'), to: at('2026-03-10T04:00:00Z') }, 'America/New_York');
    expect(byKey(rows).map((r) => [r.day, r.inputTokens])).toEqual([
      ['2026-03-07', 1],
      ['2026-03-08', 6],
      ['2026-03-09', 8],
    ]);
  });

  it('splits usage by what became of its session: handed to humans, or resolved by the AI', async ({ fx }) => {
    await fx.prices.setPrice('t1', aPrice({ inputPerMillion: '1', outputPerMillion: '1' }));
    await fx.events.append([
      s('ai', 'session.start', '2026-03-10T09:00:00Z'),
      s('ai', 'message.ai', '2026-03-10T09:01:00Z'),
      s('ai', 'session.end', '2026-03-10T09:02:00Z'),
      s('handed', 'session.start', '2026-03-10T09:00:00Z'),
      s('handed', 'message.ai', '2026-03-10T09:01:00Z'),
      s('handed', 'session.transfer', '2026-03-10T09:03:00Z'),
      s('handed', 'message.agent', '2026-03-10T09:04:00Z'),
      s('handed', 'session.end', '2026-03-10T09:05:00Z'),
      s('open', 'session.start', '2026-03-10T09:00:00Z'),
      s('open', 'message.ai', '2026-03-10T09:01:00Z'),
    ]);
    await fx.usage.record([
      aUsage('ai-1', { sessionId: 'ai', occurredAt: at('2026-03-09T23:59:00Z'), inputTokens: 100, outputTokens: 0 }), // before the range
      aUsage('ai-2', { sessionId: 'ai', occurredAt: at('2026-03-10T09:01:00Z'), inputTokens: 200, outputTokens: 0 }),
      aUsage('handed-1', { sessionId: 'handed', occurredAt: at('2026-03-10T09:01:00Z'), inputTokens: 300, outputTokens: 30 }),
      aUsage('open-1', { sessionId: 'open', occurredAt: at('2026-03-10T09:01:00Z'), inputTokens: 400, outputTokens: 0 }),
    ]);
    expect(await roiOf(fx, 't1', DAY)).toEqual({
      aiResolved: { sessions: 1, usage: [{ inputTokens: 300, outputTokens: 0, currency: 'USD', cost: '0.000300000000' }] },
      handedOff: [{ inputTokens: 300, outputTokens: 30, currency: 'USD', cost: '0.000330000000' }],
    });
    expect(await roiOf(fx, 't2', DAY)).toEqual({ aiResolved: { sessions: 0, usage: [] }, handedOff: [] });
    expect(await fx.usage.sessionUsage('t1', 'ai')).toEqual([{ inputTokens: 300, outputTokens: 0, currency: 'USD', cost: '0.000300000000' }]);
    expect(await fx.usage.sessionUsage('t1', 'nope')).toEqual([]);
  });

  describe('ROI of closed days, read after the daily aggregation rolled them up', () => {
    const ROLLED = at('2026-03-12T12:00:00Z'); // 03-10 and 03-11 are closed days
    const TWO_DAYS = { from: at('2026-03-10T00:00:00Z'), to: at('2026-03-12T00:00:00Z') };
    const usd = (inputTokens: number, outputTokens: number, cost: string) => ({ inputTokens, outputTokens, currency: 'USD', cost });

    /** An AI-resolved session and a handed-off one, ended on 03-10, with one usage each on that day; rolled up. */
    async function rolledDay(fx: UsageStoreFixture): Promise<void> {
      await fx.prices.setPrice('t1', aPrice({ inputPerMillion: '1', outputPerMillion: '1' }));
      await fx.events.append([...aiSession('ai', '2026-03-10T09:00:00Z'), ...handedSession('handed', '2026-03-10T09:00:00Z')]);
      await fx.usage.record([
        aUsage('ai-1', { sessionId: 'ai', occurredAt: at('2026-03-10T09:01:00Z'), inputTokens: 100, outputTokens: 0 }),
        aUsage('handed-1', { sessionId: 'handed', occurredAt: at('2026-03-10T09:01:00Z'), inputTokens: 10, outputTokens: 0 }),
      ]);
      await fx.rollUpRoi('t1', ROLLED);
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual({
        aiResolved: { sessions: 1, usage: [usd(100, 0, '0.000100000000')] },
        handedOff: [usd(10, 0, '0.000010000000')],
      });
    }

    it('counts usage recorded after its day was rolled up, on its own day and on its session end day', async ({ fx }) => {
      await rolledDay(fx);
      await fx.usage.record([
        // after the AI session ended, on the next day: it counts on the end day (03-10) for AI-resolved usage
        aUsage('ai-2', { sessionId: 'ai', occurredAt: at('2026-03-11T08:00:00Z'), inputTokens: 1000, outputTokens: 0 }),
        aUsage('handed-2', { sessionId: 'handed', occurredAt: at('2026-03-10T09:03:00Z'), inputTokens: 20, outputTokens: 2 }),
      ]);
      const expected = {
        aiResolved: { sessions: 1, usage: [usd(1100, 0, '0.001100000000')] },
        handedOff: [usd(30, 2, '0.000032000000')],
      };
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected); // dirty days, before the aggregation
      expect(await roiOf(fx, 't1', DAY)).toEqual(expected);
      await fx.rollUpRoi('t1', ROLLED);
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected);
      expect(await roiOf(fx, 't1', DAY)).toEqual(expected);
    });

    it('moves a usage replaced after its day was rolled up out of its old day and session', async ({ fx }) => {
      await rolledDay(fx);
      await fx.usage.record([aUsage('ai-1', { sessionId: 'handed', occurredAt: at('2026-03-11T09:01:00Z'), inputTokens: 7, outputTokens: 0 })]);
      const expected = { aiResolved: { sessions: 1, usage: [] }, handedOff: [usd(17, 0, '0.000017000000')] };
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected);
      await fx.rollUpRoi('t1', ROLLED);
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected);
      expect(await roiOf(fx, 't1', DAY)).toEqual({ aiResolved: { sessions: 1, usage: [] }, handedOff: [usd(10, 0, '0.000010000000')] });
    });

    it('hands a session over when its transfer arrives after its day was rolled up', async ({ fx }) => {
      await rolledDay(fx);
      await fx.events.append([s('ai', 'session.transfer', '2026-03-10T09:01:30Z')]);
      const expected = { aiResolved: { sessions: 0, usage: [] }, handedOff: [usd(110, 0, '0.000110000000')] };
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected);
      await fx.rollUpRoi('t1', ROLLED);
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected);
    });

    it('counts a session whose late end arrives after its day was rolled up', async ({ fx }) => {
      await fx.events.append([s('late', 'session.start', '2026-03-11T09:00:00Z'), s('late', 'message.ai', '2026-03-11T09:01:00Z')]);
      await fx.usage.record([aUsage('late-1', { sessionId: 'late', occurredAt: at('2026-03-11T09:01:00Z'), inputTokens: 5, outputTokens: 5 })]);
      await fx.rollUpRoi('t1', ROLLED);
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual({ aiResolved: { sessions: 0, usage: [] }, handedOff: [] });
      await fx.events.append([s('late', 'session.end', '2026-03-11T09:02:00Z')]);
      const expected = { aiResolved: { sessions: 1, usage: [{ inputTokens: 5, outputTokens: 5, currency: null, cost: null }] }, handedOff: [] };
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected);
      await fx.rollUpRoi('t1', ROLLED);
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected);
    });

    it('re-prices rolled-up days when a price is set retroactively', async ({ fx }) => {
      await rolledDay(fx);
      await fx.prices.setPrice(
        't1',
        aPrice({ inputPerMillion: '3', outputPerMillion: '1', currency: 'EUR', effectiveFrom: '2026-03-10T09:00:00.000Z' }),
      );
      const eur = (inputTokens: number, cost: string) => ({ inputTokens, outputTokens: 0, currency: 'EUR', cost });
      const expected = { aiResolved: { sessions: 1, usage: [eur(100, '0.000300000000')] }, handedOff: [eur(10, '0.000030000000')] };
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected);
      await fx.rollUpRoi('t1', ROLLED);
      expect(await roiOf(fx, 't1', TWO_DAYS)).toEqual(expected);
    });

    it('adds today and partial days to the rolled-up ones, each counted once', async ({ fx }) => {
      await rolledDay(fx);
      await fx.events.append([...aiSession('today', '2026-03-12T09:00:00Z')]);
      await fx.usage.record([
        aUsage('today-1', { sessionId: 'today', occurredAt: at('2026-03-12T09:01:00Z'), inputTokens: 1, outputTokens: 0 }),
        aUsage('handed-3', { sessionId: 'handed', occurredAt: at('2026-03-12T10:00:00Z'), inputTokens: 2, outputTokens: 0 }),
      ]);
      await fx.rollUpRoi('t1', ROLLED);
      expect(await roiOf(fx, 't1', { from: at('2026-03-10T00:00:00Z'), to: at('2026-03-13T00:00:00Z') })).toEqual({
        aiResolved: { sessions: 2, usage: [usd(101, 0, '0.000101000000')] },
        handedOff: [usd(12, 0, '0.000012000000')],
      });
      // From 09:01:30 on 03-10 to 09:30 on 03-12: both AI sessions end inside (with all their usage); the handed-off
      // usages (09:01 on 03-10, 10:00 on 03-12) occur outside.
      expect(await roiOf(fx, 't1', { from: at('2026-03-10T09:01:30Z'), to: at('2026-03-12T09:30:00Z') })).toEqual({
        aiResolved: { sessions: 2, usage: [usd(101, 0, '0.000101000000')] },
        handedOff: [],
      });
    });
  });

  it('lists prices by subject and effectiveFrom; the same effectiveFrom again replaces the price', async ({ fx }) => {
    await fx.prices.setPrice('t1', aPrice({ effectiveFrom: '2026-02-01T00:00:00.000Z' }));
    await fx.prices.setPrice('t1', aPrice());
    await fx.prices.setPrice('t1', aPrice({ outputPerMillion: '12.125' }));
    await fx.prices.setPrice('t1', aPrice({ kind: 'bot', name: 'b', currency: 'CNY' }));
    expect(await fx.prices.listPrices('t1')).toEqual([
      aPrice({ kind: 'bot', name: 'b', currency: 'CNY' }),
      aPrice({ outputPerMillion: '12.125' }),
      aPrice({ effectiveFrom: '2026-02-01T00:00:00.000Z' }),
    ]);
  });

  it('keeps plans by id', async ({ fx }) => {
    await fx.plans.putPlan({ id: 'pro', name: 'Pro', monthlyTokenAllowance: 1_000_000 });
    await fx.plans.putPlan({ id: 'basic', name: 'Basic', monthlyTokenAllowance: 1 });
    await fx.plans.putPlan({ id: 'pro', name: 'Pro 2', monthlyTokenAllowance: 2_000_000 });
    expect(await fx.plans.getPlan('pro')).toEqual({ id: 'pro', name: 'Pro 2', monthlyTokenAllowance: 2_000_000 });
    expect(await fx.plans.getPlan('none')).toBeNull();
    expect((await fx.plans.listPlans()).map((p) => p.id)).toEqual(['basic', 'pro']);
  });

  it('deletes a plan by id, saying whether there was one', async ({ fx }) => {
    await fx.plans.putPlan({ id: 'pro', name: 'Pro', monthlyTokenAllowance: 1_000_000 });
    await fx.plans.putPlan({ id: 'basic', name: 'Basic', monthlyTokenAllowance: 1 });
    expect(await fx.plans.deletePlan('pro')).toBe(true);
    expect(await fx.plans.deletePlan('pro')).toBe(false);
    expect(await fx.plans.getPlan('pro')).toBeNull();
    expect((await fx.plans.listPlans()).map((p) => p.id)).toEqual(['basic']);
  });
});
