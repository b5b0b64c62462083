// Quality audit models (zod): an audit of one ended session, its issues and review, the summary, and the inputs of
// quality.* procedures. One schema is the type, the validator, the tRPC I/O and the OpenAPI shape.
import { z } from 'zod';
import { LocalDaySchema } from '../local-day.ts';
import { RoleSchema } from '../access/models.ts';

/** A day an input names (within the range every zone's arithmetic holds). */
const day = LocalDaySchema.describe('a local day (YYYY-MM-DD) in the tenant time zone');
const score = z.number().int().min(0).max(100);
const id = z.string().min(1).max(128);
const sessionId = id.meta({ description: 'the session, as its events name it', example: 'sess-7f3a9c' });

export const PASS_THRESHOLD = 80;

export const AuditSourceSchema = z.enum(['auto', 'manual']);
export type AuditSource = z.infer<typeof AuditSourceSchema>;

/** awaiting_review: an auto audit below the pass threshold or with a critical issue; scored: needs no review; reviewed. */
export const AuditStatusSchema = z.enum(['awaiting_review', 'scored', 'reviewed']);
export type AuditStatus = z.infer<typeof AuditStatusSchema>;

export const IssueSeveritySchema = z.enum(['minor', 'major', 'critical']);
export type IssueSeverity = z.infer<typeof IssueSeveritySchema>;

/** One finding of an audit: a code (e.g. `queue_wait`), how bad, and why. */
export const AuditIssueSchema = z.object({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_.]{0,63}$/, 'lower-case letters, digits, _ and . (max 64)')
    .meta({ description: 'what was found, as a code the summary counts by', example: 'slow_reply' }),
  severity: IssueSeveritySchema.meta({ description: 'how bad: a critical issue fails the audit', example: 'major' }),
  note: z.string().max(1000).optional().meta({ description: 'why, in the reviewer’s words', example: 'The customer waited 6 minutes for a human' }),
});
export type AuditIssue = z.infer<typeof AuditIssueSchema>;

/** Who re-scored an audit: a workbench user's role, or `api_key` for a key. */
export const ReviewerRoleSchema = z.union([RoleSchema, z.literal('api_key')]);
export type ReviewerRole = z.infer<typeof ReviewerRoleSchema>;

/** One review of an audit: who (username or `key:<id>`), in which role, when, the score given and why. */
export const AuditReviewSchema = z.object({
  reviewerId: id,
  role: ReviewerRoleSchema.nullable().describe('null for a review saved before roles were kept'),
  finalScore: score,
  note: z.string().max(2000).nullable(),
  at: z.iso.datetime(),
});
export type AuditReview = z.infer<typeof AuditReviewSchema>;

export const QualityAuditRecordSchema = z.object({
  id: z.string(),
  sessionId: id,
  agentId: z.string().nullable().describe('the agent who handled the session; null for a bot-only session'),
  channel: z.string().nullable(),
  source: AuditSourceSchema,
  score: score.describe('the score as audited (auto or manual)'),
  finalScore: score.describe("the reviewer's score when reviewed, else the score"),
  issues: AuditIssueSchema.array(),
  status: AuditStatusSchema,
  review: AuditReviewSchema.nullable().describe('the latest review, whose score is the final score'),
  reviews: AuditReviewSchema.array().describe('every review in the order they were saved (the last is `review`)'),
  sessionEndedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type QualityAuditRecord = z.infer<typeof QualityAuditRecordSchema>;

/** One value or several (multi-select filters). */
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(50)]);

/** A range of local days (both included) over the audited sessions' end. */
export const QualityRangeInputSchema = z
  .object({ from: day.optional(), to: day.optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'from must not be after to', path: ['from'] });
export type QualityRangeInput = z.infer<typeof QualityRangeInputSchema>;

/** `quality.records`: server-side paging and filters; `search` matches session id, agent id or an issue code. */
export const QualityRecordsInputSchema = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1).meta({ description: 'the page, from 1', example: 1 }),
    size: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'audits per page (1..100, default 20)', example: 20 }),
    search: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .optional()
      .meta({ description: 'part of a session id, an agent id or an issue code', example: 'slow_reply' }),
    status: oneOrMany(AuditStatusSchema)
      .optional()
      .meta({ description: 'only audits in these statuses (repeat the parameter for several)', example: 'awaiting_review' }),
    source: oneOrMany(AuditSourceSchema).optional().meta({ description: 'only automatic or manual audits', example: 'auto' }),
    agentId: oneOrMany(id).optional().meta({ description: 'only sessions these agents took part in', example: 'agent-li' }),
    channel: oneOrMany(z.string().min(1).max(32)).optional().meta({ description: 'only sessions of these channels', example: 'web' }),
    scoreMin: z.coerce.number().int().min(0).max(100).optional().meta({ description: 'lowest score (the final score where reviewed)', example: 0 }),
    scoreMax: z.coerce.number().int().min(0).max(100).optional().meta({ description: 'highest score', example: 79 }),
    from: day.optional(),
    to: day.optional(),
  })
  .refine((q) => q.scoreMin === undefined || q.scoreMax === undefined || q.scoreMin <= q.scoreMax, {
    message: 'scoreMin must not exceed scoreMax',
    path: ['scoreMin'],
  })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'from must not be after to', path: ['from'] });
export type QualityRecordsInput = z.input<typeof QualityRecordsInputSchema>;

export const QualityRecordsPageSchema = z.object({
  items: QualityAuditRecordSchema.array(),
  total: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
});
export type QualityRecordsPage = z.infer<typeof QualityRecordsPageSchema>;

/** `quality.create`: a manual audit of an ended session. */
export const CreateAuditInputSchema = z.object({
  sessionId,
  score: score.meta({ description: 'the audit’s score, 0..100', example: 72 }),
  issues: AuditIssueSchema.array()
    .max(50)
    .default([])
    .meta({ description: 'what was found (at most 50)', example: [{ code: 'slow_reply', severity: 'major' }] }),
});
export type CreateAuditInput = z.input<typeof CreateAuditInputSchema>;

/** `quality.review`: a reviewer re-scores an audit (the reviewer comes from the credential). */
export const ReviewAuditInputSchema = z.object({
  auditId: z.string().min(1).max(64).meta({ description: 'the audit, as quality.records lists it', example: '01954f3a-9c20-7d4e-8f10-2a3b4c5d6e7f' }),
  finalScore: score.meta({ description: 'the reviewer’s score, 0..100', example: 85 }),
  note: z.string().max(2000).optional().meta({ description: 'why the score changed', example: 'The handoff was the customer’s choice' }),
});
export type ReviewAuditInput = z.input<typeof ReviewAuditInputSchema>;

/** `quality.summary`. */
export const QualitySummarySchema = z.object({
  audited: z.number().int(),
  bySource: z.object({ auto: z.number().int(), manual: z.number().int() }),
  meanScore: z.number().nullable().describe('mean of final scores (the review where reviewed)'),
  passThreshold: z.number().int(),
  passed: z.number().int(),
  passRate: z.number().nullable().describe('passed / audited, 0..1'),
  issuesByCode: z.object({ code: z.string(), count: z.number().int() }).array().describe('most frequent first'),
  awaitingReview: z.number().int(),
  reviewed: z.number().int(),
  meanReviewShift: z.number().nullable().describe('mean |score − finalScore| over reviewed audits'),
});
export type QualitySummary = z.infer<typeof QualitySummarySchema>;
