// The AuditStore port: quality audits of sessions, at most one auto audit per session, each with its history of
// reviews; filters and a summary.
import type { TimeRange } from '../events/event-store.ts';
import type { AuditReview, AuditSource, AuditStatus, QualityAuditRecord } from './models.ts';

/** Filters of `find`; every list is "any of". Scores filter the final score; the range is the session's end. */
export interface AuditQuery {
  readonly search?: string;
  /** Exact session ids (a session's own audits). */
  readonly sessionIds?: readonly string[];
  readonly statuses?: readonly AuditStatus[];
  readonly sources?: readonly AuditSource[];
  readonly agentIds?: readonly string[];
  readonly channels?: readonly string[];
  readonly scoreMin?: number;
  readonly scoreMax?: number;
  readonly ended?: TimeRange;
  readonly offset: number;
  readonly limit: number;
}

/** Sums a summary is computed from (means and rates are left to the service). */
export interface AuditTotals {
  readonly audited: number;
  readonly auto: number;
  readonly manual: number;
  readonly finalScoreSum: number;
  readonly passed: number;
  readonly awaitingReview: number;
  readonly reviewed: number;
  /** Σ |score − finalScore| over reviewed audits. */
  readonly reviewShiftSum: number;
  readonly issuesByCode: readonly { readonly code: string; readonly count: number }[];
}

export interface AuditStore {
  /**
   * Stores a new audit. An auto audit of a session that already has one is not stored: returns false
   * (one auto audit per (tenant, session), however often the auditor runs).
   */
  insert(tenantId: string, audit: QualityAuditRecord): Promise<boolean>;
  get(tenantId: string, auditId: string): Promise<QualityAuditRecord | null>;
  /**
   * Adds a review to the audit's history; being the latest, it sets the final score and the audit's `review` (status
   * becomes `reviewed`). Earlier reviews are kept, in the order they were saved. Null when the audit does not exist.
   */
  saveReview(tenantId: string, auditId: string, review: AuditReview): Promise<QualityAuditRecord | null>;
  /** A page of audits, newest session end first (then id), and how many match in all. */
  find(tenantId: string, query: AuditQuery): Promise<{ items: QualityAuditRecord[]; total: number }>;
  /**
   * Totals over audits of sessions ended in the range (all when absent); passed = finalScore >= passThreshold.
   * A reviewed audit counts once, by its latest review.
   */
  totals(tenantId: string, range: TimeRange | undefined, passThreshold: number): Promise<AuditTotals>;
  /** Every audit of exactly this session (no search, no page), newest first. */
  bySession(tenantId: string, sessionId: string): Promise<QualityAuditRecord[]>;
  /** Which of these sessions already have an auto audit. */
  autoAudited(tenantId: string, sessionIds: readonly string[]): Promise<Set<string>>;
}
