// The PriceStore port: prices per model or Coze bot per million tokens, each valid from its effectiveFrom.
import type { Price, PriceSubjectKind } from './models.ts';

export interface PriceStore {
  /** Adds a price (the same subject and effectiveFrom again replaces it). */
  setPrice(tenantId: string, price: Price): Promise<void>;
  /** Every price of a tenant, by subject then effectiveFrom. */
  listPrices(tenantId: string): Promise<Price[]>;
}

/** The price of a subject valid at `at`: the one with the latest effectiveFrom not after `at`, else null. */
export function priceAt(prices: readonly Price[], kind: PriceSubjectKind, name: string, at: Date): Price | null {
  let best: Price | null = null;
  for (const p of prices) {
    if (p.kind !== kind || p.name !== name || Date.parse(p.effectiveFrom) > at.getTime()) continue;
    if (!best || p.effectiveFrom > best.effectiveFrom) best = p;
  }
  return best;
}
