// Quality audits: one row per audit (at most one auto audit per session), issue codes in a text[] with a GIN index
// for search, and indexes for the paged list (newest session end first) and the filters.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE analytics_quality_audits (
      tenant_id text NOT NULL,
      id text NOT NULL,
      session_id text NOT NULL,
      agent_id text,
      channel text,
      source text NOT NULL CHECK (source IN ('auto', 'manual')),
      score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
      final_score smallint NOT NULL CHECK (final_score BETWEEN 0 AND 100),
      status text NOT NULL CHECK (status IN ('awaiting_review', 'scored', 'reviewed')),
      issues jsonb NOT NULL DEFAULT '[]'::jsonb,
      issue_codes text[] NOT NULL DEFAULT '{}',
      reviewer_id text,
      review_note text,
      reviewed_at timestamptz,
      session_ended_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT analytics_quality_audits_pkey PRIMARY KEY (tenant_id, id)
    )
  `.execute(db);
  await sql`
    CREATE UNIQUE INDEX analytics_quality_audits_one_auto_index
    ON analytics_quality_audits (tenant_id, session_id) WHERE source = 'auto'
  `.execute(db);
  await sql`
    CREATE INDEX analytics_quality_audits_tenant_ended_index
    ON analytics_quality_audits (tenant_id, session_ended_at DESC, id DESC)
  `.execute(db);
  await sql`CREATE INDEX analytics_quality_audits_tenant_session_index ON analytics_quality_audits (tenant_id, session_id)`.execute(db);
  await sql`CREATE INDEX analytics_quality_audits_tenant_agent_index ON analytics_quality_audits (tenant_id, agent_id)`.execute(db);
  await sql`CREATE INDEX analytics_quality_audits_issue_codes_index ON analytics_quality_audits USING gin (issue_codes)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_quality_audits').ifExists().execute();
}
