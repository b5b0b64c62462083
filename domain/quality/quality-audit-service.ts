// QualityAuditService: the quality.* use cases — summary, paged records with filters, manual audits and reviews.
import type { Clock, IdSource } from '../clock.ts';
import { resolveDayRange } from '../day-range.ts';
import { invalid, notFound } from '../errors.ts';
import type { TimeRange } from '../events/event-store.ts';
import { dayBounds } from '../local-day.ts';
import { parseInput } from '../parse-input.ts';
import type { ZoneOf } from '../tenants/zone-of.ts';
import type { SessionStore } from '../sessions/session-store.ts';
import type { AuditStore } from './audit-store.ts';
import {
  AuditIssueSchema,
  CreateAuditInputSchema,
  PASS_THRESHOLD,
  QualityRangeInputSchema,
  QualityRecordsInputSchema,
  ReviewAuditInputSchema,
  type AuditIssue,
  type QualityAuditRecord,
  type QualityRecordsPage,
  type QualitySummary,
  type ReviewerRole,
} from './models.ts';
import { newAudit } from './new-audit.ts';

export interface QualityPorts {
  readonly audits: AuditStore;
  readonly sessions: SessionStore;
  readonly zoneOf: ZoneOf;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly passThreshold?: number;
}

/** Who reviews: a user's name (or `key:<id>`) and role (`api_key` for a key). */
export interface Reviewer {
  readonly id: string;
  readonly role: ReviewerRole;
}

const list = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);

export class QualityAuditService {
  readonly #p: QualityPorts;
  readonly #threshold: number;

  constructor(ports: QualityPorts) {
    this.#p = ports;
    this.#threshold = ports.passThreshold ?? PASS_THRESHOLD;
  }

  /** Audited, mean final score, pass rate, issues by code, awaiting review, mean |auto − final| (sessions ended in range). */
  async getSummary(tenantId: string, rangeInput: unknown = {}): Promise<QualitySummary> {
    const input = parseInput(QualityRangeInputSchema, rangeInput);
    const range = input.from || input.to ? resolveDayRange(input, await this.#p.zoneOf(tenantId), this.#p.clock.now()).instants : undefined;
    const t = await this.#p.audits.totals(tenantId, range, this.#threshold);
    const mean = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 100) / 100);
    return {
      audited: t.audited,
      bySource: { auto: t.auto, manual: t.manual },
      meanScore: mean(t.finalScoreSum, t.audited),
      passThreshold: this.#threshold,
      passed: t.passed,
      passRate: t.audited === 0 ? null : t.passed / t.audited,
      issuesByCode: [...t.issuesByCode],
      awaitingReview: t.awaitingReview,
      reviewed: t.reviewed,
      meanReviewShift: mean(t.reviewShiftSum, t.reviewed),
    };
  }

  /** A page of audits (newest session end first) matching the filters; `search` matches session, agent or issue code. */
  async getRecords(tenantId: string, queryInput: unknown = {}): Promise<QualityRecordsPage> {
    const q = parseInput(QualityRecordsInputSchema, queryInput);
    let ended: TimeRange | undefined;
    if (q.from || q.to) {
      const zone = await this.#p.zoneOf(tenantId);
      ended = {
        from: q.from ? dayBounds(q.from, zone).start : new Date(0),
        to: q.to ? dayBounds(q.to, zone).end : new Date(8.64e15),
      };
    }
    const { items, total } = await this.#p.audits.find(tenantId, {
      ...(q.search ? { search: q.search } : {}),
      ...(q.status ? { statuses: list(q.status) } : {}),
      ...(q.source ? { sources: list(q.source) } : {}),
      ...(q.agentId ? { agentIds: list(q.agentId) } : {}),
      ...(q.channel ? { channels: list(q.channel)!.map((c) => c.toLowerCase()) } : {}),
      ...(q.scoreMin !== undefined ? { scoreMin: q.scoreMin } : {}),
      ...(q.scoreMax !== undefined ? { scoreMax: q.scoreMax } : {}),
      ...(ended ? { ended } : {}),
      offset: (q.page - 1) * q.size,
      limit: q.size,
    });
    return { items, total, page: q.page, size: q.size };
  }

  /** Every audit of one session (auto and manual), newest first: for the session's own page. */
  async getSessionAudits(tenantId: string, sessionId: string): Promise<QualityAuditRecord[]> {
    return (await this.#p.audits.find(tenantId, { sessionIds: [sessionId], offset: 0, limit: 100 })).items;
  }

  /** A manual audit of an ended session. */
  async createAudit(tenantId: string, sessionId: string, score: number, issues: readonly AuditIssue[] = []): Promise<QualityAuditRecord> {
    const input = parseInput(CreateAuditInputSchema, { sessionId, score, issues });
    const [facts] = await this.#p.sessions.getSessions(tenantId, [input.sessionId]);
    if (!facts) throw notFound(`session ${input.sessionId}`);
    if (facts.endedAt === null) throw invalid('sessionId', 'the session has not ended');
    const audit = newAudit(
      facts,
      facts.endedAt,
      { source: 'manual', score: input.score, issues: input.issues.map((i) => AuditIssueSchema.parse(i)), status: 'scored' },
      this.#p,
    );
    await this.#p.audits.insert(tenantId, audit);
    return audit;
  }

  /**
   * A reviewer re-scores an audit. Every review is kept with who, in which role and when; the latest is the audit's
   * review and final score (earlier ones stay in its history).
   */
  async reviewAudit(tenantId: string, auditId: string, reviewer: Reviewer, finalScore: number, note?: string): Promise<QualityAuditRecord> {
    const input = parseInput(ReviewAuditInputSchema, { auditId, finalScore, ...(note === undefined ? {} : { note }) });
    const { id: reviewerId, role } = reviewer;
    if (typeof reviewerId !== 'string' || reviewerId.length === 0 || reviewerId.length > 128) throw invalid('reviewerId', 'required (1..128 chars)');
    const review = { reviewerId, role, finalScore: input.finalScore, note: input.note ?? null, at: this.#p.clock.now().toISOString() };
    const saved = await this.#p.audits.saveReview(tenantId, input.auditId, review);
    if (!saved) throw notFound(`audit ${input.auditId}`);
    return saved;
  }
}
