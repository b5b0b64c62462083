// BillingStats: token usage and cost by day and by model or bot, ROI of AI resolutions against human cost, and the
// plan quota: the reads (BillingLedger writes). Costs are summed per currency (Coze bills in CNY), never across them.
import type { Clock } from '../clock.ts';
import { resolveDayRange } from '../day-range.ts';
import { notFound } from '../errors.ts';
import { daysBetween } from '../local-day.ts';
import type { TimeRange } from '../events/event-store.ts';
import { parseInput } from '../parse-input.ts';
import type { BillingTenant, BillingTenants } from './billing-tenants.ts';
import {
  BillingRangeInputSchema,
  type BillingUsage,
  type Money,
  type Price,
  type Quota,
  type Roi,
  type SessionUsage,
  type UsageRow,
} from './models.ts';
import { formatMoney, ratioOf, toPico } from './money.ts';
import type { PlanStore } from './plan-store.ts';
import { quotaOf, monthlyPeriod } from './quota.ts';
import type { CostedTokens, UsageStore } from './usage-store.ts';

export interface BillingStatsPorts {
  readonly usage: Omit<UsageStore, 'record'>;
  readonly plans: Pick<PlanStore, 'getPlan'>;
  readonly tenants: Pick<BillingTenants, 'getTenant'>;
  readonly clock: Clock;
}

export class BillingStats {
  readonly #p: BillingStatsPorts;

  constructor(ports: BillingStatsPorts) {
    this.#p = ports;
  }

  /** Tokens in/out/total and cost per currency, by local day (every day of the range) and by model or bot. */
  async getUsage(tenantId: string, rangeInput: unknown = {}): Promise<BillingUsage> {
    const tenant = await this.#tenant(tenantId);
    const range = resolveDayRange(parseInput(BillingRangeInputSchema, rangeInput), tenant.timeZone, this.#p.clock.now());
    const stored = await this.#p.usage.usageRows(tenantId, range.instants, tenant.timeZone);
    const rows: UsageRow[] = [...stored]
      .sort((a, b) => cmp(a.day, b.day) || cmp(a.kind, b.kind) || cmp(a.name, b.name) || cmp(a.currency ?? '', b.currency ?? ''))
      .map((r) => ({
        day: r.day,
        kind: r.kind,
        name: r.name,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        totalTokens: r.inputTokens + r.outputTokens,
        cost: r.cost === null ? null : formatMoney(toPico(r.cost)),
        currency: r.currency,
      }));
    const total = new Group();
    const byDay = new Map(daysBetween(range.from, range.to).map((d) => [d, new Group()]));
    const byModel = new Map<string, { kind: Price['kind']; name: string; group: Group }>();
    const unpricedSubjects = new Map<string, { kind: Price['kind']; name: string }>();
    for (const r of stored) {
      total.add(r);
      byDay.get(r.day)?.add(r);
      const key = `${r.kind}\u0000${r.name}`;
      let m = byModel.get(key);
      if (!m) byModel.set(key, (m = { kind: r.kind, name: r.name, group: new Group() }));
      m.group.add(r);
      if (r.cost === null) unpricedSubjects.set(key, { kind: r.kind, name: r.name });
    }
    return {
      from: range.from,
      to: range.to,
      timeZone: tenant.timeZone,
      ...total.view(),
      unpriced: { ...total.unpricedView(), subjects: [...unpricedSubjects.values()].sort(bySubject) },
      days: [...byDay].map(([day, g]) => ({ day, ...g.view() })),
      models: [...byModel.values()].sort(bySubject).map((m) => ({ kind: m.kind, name: m.name, ...m.group.view() })),
      rows,
    };
  }

  /**
   * ROI of the range in the tenant's currency: saved = aiResolved × humanCostPerSession; cost = token cost of the
   * range; net = saved − cost; roi = net / cost (null when cost = 0). A figure that depends on token cost is null
   * (unknown) when any of its tokens has no price or is priced in another currency, never 0 or a partial sum passed
   * off as the whole: its known part is given beside it (knownCost, ...), with the unpriced tokens, the other-currency
   * costs and the models or bots to price.
   */
  async getRoi(tenantId: string, rangeInput: unknown = {}): Promise<Roi> {
    const tenant = await this.#tenant(tenantId);
    const range = resolveDayRange(parseInput(BillingRangeInputSchema, rangeInput), tenant.timeZone, this.#p.clock.now());
    const [totals, { handedOff: handed, aiResolved: resolved }] = await Promise.all([
      this.#p.usage.usageTotals(tenantId, range.instants, tenant.timeZone),
      this.#p.usage.roiUsage(tenantId, range.instants, tenant.timeZone),
    ]);
    const all = Group.of(totals);
    const resolvedUsage = Group.of(resolved.usage);

    const currency = tenant.currency;
    const n = BigInt(resolved.sessions);
    const saved = n * toPico(tenant.humanCostPerSession);
    const cost = all.exactCostIn(currency);
    const knownCost = all.costIn(currency);
    const perResolved = (amount: bigint | null) => (n === 0n || amount === null ? null : formatMoney(divRound(amount, n)));
    return {
      from: range.from,
      to: range.to,
      currency,
      humanCostPerSession: formatMoney(toPico(tenant.humanCostPerSession)),
      aiResolved: resolved.sessions,
      saved: formatMoney(saved),
      cost: cost === null ? null : formatMoney(cost),
      knownCost: formatMoney(knownCost),
      net: cost === null ? null : formatMoney(saved - cost),
      netOfKnownCost: formatMoney(saved - knownCost),
      roi: cost === null ? null : ratioOf(saved - cost, cost),
      costPerAiResolved: perResolved(resolvedUsage.exactCostIn(currency)),
      knownCostPerAiResolved: perResolved(resolvedUsage.costIn(currency)),
      fullyLoadedCostPerAiResolved: perResolved(cost),
      knownFullyLoadedCostPerAiResolved: perResolved(knownCost),
      aiResolvedUsage: resolvedUsage.view(),
      handedOff: Group.of(handed).view(),
      otherCurrencies: all.view().costs.filter((c) => c.currency !== currency),
      unpricedTokens: all.unpricedView().totalTokens,
      unknownCostSubjects: cost === null ? await this.#unknownCostSubjects(tenantId, range.instants, tenant) : [],
    };
  }

  /** One session's tokens and cost per currency (unpriced tokens apart), whenever they occurred. */
  async getSessionUsage(tenantId: string, sessionId: string): Promise<SessionUsage> {
    return Group.of(await this.#p.usage.sessionUsage(tenantId, sessionId)).view();
  }

  /** The current monthly period (tenant's local month): allowance, used, remaining, percent, run-out day, thresholds. */
  async getQuota(tenantId: string): Promise<Quota> {
    const tenant = await this.#tenant(tenantId);
    const now = this.#p.clock.now();
    const period = monthlyPeriod(now, tenant.timeZone);
    const [plan, used] = await Promise.all([
      tenant.planId ? this.#p.plans.getPlan(tenant.planId) : Promise.resolve(null),
      this.#p.usage.totalTokens(tenantId, { from: period.from, to: period.to }),
    ]);
    // A plan named by the tenant but not defined has no allowance; the tenant's planId is still reported.
    return { ...quotaOf(plan, used, now, tenant.timeZone), planId: tenant.planId };
  }

  /** The models and bots with tokens in `instants` that are unpriced or priced in another currency than the tenant's. */
  async #unknownCostSubjects(tenantId: string, instants: TimeRange, tenant: BillingTenant): Promise<Roi['unknownCostSubjects']> {
    const subjects = new Map<string, Roi['unknownCostSubjects'][number]>();
    for (const r of await this.#p.usage.usageRows(tenantId, instants, tenant.timeZone)) {
      const currency = r.cost === null ? null : r.currency;
      if (currency !== tenant.currency) subjects.set(`${r.kind}\u0000${r.name}\u0000${currency}`, { kind: r.kind, name: r.name, currency });
    }
    return [...subjects.values()].sort((a, b) => bySubject(a, b) || cmp(a.currency ?? '', b.currency ?? ''));
  }

  async #tenant(tenantId: string): Promise<BillingTenant> {
    const tenant = await this.#p.tenants.getTenant(tenantId);
    if (!tenant) throw notFound(`tenant ${tenantId}`);
    return tenant;
  }
}

/** Token and per-currency cost sums of some usage; unpriced tokens kept apart. */
class Group {
  inputTokens = 0;
  outputTokens = 0;
  unpricedInput = 0;
  unpricedOutput = 0;
  readonly costs = new Map<string, bigint>();

