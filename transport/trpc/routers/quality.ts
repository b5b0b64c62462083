// Quality audit: the summary, the paged records, a manual audit, and a reviewer's re-score.
import {
  CreateAuditInputSchema,
  QualityAuditRecordSchema,
  QualityRangeInputSchema,
  QualityRecordsInputSchema,
  QualityRecordsPageSchema,
  QualitySummarySchema,
  ReviewAuditInputSchema,
} from '../../../domain/quality/models.ts';
import type { Actor } from '../../../domain/access/models.ts';
import type { Reviewer } from '../../../domain/quality/quality-audit-service.ts';
import { getRoute, postRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

const reviewers = ['admin', 'supervisor'] as const;

/** Who reviews, as recorded in the audit's history: the user's name and role, or the API key's id. */
const reviewerOf = (actor: Actor): Reviewer =>
  actor.kind === 'user' ? { id: actor.username, role: actor.role } : { id: `key:${actor.keyId}`, role: 'api_key' };

export const qualityRouter = router({
  summary: scoped('read')
    .meta(
      getRoute('/quality/summary', 'Audited count, mean score, pass rate, issues by code, awaiting review', {
        description: 'Over the audits of the range (the final score where reviewed), with how far reviewers moved auto scores.',
      }),
    )
    .input(QualityRangeInputSchema.optional())
    .output(QualitySummarySchema)
    .query(({ ctx, input }) => ctx.deps.quality.getSummary(ctx.tenantId, input ?? {})),
  records: scoped('read')
    .meta(
      getRoute('/quality/records', 'Audits, paged and filtered (search: session, agent or issue code), each with its review history', {
        description: 'Newest first. Also as CSV at `/quality/records.csv` (every page).',
      }),
    )
    .input(QualityRecordsInputSchema.optional())
    .output(QualityRecordsPageSchema)
    .query(({ ctx, input }) => ctx.deps.quality.getRecords(ctx.tenantId, input ?? {})),
  create: scoped('admin', reviewers)
    .meta(
      postRoute('/quality/create', 'Audit an ended session by hand', {
        description: 'A manual audit (`source: manual`) of one session, scored 0..100 with its issues.',
        answers: { 404: 'The tenant has no session of this id.' },
      }),
    )
    .input(CreateAuditInputSchema)
    .output(QualityAuditRecordSchema)
    .mutation(({ ctx, input }) => ctx.deps.quality.createAudit(ctx.tenantId, input.sessionId, input.score, input.issues)),
  review: scoped('admin', reviewers)
    .meta(
      postRoute('/quality/review', 'Re-score an audit (the reviewer is the caller); earlier reviews stay in its history', {
        description: 'Sets the audit’s final score; the reviewer (user or key) and the time are kept.',
        answers: { 404: 'The tenant has no audit of this id.' },
      }),
    )
    .input(ReviewAuditInputSchema)
    .output(QualityAuditRecordSchema)
    .mutation(({ ctx, input }) => ctx.deps.quality.reviewAudit(ctx.tenantId, input.auditId, reviewerOf(ctx.actor), input.finalScore, input.note)),
});
