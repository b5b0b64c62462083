// PostgresSessionUsage: one session's token usages from analytics_token_usage, each joined with the price valid at
// its occurred_at by the same join every billing read prices with (priceAtUsage).
import { sql, type Kysely } from 'kysely';
import type { PriceSubjectKind } from '../../../domain/billing/models.ts';
import type { UsageSource } from '../../../domain/billing/token-usage.ts';
import type { PricedUsage, SessionUsageSource } from '../../../domain/sessions/session-usage.ts';
import { priceAtUsage } from '../billing/usage-pricing.ts';
import type { Database } from '../schema.ts';

interface Row {
  usage_key: string;
  occurred_at: Date;
  source: string;
  subject_kind: string;
  subject_name: string;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  currency: string | null;
  input_per_million: string | null;
  output_per_million: string | null;
  valid_from: Date | null;
}

export class PostgresSessionUsage implements SessionUsageSource {
  readonly #db: Kysely<Database>;

  constructor(deps: { db: Kysely<Database> }) {
    this.#db = deps.db;
  }

  async sessionUsages(tenantId: string, sessionId: string): Promise<PricedUsage[]> {
    const { rows } = await sql<Row>`
      SELECT u.usage_key, u.occurred_at, u.source, u.subject_kind, u.subject_name, u.model, u.input_tokens, u.output_tokens,
        p.currency, p.input_per_million::text AS input_per_million, p.output_per_million::text AS output_per_million, p.valid_from
      FROM analytics_token_usage u ${priceAtUsage}
      WHERE u.tenant_id = ${tenantId} AND u.session_id = ${sessionId}
      ORDER BY u.occurred_at, u.usage_key COLLATE "C"
    `.execute(this.#db);
    return rows.map((r) => ({
      usageKey: r.usage_key,
      occurredAt: r.occurred_at,
      source: r.source as UsageSource,
      kind: r.subject_kind as PriceSubjectKind,
      name: r.subject_name,
      model: r.model,
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      price:
        r.currency === null
          ? null
          : {
              kind: r.subject_kind as PriceSubjectKind,
              name: r.subject_name,
              currency: r.currency,
              inputPerMillion: r.input_per_million!,
              outputPerMillion: r.output_per_million!,
              effectiveFrom: r.valid_from!.toISOString(),
            },
    }));
  }
}
