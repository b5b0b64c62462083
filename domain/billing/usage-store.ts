// The UsageStore port: token usages, one per (tenant, usage key), and the priced aggregates billing reads.
import type { TimeRange } from '../events/event-store.ts';
import type { PriceSubjectKind } from './models.ts';
import type { TokenUsage } from './token-usage.ts';

/** Tokens priced in one currency (or unpriced: currency and cost null). `cost` is an exact decimal string. */
export interface CostedTokens {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly currency: string | null;
  readonly cost: string | null;
}

/** Usage of one local day and one model or bot, in one currency (or unpriced). */
export interface StoredUsageRow extends CostedTokens {
  readonly day: string;
  readonly kind: PriceSubjectKind;
  readonly name: string;
}

/** What ROI is computed from (UsageStore.roiUsage). */
export interface RoiUsage {
  readonly aiResolved: { readonly sessions: number; readonly usage: CostedTokens[] };
  readonly handedOff: CostedTokens[];
}

export interface RecordUsageResult {
  /** Usage keys seen for the first time. */
  readonly inserted: readonly string[];
  /** Usage keys that replaced an earlier record of the same key (never added to it). */
  readonly replaced: readonly string[];
}

/**
 * Where token usages are kept. Every figure prices each usage at the price of its model or bot valid at its
 * `occurredAt` (latest `effectiveFrom` <= occurredAt); a usage with no such price is unpriced (cost null, never 0).
 */
export interface UsageStore {
  /**
   * Stores usages idempotently by (tenant, usageKey). A usage whose key is already stored REPLACES the stored one
   * when it occurred at the same time or later (Coze's later completion is authoritative; a stale replay of an
   * earlier one changes nothing); it is never added to it. Within one batch the same rule applies in order.
   */
  record(usages: readonly TokenUsage[]): Promise<RecordUsageResult>;
  /** Usage occurring in [from, to): one row per local day (in `zone`), model or bot, and currency. */
  usageRows(tenantId: string, range: TimeRange, zone: string): Promise<StoredUsageRow[]>;
  /** All usage of one session, by currency. */
  sessionUsage(tenantId: string, sessionId: string): Promise<CostedTokens[]>;
  /** Input + output tokens occurring in [from, to). */
  totalTokens(tenantId: string, range: TimeRange): Promise<number>;
  /** Usage occurring in [from, to), by currency (`zone`: the tenant's, whose local days a store may have summed). */
  usageTotals(tenantId: string, range: TimeRange, zone: string): Promise<CostedTokens[]>;
  /**
   * The usage behind ROI in [from, to), by currency: the sessions ENDED in it with outcome `ai` (never transferred,
   * at least one `message.ai`: docs/metrics.md) and the usage of those sessions whenever it occurred; and the usage
   * OCCURRING in it on sessions that were ever transferred to humans. `zone`: the tenant's, as for usageTotals.
   */
  roiUsage(tenantId: string, range: TimeRange, zone: string): Promise<RoiUsage>;
}
