// An audit's reviews in analytics_quality_reviews: appended in the order saved (seq), read back in that order for
// one audit or a page of them at once.
import type { Kysely } from 'kysely';
import type { AuditReview } from '../../../domain/quality/models.ts';
import type { Database } from '../schema.ts';
import type { QualityReviewRow } from './tables.ts';

/** Appends `reviews` (oldest first) to the history of one audit. */
export async function appendReviews(db: Kysely<Database>, tenantId: string, auditId: string, reviews: readonly AuditReview[]): Promise<void> {
  if (reviews.length === 0) return;
  await db
    .insertInto('analytics_quality_reviews')
    .values(
      reviews.map((r) => ({
        tenant_id: tenantId,
        audit_id: auditId,
        reviewer_id: r.reviewerId,
        reviewer_role: r.role,
        final_score: r.finalScore,
        note: r.note,
        reviewed_at: new Date(r.at),
      })),
    )
    .execute();
}

/** The histories of these audits by audit id, each oldest first (an audit never reviewed has none). */
export async function reviewsOf(db: Kysely<Database>, tenantId: string, auditIds: readonly string[]): Promise<Map<string, AuditReview[]>> {
  const byAudit = new Map<string, AuditReview[]>();
  if (auditIds.length === 0) return byAudit;
  const rows = await db
    .selectFrom('analytics_quality_reviews')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('audit_id', 'in', [...auditIds])
    .orderBy('audit_id')
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const list = byAudit.get(row.audit_id) ?? [];
    list.push(rowToReview(row));
    byAudit.set(row.audit_id, list);
  }
  return byAudit;
}

function rowToReview(r: QualityReviewRow): AuditReview {
  return {
    reviewerId: r.reviewer_id,
    role: r.reviewer_role as AuditReview['role'],
    finalScore: r.final_score,
    note: r.note,
    at: r.reviewed_at.toISOString(),
  };
}
