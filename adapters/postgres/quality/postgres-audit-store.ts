// PostgresAuditStore: audits in analytics_quality_audits, their reviews in analytics_quality_reviews (the audit row
// repeats the latest). One auto audit per session (a partial unique index); search by ILIKE on session/agent id or
// an issue code in the GIN-indexed text[]; newest session end first.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { TimeRange } from '../../../domain/events/event-store.ts';
import type { AuditQuery, AuditStore, AuditTotals } from '../../../domain/quality/audit-store.ts';
import type { AuditIssue, AuditReview, QualityAuditRecord } from '../../../domain/quality/models.ts';
import type { Database } from '../schema.ts';
import { appendReviews, reviewsOf } from './review-history.ts';
import type { QualityAuditRow } from './tables.ts';

type Eb = ExpressionBuilder<Database, 'analytics_quality_audits'>;

/** `%text%` with LIKE's wildcards and escape character taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

export class PostgresAuditStore implements AuditStore {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async insert(tenantId: string, a: QualityAuditRecord): Promise<boolean> {
    if (a.reviews.length === 0) return this.#insertAudit(this.#db, tenantId, a);
    return this.#db.transaction().execute(async (trx) => {
      const inserted = await this.#insertAudit(trx, tenantId, a);
      if (inserted) await appendReviews(trx, tenantId, a.id, a.reviews);
      return inserted;
    });
  }

  async #insertAudit(db: Kysely<Database>, tenantId: string, a: QualityAuditRecord): Promise<boolean> {
    const result = await db
      .insertInto('analytics_quality_audits')
      .values({
        tenant_id: tenantId,
        id: a.id,
        session_id: a.sessionId,
        agent_id: a.agentId,
        channel: a.channel,
        source: a.source,
        score: a.score,
        final_score: a.finalScore,
        status: a.status,
        issues: JSON.stringify(a.issues),
        issue_codes: a.issues.map((i) => i.code),
        reviewer_id: a.review?.reviewerId ?? null,
        review_note: a.review?.note ?? null,
        reviewed_at: a.review ? new Date(a.review.at) : null,
        session_ended_at: a.sessionEndedAt ? new Date(a.sessionEndedAt) : null,
        created_at: new Date(a.createdAt),
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async get(tenantId: string, auditId: string): Promise<QualityAuditRecord | null> {
    const row = await this.#db
      .selectFrom('analytics_quality_audits')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', auditId)
      .executeTakeFirst();
    return row ? this.#withReviews(this.#db, tenantId, row) : null;
  }

  async saveReview(tenantId: string, auditId: string, review: AuditReview): Promise<QualityAuditRecord | null> {
    // The row lock the update takes orders concurrent reviews of an audit: the last saved is the one the row keeps.
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('analytics_quality_audits')
        .set({
          final_score: review.finalScore,
          status: 'reviewed',
          reviewer_id: review.reviewerId,
          review_note: review.note,
          reviewed_at: new Date(review.at),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', auditId)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      await appendReviews(trx, tenantId, auditId, [review]);
      return this.#withReviews(trx, tenantId, row);
    });
  }

  async #withReviews(db: Kysely<Database>, tenantId: string, row: QualityAuditRow): Promise<QualityAuditRecord> {
    return rowToAudit(row, (await reviewsOf(db, tenantId, [row.id])).get(row.id) ?? []);
  }

  async find(tenantId: string, q: AuditQuery): Promise<{ items: QualityAuditRecord[]; total: number }> {
    const base = this.#db
      .selectFrom('analytics_quality_audits')
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.and(filters(eb, q)));
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy(sql`session_ended_at DESC NULLS LAST`).orderBy(sql`id COLLATE "C" DESC`).offset(q.offset).limit(q.limit).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    const reviews = await reviewsOf(
      this.#db,
      tenantId,
      rows.filter((r) => r.reviewed_at !== null).map((r) => r.id),
    );
    return { items: rows.map((r) => rowToAudit(r, reviews.get(r.id) ?? [])), total: Number(count.total) };
  }

  async totals(tenantId: string, range: TimeRange | undefined, passThreshold: number): Promise<AuditTotals> {
    const inRange = (eb: Eb) => (range ? eb.and([eb('session_ended_at', '>=', range.from), eb('session_ended_at', '<', range.to)]) : eb.lit(true));
    const [t, issues] = await Promise.all([
      this.#db
        .selectFrom('analytics_quality_audits')
        .where('tenant_id', '=', tenantId)
        .where(inRange)
        .select([
          sql<number>`count(*)`.as('audited'),
          sql<number>`count(*) FILTER (WHERE source = 'auto')`.as('auto'),
          sql<number>`count(*) FILTER (WHERE source = 'manual')`.as('manual'),
          sql<number>`coalesce(sum(final_score), 0)::bigint`.as('final_score_sum'),
          sql<number>`count(*) FILTER (WHERE final_score >= ${passThreshold})`.as('passed'),
          sql<number>`count(*) FILTER (WHERE status = 'awaiting_review')`.as('awaiting_review'),
          sql<number>`count(*) FILTER (WHERE reviewed_at IS NOT NULL)`.as('reviewed'),
          sql<number>`coalesce(sum(abs(score - final_score)) FILTER (WHERE reviewed_at IS NOT NULL), 0)::bigint`.as('shift'),
        ])
        .executeTakeFirstOrThrow(),
      this.#db
        .selectFrom(['analytics_quality_audits', sql<{ code: string }>`unnest(issue_codes)`.as('c')])
        .where('tenant_id', '=', tenantId)
        .where(inRange)
        .select([sql<string>`c`.as('code'), sql<number>`count(*)`.as('count')])
        .groupBy(sql`c`)
        .orderBy(sql`count(*) DESC`)
        .orderBy(sql`c COLLATE "C"`)
        .execute(),
    ]);
    return {
      audited: Number(t.audited),
      auto: Number(t.auto),
      manual: Number(t.manual),
      finalScoreSum: Number(t.final_score_sum),
      passed: Number(t.passed),
      awaitingReview: Number(t.awaiting_review),
      reviewed: Number(t.reviewed),
      reviewShiftSum: Number(t.shift),
      issuesByCode: issues.map((r) => ({ code: r.code, count: Number(r.count) })),
    };
  }

  async bySession(tenantId: string, sessionId: string): Promise<QualityAuditRecord[]> {
    const rows = await this.#db
      .selectFrom('analytics_quality_audits')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('session_id', '=', sessionId)
      .orderBy('created_at', 'desc')
      .orderBy(sql`id COLLATE "C" DESC`)
      .execute();
    const reviews = await reviewsOf(
      this.#db,
      tenantId,
      rows.filter((r) => r.reviewed_at !== null).map((r) => r.id),
    );
    return rows.map((r) => rowToAudit(r, reviews.get(r.id) ?? []));
  }

  async autoAudited(tenantId: string, sessionIds: readonly string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows = await this.#db
      .selectFrom('analytics_quality_audits')
      .select('session_id')
      .where('tenant_id', '=', tenantId)
      .where('source', '=', 'auto')
      .where('session_id', 'in', [...sessionIds])
      .execute();
    return new Set(rows.map((r) => r.session_id));
  }
}

function filters(eb: Eb, q: AuditQuery) {
  const where = [];
  if (q.search) {
    const pattern = containsPattern(q.search);
    where.push(
      eb.or([
        eb('session_id', 'ilike', pattern),
        eb('agent_id', 'ilike', pattern),
        sql<boolean>`issue_codes @> ARRAY[${q.search.toLowerCase()}]::text[]`,
      ]),
    );
  }
  if (q.sessionIds) where.push(eb('session_id', 'in', [...q.sessionIds]));
  if (q.statuses) where.push(eb('status', 'in', [...q.statuses]));
  if (q.sources) where.push(eb('source', 'in', [...q.sources]));
  if (q.agentIds) where.push(eb('agent_id', 'in', [...q.agentIds]));
  if (q.channels) where.push(eb('channel', 'in', [...q.channels]));
  if (q.scoreMin !== undefined) where.push(eb('final_score', '>=', q.scoreMin));
  if (q.scoreMax !== undefined) where.push(eb('final_score', '<=', q.scoreMax));
  if (q.ended) where.push(eb('session_ended_at', '>=', q.ended.from), eb('session_ended_at', '<', q.ended.to));
  return where;
}

function rowToAudit(r: QualityAuditRow, reviews: AuditReview[]): QualityAuditRecord {
  return {
    id: r.id,
    sessionId: r.session_id,
    agentId: r.agent_id,
    channel: r.channel,
    source: r.source as QualityAuditRecord['source'],
    score: r.score,
    finalScore: r.final_score,
    issues: r.issues as AuditIssue[],
    status: r.status as QualityAuditRecord['status'],
    review: reviews[reviews.length - 1] ?? null,
    reviews,
    sessionEndedAt: r.session_ended_at ? r.session_ended_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
  };
}
