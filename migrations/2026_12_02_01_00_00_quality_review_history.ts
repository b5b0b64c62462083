// Every review of an audit, kept (issue 19): who, in which role, when, the score given and the note, in the order
// they were saved. The audit row keeps its latest review (final score, reviewer, note, time) for filters and the
// summary; reviews made before this table are copied in as the first entry of their audit's history.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE analytics_quality_reviews (
      tenant_id text NOT NULL,
      audit_id text NOT NULL,
      seq bigint GENERATED ALWAYS AS IDENTITY, -- the order reviews were saved in: the last is the audit's review
      reviewer_id text NOT NULL,
      reviewer_role text, -- admin, supervisor or api_key; null for a review copied from before this table
      final_score smallint NOT NULL CHECK (final_score BETWEEN 0 AND 100),
      note text,
      reviewed_at timestamptz NOT NULL,
      CONSTRAINT analytics_quality_reviews_pkey PRIMARY KEY (tenant_id, audit_id, seq),
      CONSTRAINT analytics_quality_reviews_audit_fkey FOREIGN KEY (tenant_id, audit_id)
        REFERENCES analytics_quality_audits (tenant_id, id) ON DELETE CASCADE
    )
  `.execute(db);
  await sql`
    INSERT INTO analytics_quality_reviews (tenant_id, audit_id, reviewer_id, final_score, note, reviewed_at)
    SELECT tenant_id, id, reviewer_id, final_score, review_note, reviewed_at
    FROM analytics_quality_audits
    WHERE reviewer_id IS NOT NULL AND reviewed_at IS NOT NULL
    ORDER BY reviewed_at, tenant_id, id
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_quality_reviews').ifExists().execute();
}
