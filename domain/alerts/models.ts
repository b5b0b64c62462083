// Alerts' shapes (zod): the kinds, a tenant's webhook subscriptions and thresholds, the alerts fired, and the
// deliveries with each attempt's outcome. One schema each: type, validator, tRPC input/output and OpenAPI shape.
import { z } from 'zod';

export const alertKinds = ['quota', 'queue_wait', 'csat_low', 'drops', 'job_failing'] as const;
export const AlertKindSchema = z.enum(alertKinds);
/** What an alert is about: token quota, the handoff queue's wait, CSAT today, lost events, a failing job. */
export type AlertKind = z.infer<typeof AlertKindSchema>;

/** A delivery's kind: an alert's, or `test` (a sample sent on request). */
export const DeliveryKindSchema = z.enum([...alertKinds, 'test']);
export type DeliveryKind = z.infer<typeof DeliveryKindSchema>;

const instant = z.iso.datetime({ offset: true });

/** Where a subscription posts: an absolute http or https URL without credentials in it. */
export const WebhookUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'an absolute http:// or https:// URL, without user or password')
  .meta({ description: 'the receiver: an http or https URL', example: 'https://ops.example.com/hooks/cs-analytics' });

/** One webhook of a tenant. The signing secret is shown once at creation and never again. */
export const SubscriptionSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  url: z.string(),
  kinds: z.array(AlertKindSchema).describe('the alert kinds it receives'),
  enabled: z.boolean(),
  /** The first characters of the secret, to tell secrets apart. */
  secretPrefix: z.string().describe('the first characters of the signing secret'),
  createdAt: instant,
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

/** A subscription as kept: with the secret the server signs with. */
export interface StoredSubscription extends Subscription {
  readonly secret: string;
}

export const SubscribeInputSchema = z.object({
  url: WebhookUrlSchema,
  kinds: z
    .array(AlertKindSchema)
    .min(1)
    .optional()
    .meta({ description: 'the alert kinds it receives; default every kind', example: ['quota', 'queue_wait'] }),
});
export type SubscribeInput = z.infer<typeof SubscribeInputSchema>;

export const SubscribedSchema = z.object({
  subscription: SubscriptionSchema,
  secret: z.string().describe('the signing secret, shown this once'),
});
export type Subscribed = z.infer<typeof SubscribedSchema>;

const subscriptionId = z
  .string()
  .min(1)
  .max(64)
  .meta({ description: 'a subscription of the tenant', example: '01939a7e-5b1c-7c2d-9e0f-123456789abc' });

export const SubscriptionIdInputSchema = z.object({ id: subscriptionId });

export const UpdateSubscriptionInputSchema = z.object({
  id: subscriptionId,
  url: WebhookUrlSchema.optional(),
  kinds: z
    .array(AlertKindSchema)
    .min(1)
    .optional()
    .meta({ description: 'the alert kinds it receives', example: ['quota', 'drops'] }),
  enabled: z.boolean().optional().meta({ description: 'false: kept, but nothing is sent to it', example: false }),
});
export type UpdateSubscriptionInput = z.infer<typeof UpdateSubscriptionInputSchema>;
export type SubscriptionPatch = Omit<UpdateSubscriptionInput, 'id'>;

/** A tenant's alert thresholds; any not set has its default. */
export const ThresholdsSchema = z.object({
  queueWaitSeconds: z.number().int().min(1).max(86_400).meta({ description: 'queue_wait: the oldest wait above this many seconds', example: 300 }),
  csatFloorPercent: z.number().min(0).max(100).meta({ description: 'csat_low: CSAT today below this percentage', example: 80 }),
  csatMinRatings: z.number().int().min(1).max(1_000_000).meta({ description: 'csat_low: only after at least this many ratings today', example: 10 }),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const defaultThresholds: Thresholds = { queueWaitSeconds: 300, csatFloorPercent: 80, csatMinRatings: 10 };

export const SetThresholdsInputSchema = ThresholdsSchema.partial();
export type SetThresholdsInput = z.infer<typeof SetThresholdsInputSchema>;

/** An alert that fired, at most once per (tenant, kind, key): the key says what "once" means for its kind. */
export interface FiredAlert {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: AlertKind;
  /** e.g. `2026-12-01:95` (quota period and threshold), `2026-12-02` (CSAT day), `episode:3` (queue wait). */
  readonly key: string;
  readonly firedAt: Date;
  readonly data: Record<string, unknown>;
}

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** One try to post a delivery: the receiver's HTTP status, or the network error, and how long it took. */
export const AttemptSchema = z.object({
  attempt: z.number().int(),
  at: instant,
  status: z.number().int().nullable().describe('the receiver’s HTTP status; null on a network error or timeout'),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

/** One alert (or test) posted to one subscription: kept before it is sent, so a restart resumes it. */
export const DeliverySchema = z.object({
  id: z.string().describe('also the X-CS-Analytics-Delivery header: a retry carries the same id'),
  tenantId: z.string(),
  subscriptionId: z.string(),
  kind: DeliveryKindSchema,
  url: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: instant,
  finishedAt: instant.nullable(),
  body: z.string().describe('the JSON posted'),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveryLogSchema = DeliverySchema.extend({ attemptLog: z.array(AttemptSchema) });
export type DeliveryLog = z.infer<typeof DeliveryLogSchema>;

export const ListDeliveriesInputSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).meta({ description: 'how many of the latest deliveries (1..500)', example: 50 }),
});

export const TestInputSchema = z.object({
  id: subscriptionId
    .optional()
    .meta({ description: 'one subscription; default each of the tenant’s', example: '01939a7e-5b1c-7c2d-9e0f-123456789abc' }),
});

/** What a posted body holds. */
export interface AlertBody {
  readonly id: string;
  readonly kind: DeliveryKind;
  readonly tenantId: string;
  readonly occurredAt: string;
  /** What "once" was counted by (see FiredAlert.key). */
  readonly key: string;
  readonly data: Record<string, unknown>;
}
