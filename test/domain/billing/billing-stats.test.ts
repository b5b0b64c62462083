// Golden figures of BillingStats, written by hand: a scripted set of sessions with prices and a plan (set through
// BillingLedger) in New York (the range crosses the 2026-03-08 DST change) → usage by day and model, cost per
// currency, unpriced tokens, ROI, quota; and BillingLedger's own checks of what it records.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillingLedger, type BillingLedgerPorts } from '../../../domain/billing/billing-ledger.ts';
import { BillingStats } from '../../../domain/billing/billing-stats.ts';
import type { BillingTenants } from '../../../domain/billing/billing-tenants.ts';
import { UsageProjector } from '../../../domain/billing/usage-projector.ts';
import type { UsageStore } from '../../../domain/billing/usage-store.ts';
import { FixedClock } from '../../../domain/clock.ts';
import type { AnalyticsEvent } from '../../../domain/events/envelope.ts';
import type { EventStore } from '../../../domain/events/event-store.ts';
import type { TenantStore } from '../../../domain/tenants/tenant-store.ts';
import { anEvent } from '../../support/builders.ts';
import { databaseBillingStores, memoryBillingStores } from '../../support/billing-stores.ts';
import { sqlEngines } from '../../support/databases.ts';

const NOW = '2026-03-11T16:00:00.000Z'; // 12:00 EDT on Wednesday 2026-03-11

interface World {
  billing: BillingStats;
  ledger: BillingLedger;
  projector: UsageProjector;
  events: EventStore;
  tenants: TenantStore;
  clock: FixedClock;
  close(): Promise<void>;
}

type Stores = Pick<BillingLedgerPorts, 'prices' | 'plans'> & {
  usage: UsageStore;
  events: EventStore;
  tenants: TenantStore & BillingTenants;
  close(): Promise<void>;
};

async function aWorldOn(open: () => Promise<Stores>): Promise<World> {
  const stores = await open();
  const clock = new FixedClock(NOW);
  await stores.tenants.create({ tenantId: 't1', timeZone: 'America/New_York', humanCostPerSession: 3.5, currency: 'USD' });
  const billing = new BillingStats({ ...stores, clock });
  const ledger = new BillingLedger({ ...stores, clock });
  return {
    billing,
    ledger,
    projector: new UsageProjector({ usage: stores.usage }),
    events: stores.events,
    tenants: stores.tenants,
    clock,
    close: stores.close,
  };
}

const ev = (
  name: AnalyticsEvent['name'],
  sessionId: string | null,
  iso: string,
  data: Record<string, unknown> = {},
  over: Partial<AnalyticsEvent> = {},
) =>
  anEvent(name, {
    sessionId,
    occurredAt: new Date(iso),
    ...(Object.keys(data).length ? { data } : {}),
    ...(name === 'message.agent' ? { agentId: 'a1' } : {}),
    ...over,
  });

/** Stores events and feeds the newly stored ones to the usage sink, as the tracker does. */
async function ingest(w: World, events: AnalyticsEvent[]): Promise<void> {
  const { stored } = await w.events.append(events);
  await w.projector.apply(events.filter((e) => stored.includes(e.id)));
}

