// A tenant: one customer of the service. Its zone defines its local days; its human cost per session feeds ROI.
import { z } from 'zod';
import { invalid } from '../errors.ts';
import { isValidTimeZone } from '../local-day.ts';

export const TenantIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only');

/** The ISO 4217 codes in use, as this runtime's ICU knows them ('USD', 'CNY', 'EUR', …). */
const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** A message quoting the refused value, so a command line or a form names what was typed. */
const quoted = (what: string) => (issue: { input: unknown }) => `${JSON.stringify(issue.input)} is not ${what}`;

const planId = z.string().min(1).max(64).nullable().describe('the billing plan (its id), null: none');

/** The fields a tenant is given, each checked: a bad one is refused naming the field and the value. */
const fields = {
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().refine(isValidTimeZone, { error: quoted('an IANA time zone (e.g. Europe/Paris)') }),
  /** What a session handled by a human costs, in `currency` (at most 4 decimals). */
  humanCostPerSession: z
    .number()
    .nonnegative()
    .max(1e9)
    .refine((n) => Math.abs(Math.round(n * 1e4) - n * 1e4) < 1e-6, { message: 'at most 4 decimals' }),
  /** Upper-cased before the check: `cny` is CNY. */
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => isoCurrencies.has(c), { error: quoted('an ISO 4217 currency code (e.g. USD, EUR, CNY)') }),
  planId,
};

/** A tenant as stored and answered (the checks are on the way in: a record is never refused on the way out). */
export const TenantSchema = z.object({
  tenantId: z.string(),
  name: z.string(),
  timeZone: z.string().describe('IANA time zone of its local days'),
  humanCostPerSession: z.number().describe('what a session handled by a human costs, in currency (for ROI)'),
  currency: z.string().describe('ISO 4217 code of its money figures'),
  planId,
});
export type Tenant = z.infer<typeof TenantSchema>;

/** What creating a tenant takes: only the id is required. */
export const NewTenantSchema = z.object({
  tenantId: TenantIdSchema,
  name: fields.name.optional(),
  timeZone: fields.timeZone.default('UTC'),
  humanCostPerSession: fields.humanCostPerSession.default(0),
  currency: fields.currency.default('USD'),
  planId: fields.planId.default(null),
});
export type NewTenant = z.input<typeof NewTenantSchema>;

/** A change to a tenant: any of its fields but the id. */
export const TenantPatchSchema = z.object(fields).partial();
export type TenantPatch = z.infer<typeof TenantPatchSchema>;

/** The tenant a NewTenant describes, defaults applied (its name defaults to its id); bad input: DomainError INVALID. */
export function newTenant(input: NewTenant): Tenant {
  const t = parseOrInvalid(NewTenantSchema, input);
  return { ...t, name: t.name ?? t.tenantId };
}

/** A validated patch; bad input: DomainError INVALID naming the field. */
export function tenantPatch(input: TenantPatch): TenantPatch {
  return parseOrInvalid(TenantPatchSchema, input);
}

function parseOrInvalid<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalid(issue?.path.map(String).join('.') || 'tenant', issue?.message ?? 'invalid');
}
