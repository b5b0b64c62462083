// Golden billing scenarios, written by hand: only unpriced tokens; priced and unpriced mixed; a cost in CNY for a USD
// tenant; and all priced. Every figure of billing.roi (the Billing ROI panel and the Dashboard's cost card both read
// it) as expected: a figure that depends on token cost is null (unknown) when any of its tokens has no price or is
// priced in another currency, its known part given beside it. On memory (BillingStats), and over real HTTP on PGlite
// (the embedded default) and PostgreSQL + Redis, before and after the daily aggregation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BillingLedger } from '../../domain/billing/billing-ledger.ts';
import { BillingStats } from '../../domain/billing/billing-stats.ts';
import type { Roi, SetPriceInput } from '../../domain/billing/models.ts';
import { UsageProjector } from '../../domain/billing/usage-projector.ts';
import { FixedClock } from '../../domain/clock.ts';
import type { EventName } from '../../domain/events/catalog.ts';
import { addDays, localDay } from '../../domain/local-day.ts';
import { anEvent } from '../support/builders.ts';
import { memoryBillingStores } from '../support/billing-stores.ts';
import { needServer } from '../support/databases.ts';
import { startHarness, type Harness } from '../transport/harness.ts';

const NOW = new Date();
const TODAY = localDay(NOW, 'UTC');
const YESTERDAY = addDays(TODAY, -1);
const RANGE = { from: YESTERDAY, to: TODAY };
const MIN = 60_000;
/** Yesterday (UTC, the tenants' zone) at hh:mm. */
const y = (hhmm: string) => new Date(`${YESTERDAY}T${hhmm}:00.000Z`);
/** A moment `minutes` ago: today, or late yesterday just after midnight; inside the range either way. */
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MIN);

interface Ev {
  name: EventName;
  sessionId: string;
  at: Date;
  data?: Record<string, unknown>;
}

const aiReply = (sessionId: string, at: Date, model: string, inputTokens: number, outputTokens: number): Ev => ({
  name: 'message.ai',
  sessionId,
  at,
  data: { responseTimeMs: 900, model, inputTokens, outputTokens },
});

/** A session the AI resolved: started, one AI reply with tokens, ended. */
const aiResolved = (id: string, start: Date, model: string, input: number, output: number): Ev[] => [
  { name: 'session.start', sessionId: id, at: start },
  aiReply(id, new Date(start.getTime() + MIN), model, input, output),
  { name: 'session.end', sessionId: id, at: new Date(start.getTime() + 5 * MIN), data: { reason: 'resolved' } },
];

/** A session the AI answered and handed to an agent, who replied. */
const handedOff = (id: string, start: Date, model: string, input: number, output: number): Ev[] => [
  { name: 'session.start', sessionId: id, at: start },
  aiReply(id, new Date(start.getTime() + MIN), model, input, output),
  { name: 'session.transfer', sessionId: id, at: new Date(start.getTime() + 2 * MIN) },
  { name: 'message.agent', sessionId: id, at: new Date(start.getTime() + 3 * MIN) },
  { name: 'session.end', sessionId: id, at: new Date(start.getTime() + 4 * MIN), data: { reason: 'resolved' } },
];

const FROM_2020 = '2020-01-01T00:00:00.000Z';
const gpt4oUsd: SetPriceInput = { model: 'gpt-4o', inputPerMillion: '2.5', outputPerMillion: '10', currency: 'USD', effectiveFrom: FROM_2020 };
const qwenCny: SetPriceInput = { model: 'qwen-max', inputPerMillion: '4', outputPerMillion: '12', currency: 'CNY', effectiveFrom: FROM_2020 };

const noTokens = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costs: [], unpricedTokens: 0 };
const usd = (cost: string) => ({ currency: 'USD', cost });
const cny = (cost: string) => ({ currency: 'CNY', cost });

interface Scenario {
  readonly name: string;
  readonly tenantId: string;
  readonly prices: SetPriceInput[];
  readonly events: () => Ev[];
  readonly roi: Roi;
}