async function scriptedWeek(w: World): Promise<void> {
  await w.ledger.setPrice('t1', {
    model: 'gpt-4o',
    inputPerMillion: '2.5',
    outputPerMillion: '10',
    currency: 'USD',
    effectiveFrom: '2026-01-01T00:00:00Z',
  });
  // From local midnight of 2026-03-08 (EST), input doubles.
  await w.ledger.setPrice('t1', {
    model: 'gpt-4o',
    inputPerMillion: 5,
    outputPerMillion: 10,
    currency: 'usd',
    effectiveFrom: '2026-03-08T05:00:00Z',
  });
  await w.ledger.setPrice('t1', {
    botId: 'coze-bot-1',
    inputPerMillion: '8',
    outputPerMillion: '16',
    currency: 'CNY',
    effectiveFrom: '2026-01-01T00:00:00Z',
  });

  const s3AiMessage = ev('message.ai', 's3', '2026-03-07T20:01:00Z', { responseTimeMs: 900, model: 'gpt-4o', inputTokens: 2000, outputTokens: 500 });
  await ingest(w, [
    // s3, Saturday 03-07 15:00 EST: the AI answers (old price), then hands over to an agent.
    ev('session.start', 's3', '2026-03-07T20:00:00Z', {}, { channel: 'web' }),
    s3AiMessage,
    ev('session.transfer', 's3', '2026-03-07T20:02:00Z'),
    ev('message.agent', 's3', '2026-03-07T20:04:00Z'),
    ev('session.end', 's3', '2026-03-07T20:10:00Z'),
    // s1, Sunday 03-08 10:00 EDT: resolved by the AI (new price).
    ev('session.start', 's1', '2026-03-08T14:00:00Z', {}, { channel: 'web' }),
    ev('message.ai', 's1', '2026-03-08T14:01:00Z', { responseTimeMs: 800, model: 'gpt-4o', inputTokens: 1000, outputTokens: 200 }),
    ev('session.end', 's1', '2026-03-08T14:05:00Z'),
    // A model nobody priced, at 23:30 EDT on 03-08 (already 03-09 in UTC).
    ev('llm.usage', null, '2026-03-09T03:30:00Z', { usageId: 'x:1', model: 'mystery', inputTokens: 700, outputTokens: 300 }),
    // s2, Tuesday 03-10: a Coze chat; its first completion is replaced by the one after the tool call.
    ev('session.start', 's2', '2026-03-10T13:00:00Z', {}, { channel: 'app' }),
    ev('message.ai', 's2', '2026-03-10T13:01:00Z', { responseTimeMs: 1500 }),
    ev('llm.usage', 's2', '2026-03-10T13:01:00Z', { usageId: 'coze:c2', botId: 'coze-bot-1', inputTokens: 3000, outputTokens: 1000 }),
    ev('llm.usage', 's2', '2026-03-10T13:03:00Z', { usageId: 'coze:c2', botId: 'coze-bot-1', inputTokens: 5000, outputTokens: 1500 }),
    ev('session.end', 's2', '2026-03-10T13:10:00Z'),
    // s5: abandoned without an answer.
    ev('session.start', 's5', '2026-03-10T15:00:00Z', {}, { channel: 'web' }),
    ev('session.end', 's5', '2026-03-10T15:02:00Z', { reason: 'abandoned' }),
  ]);
  // A duplicate delivery of an event and a replayed sink chunk count once.
  await ingest(w, [s3AiMessage]);
  await w.projector.apply([s3AiMessage]);
  // The product's own record of a call in s1 (through the API).
  await w.ledger.recordTokenUsage('t1', {
    usageId: 'api-1',
    sessionId: 's1',
    model: 'gpt-4o',
    tokens: { input: 400, output: 100 },
    occurredAt: '2026-03-08T14:02:00Z',
  });
}

const zero = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costs: [], unpricedTokens: 0 };