  static of(rows: readonly CostedTokens[]): Group {
    const g = new Group();
    for (const r of rows) g.add(r);
    return g;
  }

  add(r: CostedTokens): void {
    this.inputTokens += r.inputTokens;
    this.outputTokens += r.outputTokens;
    if (r.cost === null || r.currency === null) {
      this.unpricedInput += r.inputTokens;
      this.unpricedOutput += r.outputTokens;
    } else this.costs.set(r.currency, (this.costs.get(r.currency) ?? 0n) + toPico(r.cost));
  }

  /** The cost of the tokens priced in `currency`: the whole cost, or only its known part (see exactCostIn). */
  costIn(currency: string): bigint {
    return this.costs.get(currency) ?? 0n;
  }

  /** The whole cost in `currency`; null (unknown) when any token is unpriced or priced in another currency. */
  exactCostIn(currency: string): bigint | null {
    if (this.unpricedInput + this.unpricedOutput > 0) return null;
    for (const c of this.costs.keys()) if (c !== currency) return null;
    return this.costIn(currency);
  }

  view(): { inputTokens: number; outputTokens: number; totalTokens: number; costs: Money[]; unpricedTokens: number } {
    return {
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      totalTokens: this.inputTokens + this.outputTokens,
      costs: [...this.costs].sort(([a], [b]) => cmp(a, b)).map(([currency, pico]) => ({ currency, cost: formatMoney(pico) })),
      unpricedTokens: this.unpricedInput + this.unpricedOutput,
    };
  }

  unpricedView(): { inputTokens: number; outputTokens: number; totalTokens: number } {
    return { inputTokens: this.unpricedInput, outputTokens: this.unpricedOutput, totalTokens: this.unpricedInput + this.unpricedOutput };
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const bySubject = (a: { kind: string; name: string }, b: { kind: string; name: string }) => cmp(a.kind, b.kind) || cmp(a.name, b.name);
/** a / n rounded half away from zero. */
const divRound = (a: bigint, n: bigint) => (a >= 0n ? (2n * a + n) / (2n * n) : -((-2n * a + n) / (2n * n)));