// Every tenant: USD, a human-handled session costs 4.00, zone UTC.
const usdTenant = { ...RANGE, currency: 'USD', humanCostPerSession: '4.000000' };
const scenarios: Scenario[] = [
  {
    name: 'only unpriced tokens: every cost figure unknown, never 0',
    tenantId: 'g-unpriced',
    prices: [],
    events: () => aiResolved('u1', y('10:00'), 'mystery', 1000, 500),
    roi: {
      ...usdTenant,
      aiResolved: 1,
      saved: '4.000000',
      cost: null,
      knownCost: '0.000000',
      net: null,
      netOfKnownCost: '4.000000',
      roi: null,
      costPerAiResolved: null,
      knownCostPerAiResolved: '0.000000',
      fullyLoadedCostPerAiResolved: null,
      knownFullyLoadedCostPerAiResolved: '0.000000',
      aiResolvedUsage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500, costs: [], unpricedTokens: 1500 },
      handedOff: noTokens,
      otherCurrencies: [],
      unpricedTokens: 1500,
      unknownCostSubjects: [{ kind: 'model', name: 'mystery', currency: null }],
    },
  },
  {
    name: 'priced and unpriced mixed: unknown, with the priced part as knownCost',
    tenantId: 'g-mixed',
    prices: [gpt4oUsd],
    events: () => [
      // m1: 1000 × 2.5 + 200 × 10 per million = 0.0045 USD; m2: unpriced; m3 (handed off): 0.005 + 0.005 = 0.01 USD.
      ...aiResolved('m1', y('10:00'), 'gpt-4o', 1000, 200),
      ...aiResolved('m2', y('11:00'), 'mystery', 600, 400),
      ...handedOff('m3', ago(10), 'gpt-4o', 2000, 500),
    ],
    roi: {
      ...usdTenant,
      aiResolved: 2,
      saved: '8.000000',
      cost: null,
      knownCost: '0.014500',
      net: null,
      netOfKnownCost: '7.985500',
      roi: null,
      costPerAiResolved: null,
      knownCostPerAiResolved: '0.002250', // 0.0045 / 2
      fullyLoadedCostPerAiResolved: null,
      knownFullyLoadedCostPerAiResolved: '0.007250', // 0.0145 / 2
      aiResolvedUsage: { inputTokens: 1600, outputTokens: 600, totalTokens: 2200, costs: [usd('0.004500')], unpricedTokens: 1000 },
      handedOff: { inputTokens: 2000, outputTokens: 500, totalTokens: 2500, costs: [usd('0.010000')], unpricedTokens: 0 },
      otherCurrencies: [],
      unpricedTokens: 1000,
      unknownCostSubjects: [{ kind: 'model', name: 'mystery', currency: null }],
    },
  },
  {
    name: 'a cost in CNY for a USD tenant: unknown, the CNY cost listed apart, never left out silently',
    tenantId: 'g-cny',
    prices: [gpt4oUsd, qwenCny],
    events: () => [
      // c1: 0.0045 USD; c2: 1000 × 4 + 500 × 12 per million = 0.010 CNY.
      ...aiResolved('c1', y('10:00'), 'gpt-4o', 1000, 200),
      ...aiResolved('c2', y('12:00'), 'qwen-max', 1000, 500),
    ],
    roi: {
      ...usdTenant,
      aiResolved: 2,
      saved: '8.000000',
      cost: null,
      knownCost: '0.004500',
      net: null,
      netOfKnownCost: '7.995500',
      roi: null,
      costPerAiResolved: null,
      knownCostPerAiResolved: '0.002250',
      fullyLoadedCostPerAiResolved: null,
      knownFullyLoadedCostPerAiResolved: '0.002250',
      aiResolvedUsage: { inputTokens: 2000, outputTokens: 700, totalTokens: 2700, costs: [cny('0.010000'), usd('0.004500')], unpricedTokens: 0 },
      handedOff: noTokens,
      otherCurrencies: [cny('0.010000')],
      unpricedTokens: 0,
      unknownCostSubjects: [{ kind: 'model', name: 'qwen-max', currency: 'CNY' }],
    },
  },
  {
    name: 'every token priced in the tenant currency: every figure known, and equal to its known part',
    tenantId: 'g-priced',
    prices: [gpt4oUsd],
    events: () => aiResolved('p1', y('10:00'), 'gpt-4o', 1000, 200),
    roi: {
      ...usdTenant,
      aiResolved: 1,
      saved: '4.000000',
      cost: '0.004500',
      knownCost: '0.004500',
      net: '3.995500',
      netOfKnownCost: '3.995500',
      roi: 887.888888, // 3.9955 / 0.0045, to 6 decimals (truncated)
      costPerAiResolved: '0.004500',
      knownCostPerAiResolved: '0.004500',
      fullyLoadedCostPerAiResolved: '0.004500',
      knownFullyLoadedCostPerAiResolved: '0.004500',
      aiResolvedUsage: { inputTokens: 1000, outputTokens: 200, totalTokens: 1200, costs: [usd('0.004500')], unpricedTokens: 0 },
      handedOff: noTokens,
      otherCurrencies: [],
      unpricedTokens: 0,
      unknownCostSubjects: [],
    },
  },
];