function billingStatsSpec(store: string, open: () => Promise<Stores>): void {
  let worlds: World[] = [];
  const aWorld = async () => {
    const w = await aWorldOn(open);
    worlds.push(w);
    return w;
  };
  afterEach(async () => {
    await Promise.all(worlds.map((w) => w.close()));
    worlds = [];
  });

  describe(`${store}: BillingStats.getUsage`, () => {
    let w: World;
    beforeEach(async () => {
      w = await aWorld();
      await scriptedWeek(w);
    });

    it('reports tokens and cost per currency by local day, by model or bot, and unpriced tokens apart', async () => {
      expect(await w.billing.getUsage('t1', { from: '2026-03-07', to: '2026-03-11' })).toEqual({
        from: '2026-03-07',
        to: '2026-03-11',
        timeZone: 'America/New_York',
        inputTokens: 9100,
        outputTokens: 2600,
        totalTokens: 11700,
        costs: [
          { currency: 'CNY', cost: '0.064000' },
          { currency: 'USD', cost: '0.020000' },
        ],
        unpricedTokens: 1000,
        unpriced: { inputTokens: 700, outputTokens: 300, totalTokens: 1000, subjects: [{ kind: 'model', name: 'mystery' }] },
        days: [
          {
            day: '2026-03-07',
            inputTokens: 2000,
            outputTokens: 500,
            totalTokens: 2500,
            costs: [{ currency: 'USD', cost: '0.010000' }],
            unpricedTokens: 0,
          },
          // The 23-hour DST day holds the 23:30 EDT usage (UTC 03-09).
          {
            day: '2026-03-08',
            inputTokens: 2100,
            outputTokens: 600,
            totalTokens: 2700,
            costs: [{ currency: 'USD', cost: '0.010000' }],
            unpricedTokens: 1000,
          },
          { day: '2026-03-09', ...zero },
          {
            day: '2026-03-10',
            inputTokens: 5000,
            outputTokens: 1500,
            totalTokens: 6500,
            costs: [{ currency: 'CNY', cost: '0.064000' }],
            unpricedTokens: 0,
          },
          { day: '2026-03-11', ...zero },
        ],
        models: [
          {
            kind: 'bot',
            name: 'coze-bot-1',
            inputTokens: 5000,
            outputTokens: 1500,
            totalTokens: 6500,
            costs: [{ currency: 'CNY', cost: '0.064000' }],
            unpricedTokens: 0,
          },
          {
            kind: 'model',
            name: 'gpt-4o',
            inputTokens: 3400,
            outputTokens: 800,
            totalTokens: 4200,
            costs: [{ currency: 'USD', cost: '0.020000' }],
            unpricedTokens: 0,
          },
          { kind: 'model', name: 'mystery', inputTokens: 700, outputTokens: 300, totalTokens: 1000, costs: [], unpricedTokens: 1000 },
        ],
        rows: [
          {
            day: '2026-03-07',
            kind: 'model',
            name: 'gpt-4o',
            inputTokens: 2000,
            outputTokens: 500,
            totalTokens: 2500,
            cost: '0.010000',
            currency: 'USD',
          },
          {
            day: '2026-03-08',
            kind: 'model',
            name: 'gpt-4o',
            inputTokens: 1400,
            outputTokens: 300,
            totalTokens: 1700,
            cost: '0.010000',
            currency: 'USD',
          },
          { day: '2026-03-08', kind: 'model', name: 'mystery', inputTokens: 700, outputTokens: 300, totalTokens: 1000, cost: null, currency: null },
          {
            day: '2026-03-10',
            kind: 'bot',
            name: 'coze-bot-1',
            inputTokens: 5000,
            outputTokens: 1500,
            totalTokens: 6500,
            cost: '0.064000',
            currency: 'CNY',
          },
        ],
      });
    });

    it('defaults to the current local month up to today', async () => {
      const usage = await w.billing.getUsage('t1');
      expect([usage.from, usage.to, usage.days.length, usage.totalTokens]).toEqual(['2026-03-01', '2026-03-11', 11, 11700]);
    });

    it('names the field of a bad range, and an unknown tenant', async () => {
      await expect(w.billing.getUsage('t1', { from: '2026-03-12', to: '2026-03-11' })).rejects.toMatchObject({ code: 'INVALID', field: 'from' });
      await expect(w.billing.getUsage('t1', { from: '2025-01-01', to: '2026-03-11' })).rejects.toMatchObject({ code: 'INVALID', field: 'to' });
      await expect(w.billing.getUsage('t1', { from: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID', field: 'from' });
      await expect(w.billing.getUsage('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe(`${store}: BillingStats.getRoi`, () => {
    it('weighs AI resolutions at the human cost against token cost in the tenant currency, other currencies apart', async () => {
      const w = await aWorld();
      await scriptedWeek(w);
      expect(await w.billing.getRoi('t1', { from: '2026-03-07', to: '2026-03-11' })).toEqual({
        from: '2026-03-07',
        to: '2026-03-11',
        currency: 'USD',
        humanCostPerSession: '3.500000',
        aiResolved: 2, // s1 and s2; s3 went to an agent, s5 was abandoned
        saved: '7.000000',
        // Unknown: 1000 tokens of 'mystery' have no price and coze-bot-1 is priced in CNY; the USD part beside it.
        cost: null,
        knownCost: '0.020000',
        net: null,
        netOfKnownCost: '6.980000',
        roi: null,
        costPerAiResolved: null, // s2's cost is in CNY
        knownCostPerAiResolved: '0.005000', // s1's 0.007 + 0.003 USD over 2
        fullyLoadedCostPerAiResolved: null,
        knownFullyLoadedCostPerAiResolved: '0.010000',
        aiResolvedUsage: {
          inputTokens: 6400,
          outputTokens: 1800,
          totalTokens: 8200,
          costs: [
            { currency: 'CNY', cost: '0.064000' },
            { currency: 'USD', cost: '0.010000' },
          ],
          unpricedTokens: 0,
        },
        handedOff: { inputTokens: 2000, outputTokens: 500, totalTokens: 2500, costs: [{ currency: 'USD', cost: '0.010000' }], unpricedTokens: 0 },
        otherCurrencies: [{ currency: 'CNY', cost: '0.064000' }],
        unpricedTokens: 1000,
        unknownCostSubjects: [
          { kind: 'bot', name: 'coze-bot-1', currency: 'CNY' },
          { kind: 'model', name: 'mystery', currency: null },
        ],
      });
    });

    it('says roi is null, not infinite, when nothing was spent', async () => {
      const w = await aWorld();
      const roi = await w.billing.getRoi('t1', { from: '2026-03-01', to: '2026-03-11' });
      expect([roi.aiResolved, roi.cost, roi.roi, roi.costPerAiResolved]).toEqual([0, '0.000000', null, null]);
    });
  });

  describe(`${store}: BillingStats.getSessionUsage`, () => {
    it("reports one session's tokens and cost, whenever they occurred", async () => {
      const w = await aWorld();
      await scriptedWeek(w);
      expect(await w.billing.getSessionUsage('t1', 's1')).toEqual({
        inputTokens: 1400,
        outputTokens: 300,
        totalTokens: 1700,
        costs: [{ currency: 'USD', cost: '0.010000' }],
        unpricedTokens: 0,
      });
      expect(await w.billing.getSessionUsage('t1', 'nobody')).toEqual({
        inputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
        costs: [],
        unpricedTokens: 0,
      });
    });
  });

  describe(`${store}: BillingStats.getQuota`, () => {
    it('projects the run-out day at the rate so far and lists the thresholds crossed', async () => {
      const w = await aWorld();
      await scriptedWeek(w);
      await w.ledger.definePlan({ id: 'starter', name: 'Starter', monthlyTokenAllowance: 12_500 });
      await w.ledger.setPlan('t1', 'starter');
      // March in New York: 743 hours (DST); 251 hours elapsed at NOW; 11,700 tokens used.
      expect(await w.billing.getQuota('t1')).toEqual({
        planId: 'starter',
        planName: 'Starter',
        periodStart: '2026-03-01',
        periodEnd: '2026-03-31',
        allowance: 12_500,
        used: 11_700,
        remaining: 800,
        percent: 93.6,
        projectedUse: 34_634, // 11,700 × 743 / 251
        projectedRunOut: '2026-03-12', // 251 h × 12,500 / 11,700 = 268.16 h after 03-01 00:00 EST = 03-12 05:10 EDT
        thresholdsCrossed: [80],
      });
    });

    it('crosses every threshold once the allowance is used up, with nothing remaining and run-out today', async () => {
      const w = await aWorld();
      await scriptedWeek(w);
      await w.ledger.definePlan({ id: 'tiny', name: 'Tiny', monthlyTokenAllowance: 11_000 });
      await w.ledger.setPlan('t1', 'tiny');
      const q = await w.billing.getQuota('t1');
      expect([q.remaining, q.percent, q.projectedRunOut, q.thresholdsCrossed]).toEqual([0, 106.36, '2026-03-11', [80, 95, 100]]);
    });

    it('has no allowance without a plan, and refuses an unknown plan', async () => {
      const w = await aWorld();
      const q = await w.billing.getQuota('t1');
      expect([q.allowance, q.remaining, q.percent, q.projectedRunOut, q.thresholdsCrossed]).toEqual([null, null, null, null, []]);
      await expect(w.ledger.setPlan('t1', 'gold')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await w.tenants.update('t1', { planId: 'named-elsewhere' });
      expect(await w.billing.getQuota('t1')).toMatchObject({ planId: 'named-elsewhere', planName: null, allowance: null });
    });
  });

  describe(`${store}: BillingLedger.recordTokenUsage`, () => {
    it('replaces a usage recorded again under the same id and says so', async () => {
      const w = await aWorld();
      const input = { usageId: 'coze:9', botId: 'b', tokens: { input: 10, output: 5 } };
      expect(await w.ledger.recordTokenUsage('t1', input)).toEqual({ usageId: 'coze:9', replaced: false });
      expect(await w.ledger.recordTokenUsage('t1', { ...input, tokens: { input: 20, output: 5 } })).toEqual({ usageId: 'coze:9', replaced: true });
      expect((await w.billing.getUsage('t1')).totalTokens).toBe(25);
    });

    it('names the field of bad input', async () => {
      const w = await aWorld();
      await expect(w.ledger.recordTokenUsage('t1', { usageId: 'u', tokens: { input: 1, output: 1 } })).rejects.toMatchObject({ field: 'model' });
      await expect(w.ledger.recordTokenUsage('t1', { usageId: 'u', model: 'm', tokens: { input: -1, output: 1 } })).rejects.toMatchObject({
        field: 'tokens.input',
      });
      await expect(
        w.ledger.recordTokenUsage('t1', { usageId: 'u', model: 'm', tokens: { input: 1, output: 1 }, occurredAt: '2026-03-11T17:00:00Z' }),
      ).rejects.toMatchObject({ field: 'occurredAt' });
      await expect(w.ledger.setPrice('t1', { model: 'm', inputPerMillion: '0.0000001', outputPerMillion: 1, currency: 'USD' })).rejects.toMatchObject(
        {
          field: 'inputPerMillion',
        },
      );
    });
  });
}

billingStatsSpec('memory', memoryBillingStores);
for (const engine of await sqlEngines()) {
  describe.skipIf(engine.skip)(engine.name, () => billingStatsSpec(engine.name, databaseBillingStores(engine.open)));
}
