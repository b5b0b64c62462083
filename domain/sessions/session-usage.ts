// A session's token usage for its own page: each usage priced at its own instant by the price then in force (the
// port reads them), and the sums shown beside them. An unpriced usage has no cost (unknown, never 0); a cost in
// another currency stays in it, never converted or added to another.
import type { Price } from '../billing/models.ts';
import { formatMoney, tokenCostPico, toPico } from '../billing/money.ts';
import type { TokenUsage } from '../billing/token-usage.ts';
import type { SessionUsage, UsageLine } from './models.ts';

/** A recorded usage with the price of its model or bot valid at its occurredAt (null: unpriced). */
export interface PricedUsage extends Omit<TokenUsage, 'tenantId' | 'sessionId'> {
  readonly price: Price | null;
}

/** Where the usage of one session is read, priced. */
export interface SessionUsageSource {
  /** Every usage recorded for the session (from events or the API), oldest first, each priced at its instant. */
  sessionUsages(tenantId: string, sessionId: string): Promise<PricedUsage[]>;
}

/** The lines and sums of a session's usage; costs exact (pico-units) until shown with 6 decimals. */
export function sessionUsageOf(usages: readonly PricedUsage[]): SessionUsage {
  const known = new Map<string, bigint>();
  let inputTokens = 0;
  let outputTokens = 0;
  let unpricedTokens = 0;
  const items = usages.map((u): UsageLine => {
    inputTokens += u.inputTokens;
    outputTokens += u.outputTokens;
    const p = u.price;
    if (!p) unpricedTokens += u.inputTokens + u.outputTokens;
    const pico = p ? tokenCostPico(u.inputTokens, p.inputPerMillion) + tokenCostPico(u.outputTokens, p.outputPerMillion) : null;
    if (p && pico !== null) known.set(p.currency, (known.get(p.currency) ?? 0n) + pico);
    return {
      usageId: u.usageKey,
      occurredAt: u.occurredAt.toISOString(),
      source: u.source,
      kind: u.kind,
      name: u.name,
      model: u.model,
      inputTokens: u.inputTokens,
      outputTokens: u.outputTokens,
      price: p
        ? {
            currency: p.currency,
            inputPerMillion: formatMoney(toPico(p.inputPerMillion)),
            outputPerMillion: formatMoney(toPico(p.outputPerMillion)),
            effectiveFrom: new Date(p.effectiveFrom).toISOString(),
          }
        : null,
      cost: pico === null ? null : formatMoney(pico),
    };
  });
  const knownCosts = [...known].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, pico]) => ({ currency, cost: formatMoney(pico) }));
  // The whole cost is known only when every usage is priced, all in one currency.
  const whole = usages.length > 0 && usages.every((u) => u.price !== null) && knownCosts.length === 1 ? knownCosts[0]! : null;
  return {
    items,
    totals: {
      inputTokens,
      outputTokens,
      totalTokens: inputTokens + outputTokens,
      unpricedTokens,
      knownCosts,
      cost: whole?.cost ?? null,
      currency: whole?.currency ?? null,
    },
  };
}