/** How a scenario is set up and read on one set of adapters. */
interface Driver {
  given(s: Scenario): Promise<void>;
  roi(tenantId: string): Promise<Roi>;
  /** The daily aggregation (rolls ROI up where there is a rollup). */
  aggregate(): Promise<void>;
  close(): Promise<void>;
}

async function memoryDriver(): Promise<Driver> {
  const stores = await memoryBillingStores();
  const clock = new FixedClock(NOW.toISOString());
  const ledger = new BillingLedger({ ...stores, clock });
  const billing = new BillingStats({ ...stores, clock });
  const projector = new UsageProjector({ usage: stores.usage });
  return {
    async given(s) {
      await stores.tenants.create({ tenantId: s.tenantId, timeZone: 'UTC', humanCostPerSession: 4, currency: 'USD' });
      for (const p of s.prices) await ledger.setPrice(s.tenantId, p);
      const events = s.events().map((e) =>
        anEvent(e.name, {
          tenantId: s.tenantId,
          sessionId: e.sessionId,
          occurredAt: e.at,
          ...(e.data ? { data: e.data } : {}),
          ...(e.name === 'message.agent' ? { agentId: 'a1' } : { agentId: null }),
          ...(e.name === 'session.start' ? { channel: 'web' } : {}),
        }),
      );
      const { stored } = await stores.events.append(events);
      await projector.apply(events.filter((e) => stored.includes(e.id)));
    },
    roi: (tenantId) => billing.getRoi(tenantId, RANGE),
    aggregate: async () => {},
    close: stores.close,
  };
}

/** Over real HTTP: tenants made by the operator, prices, events and reads through the API with a key of the tenant. */
async function httpDriver(servers: boolean): Promise<Driver> {
  const h: Harness = await startHarness({}, { servers });
  const keys = new Map<string, string>();
  const client = (tenantId: string) => h.client(keys.get(tenantId)!);
  return {
    async given(s) {
      await h.services.tenants.create({ tenantId: s.tenantId, timeZone: 'UTC', humanCostPerSession: 4, currency: 'USD' });
      keys.set(s.tenantId, (await h.services.keys.issue({ tenantId: s.tenantId, scopes: ['ingest', 'read', 'admin'] })).key);
      for (const p of s.prices) await client(s.tenantId).billing.setPrice.mutate(p);
      const events = s.events().map((e) => ({
        name: e.name,
        sessionId: e.sessionId,
        occurredAt: e.at.toISOString(),
        ...(e.data ? { data: e.data } : {}),
        ...(e.name === 'message.agent' ? { agentId: 'a1' } : {}),
        ...(e.name === 'session.start' ? { channel: 'web' } : {}),
      }));
      const result = await client(s.tenantId).ingest.track.mutate({ events });
      expect(result).toMatchObject({ accepted: events.length, rejected: [] });
      await h.services.sinks.drain();
    },
    roi: (tenantId) => client(tenantId).billing.roi.query(RANGE) as Promise<Roi>,
    async aggregate() {
      expect((await h.services.jobs.run('aggregate-daily-stats')).status).toBe('done');
    },
    close: () => h.close(),
  };
}

const up = (await needServer('postgres')) && (await needServer('redis'));

const adapters: { name: string; skip: boolean; open: () => Promise<Driver> }[] = [
  { name: 'memory', skip: false, open: memoryDriver },
  { name: 'PGlite over HTTP', skip: false, open: () => httpDriver(false) },
  { name: 'PostgreSQL + Redis over HTTP', skip: !up, open: () => httpDriver(true) },
];

for (const adapter of adapters) {
  describe.skipIf(adapter.skip)(`billing.roi golden scenarios (${adapter.name})`, () => {
    let driver: Driver;
    beforeAll(async () => {
      driver = await adapter.open();
      for (const s of scenarios) await driver.given(s);
    }, 120_000);
    afterAll(async () => {
      await driver?.close();
    });

    for (const s of scenarios) {
      it(s.name, async () => {
        expect(await driver.roi(s.tenantId)).toEqual(s.roi);
      });
    }

    it('answers the same after the daily aggregation rolled the closed day up', async () => {
      await driver.aggregate();
      for (const s of scenarios) expect(await driver.roi(s.tenantId), s.name).toEqual(s.roi);
    });
  });
}
