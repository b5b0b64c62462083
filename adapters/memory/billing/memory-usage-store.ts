// In-memory UsageStore: usages by (tenant, usage key), priced at read time from a PriceStore, sessions read from the
// memory event store's facts. Same rules and answers as PostgreSQL (the usage-store contract runs both).
import type { TimeRange } from '../../../domain/events/event-store.ts';
import { localDay } from '../../../domain/local-day.ts';
import type { Price } from '../../../domain/billing/models.ts';
import { formatMoney, tokenCostPico } from '../../../domain/billing/money.ts';
import { priceAt, type PriceStore } from '../../../domain/billing/price-store.ts';
import type { TokenUsage } from '../../../domain/billing/token-usage.ts';
import type { CostedTokens, RecordUsageResult, RoiUsage, StoredUsageRow, UsageStore } from '../../../domain/billing/usage-store.ts';
import { outcomeOf, type SessionFacts } from '../../../domain/sessions/session-facts.ts';

/** Where the memory usage store reads session facts (MemoryEventStore has it). */
export interface SessionFactsSource {
  allSessions(tenantId: string): readonly SessionFacts[];
}

export class MemoryUsageStore implements UsageStore {
  readonly #usages = new Map<string, Map<string, TokenUsage>>();
  readonly #prices: PriceStore;
  readonly #sessions: SessionFactsSource;

  constructor(deps: { prices: PriceStore; sessions: SessionFactsSource }) {
    this.#prices = deps.prices;
    this.#sessions = deps.sessions;
  }

  async record(usages: readonly TokenUsage[]): Promise<RecordUsageResult> {
    const inserted = new Set<string>();
    const replaced = new Set<string>();
    for (const u of usages) {
      let tenant = this.#usages.get(u.tenantId);
      if (!tenant) this.#usages.set(u.tenantId, (tenant = new Map()));
      const before = tenant.get(u.usageKey);
      if (before && u.occurredAt < before.occurredAt) continue;
      tenant.set(u.usageKey, { ...u });
      if (!before) inserted.add(u.usageKey);
      else if (!inserted.has(u.usageKey)) replaced.add(u.usageKey);
    }
    return { inserted: [...inserted], replaced: [...replaced] };
  }

  async usageRows(tenantId: string, range: TimeRange, zone: string): Promise<StoredUsageRow[]> {
    const priced = await this.#priced(tenantId, this.#inRange(tenantId, range));
    return sumBy(
      priced,
      (p) => [localDay(p.usage.occurredAt, zone), p.usage.kind, p.usage.name],
      ([day, kind, name], sum) => ({
        day: day!,
        kind: kind as StoredUsageRow['kind'],
        name: name!,
        ...sum,
      }),
    );
  }

  async totalTokens(tenantId: string, range: TimeRange): Promise<number> {
    return this.#inRange(tenantId, range).reduce((n, u) => n + u.inputTokens + u.outputTokens, 0);
  }

  async sessionUsage(tenantId: string, sessionId: string): Promise<CostedTokens[]> {
    const usages = [...(this.#usages.get(tenantId)?.values() ?? [])].filter((u) => u.sessionId === sessionId);
    return this.#total(tenantId, usages);
  }

  async usageTotals(tenantId: string, range: TimeRange): Promise<CostedTokens[]> {
    return this.#total(tenantId, this.#inRange(tenantId, range));
  }

  async roiUsage(tenantId: string, range: TimeRange): Promise<RoiUsage> {
    const sessions = this.#sessions.allSessions(tenantId);
    const transferred = new Set(sessions.filter((s) => s.firstTransferAt !== null).map((s) => s.sessionId));
    const resolved = new Set(
      sessions.filter((s) => s.endedAt !== null && s.endedAt >= range.from && s.endedAt < range.to && outcomeOf(s) === 'ai').map((s) => s.sessionId),
    );
    const handed = this.#inRange(tenantId, range).filter((u) => u.sessionId !== null && transferred.has(u.sessionId));
    const ofResolved = [...(this.#usages.get(tenantId)?.values() ?? [])].filter((u) => u.sessionId !== null && resolved.has(u.sessionId));
    return {
      aiResolved: { sessions: resolved.size, usage: await this.#total(tenantId, ofResolved) },
      handedOff: await this.#total(tenantId, handed),
    };
  }

  #inRange(tenantId: string, range: TimeRange): TokenUsage[] {
    return [...(this.#usages.get(tenantId)?.values() ?? [])].filter((u) => u.occurredAt >= range.from && u.occurredAt < range.to);
  }

  /** Tokens and cost of `usages`, by currency. */
  async #total(tenantId: string, usages: readonly TokenUsage[]): Promise<CostedTokens[]> {
    return sumBy(
      await this.#priced(tenantId, usages),
      () => [],
      (_, sum) => sum,
    );
  }

  async #priced(tenantId: string, usages: readonly TokenUsage[]): Promise<Priced[]> {
    const prices = usages.length ? await this.#prices.listPrices(tenantId) : [];
    return usages.map((usage) => ({ usage, price: priceAt(prices, usage.kind, usage.name, usage.occurredAt) }));
  }
}

interface Priced {
  readonly usage: TokenUsage;
  readonly price: Price | null;
}

/** Sums priced usages per key + currency (null currency: unpriced), cost as an exact 12-decimal string. */
function sumBy<R>(priced: readonly Priced[], keyOf: (p: Priced) => string[], build: (key: string[], sum: CostedTokens) => R): R[] {
  const groups = new Map<string, { key: string[]; currency: string | null; input: number; output: number; cost: bigint }>();
  for (const p of priced) {
    const key = keyOf(p);
    const currency = p.price?.currency ?? null;
    const id = JSON.stringify([...key, currency]);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, currency, input: 0, output: 0, cost: 0n }));
    g.input += p.usage.inputTokens;
    g.output += p.usage.outputTokens;
    if (p.price)
      g.cost += tokenCostPico(p.usage.inputTokens, p.price.inputPerMillion) + tokenCostPico(p.usage.outputTokens, p.price.outputPerMillion);
  }
  return [...groups.values()].map((g) =>
    build(g.key, {
      inputTokens: g.input,
      outputTokens: g.output,
      currency: g.currency,
      cost: g.currency === null ? null : formatMoney(g.cost, 12),
    }),
  );
}
