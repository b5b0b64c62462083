// In-memory PriceStore: prices per tenant, keyed by subject and effectiveFrom (same rules as PostgreSQL).
import type { Price } from '../../../domain/billing/models.ts';
import type { PriceStore } from '../../../domain/billing/price-store.ts';

export class MemoryPriceStore implements PriceStore {
  readonly #prices = new Map<string, Map<string, Price>>();

  async setPrice(tenantId: string, price: Price): Promise<void> {
    let tenant = this.#prices.get(tenantId);
    if (!tenant) this.#prices.set(tenantId, (tenant = new Map()));
    const at = new Date(price.effectiveFrom).toISOString();
    tenant.set(`${price.kind}\u0000${price.name}\u0000${at}`, { ...price, effectiveFrom: at });
  }

  async listPrices(tenantId: string): Promise<Price[]> {
    return [...(this.#prices.get(tenantId)?.values() ?? [])].sort(
      (a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.effectiveFrom.localeCompare(b.effectiveFrom),
    );
  }
}
