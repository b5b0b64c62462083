// In-memory AuditStore: audits per tenant, one auto audit per session, each with its reviews in the order saved;
// filters, search and totals as in PostgreSQL.
import type { AuditQuery, AuditStore, AuditTotals } from '../../../domain/quality/audit-store.ts';
import type { AuditReview, QualityAuditRecord } from '../../../domain/quality/models.ts';
import type { TimeRange } from '../../../domain/events/event-store.ts';

export class MemoryAuditStore implements AuditStore {
  readonly #audits = new Map<string, Map<string, QualityAuditRecord>>();

  async insert(tenantId: string, audit: QualityAuditRecord): Promise<boolean> {
    const tenant = this.#tenant(tenantId);
    if (audit.source === 'auto' && [...tenant.values()].some((a) => a.source === 'auto' && a.sessionId === audit.sessionId)) return false;
    if (tenant.has(audit.id)) return false;
    tenant.set(audit.id, structuredClone(audit));
    return true;
  }

  async get(tenantId: string, auditId: string): Promise<QualityAuditRecord | null> {
    const a = this.#audits.get(tenantId)?.get(auditId);
    return a ? structuredClone(a) : null;
  }

  async saveReview(tenantId: string, auditId: string, review: AuditReview): Promise<QualityAuditRecord | null> {
    const tenant = this.#tenant(tenantId);
    const a = tenant.get(auditId);
    if (!a) return null;
    const next: QualityAuditRecord = {
      ...a,
      review: { ...review },
      reviews: [...a.reviews, { ...review }],
      finalScore: review.finalScore,
      status: 'reviewed',
    };
    tenant.set(auditId, next);
    return structuredClone(next);
  }

  async find(tenantId: string, q: AuditQuery): Promise<{ items: QualityAuditRecord[]; total: number }> {
    const search = q.search?.toLowerCase();
    const matches = [...this.#tenant(tenantId).values()].filter(
      (a) =>
        (!search ||
          a.sessionId.toLowerCase().includes(search) ||
          (a.agentId ?? '').toLowerCase().includes(search) ||
          a.issues.some((i) => i.code === search)) &&
        (!q.sessionIds || q.sessionIds.includes(a.sessionId)) &&
        (!q.statuses || q.statuses.includes(a.status)) &&
        (!q.sources || q.sources.includes(a.source)) &&
        (!q.agentIds || (a.agentId !== null && q.agentIds.includes(a.agentId))) &&
        (!q.channels || (a.channel !== null && q.channels.includes(a.channel))) &&
        (q.scoreMin === undefined || a.finalScore >= q.scoreMin) &&
        (q.scoreMax === undefined || a.finalScore <= q.scoreMax) &&
        (!q.ended || endedIn(a, q.ended)),
    );
    matches.sort((a, b) => endMs(b) - endMs(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { items: matches.slice(q.offset, q.offset + q.limit).map((a) => structuredClone(a)), total: matches.length };
  }

  async totals(tenantId: string, range: TimeRange | undefined, passThreshold: number): Promise<AuditTotals> {
    const audits = [...this.#tenant(tenantId).values()].filter((a) => !range || endedIn(a, range));
    const issues = new Map<string, number>();
    for (const a of audits) for (const i of a.issues) issues.set(i.code, (issues.get(i.code) ?? 0) + 1);
    const reviewed = audits.filter((a) => a.review !== null);
    return {
      audited: audits.length,
      auto: audits.filter((a) => a.source === 'auto').length,
      manual: audits.filter((a) => a.source === 'manual').length,
      finalScoreSum: audits.reduce((s, a) => s + a.finalScore, 0),
      passed: audits.filter((a) => a.finalScore >= passThreshold).length,
      awaitingReview: audits.filter((a) => a.status === 'awaiting_review').length,
      reviewed: reviewed.length,
      reviewShiftSum: reviewed.reduce((s, a) => s + Math.abs(a.score - a.finalScore), 0),
      issuesByCode: [...issues].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
    };
  }

  async bySession(tenantId: string, sessionId: string): Promise<QualityAuditRecord[]> {
    return [...this.#tenant(tenantId).values()]
      .filter((a) => a.sessionId === sessionId)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((a) => structuredClone(a));
  }

  async autoAudited(tenantId: string, sessionIds: readonly string[]): Promise<Set<string>> {
    const wanted = new Set(sessionIds);
    const done = new Set<string>();
    for (const a of this.#tenant(tenantId).values()) if (a.source === 'auto' && wanted.has(a.sessionId)) done.add(a.sessionId);
    return done;
  }

  #tenant(tenantId: string): Map<string, QualityAuditRecord> {
    let tenant = this.#audits.get(tenantId);
    if (!tenant) this.#audits.set(tenantId, (tenant = new Map()));
    return tenant;
  }
}

const endMs = (a: QualityAuditRecord) => (a.sessionEndedAt ? Date.parse(a.sessionEndedAt) : -Infinity);
const endedIn = (a: QualityAuditRecord, r: TimeRange) => a.sessionEndedAt !== null && endMs(a) >= r.from.getTime() && endMs(a) < r.to.getTime();
