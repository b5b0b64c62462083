// Kysely table types of quality audits and their reviews (see migrations/2026_11_25_01_* and 2026_12_02_01_00_*).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json } from '../db/column-types.ts';

export interface QualityAuditsTable {
  tenant_id: string;
  id: string;
  session_id: string;
  agent_id: string | null;
  channel: string | null;
  source: string;
  score: number;
  final_score: number;
  status: string;
  issues: Json<{ code: string; severity: string; note?: string }[]>;
  /** The issues' codes, one per issue (GIN-indexed for search). */
  issue_codes: ColumnType<string[], string[], string[]>;
  reviewer_id: string | null;
  review_note: string | null;
  reviewed_at: Date | null;
  session_ended_at: Date | null;
  created_at: ColumnType<Date, Date | string, never>;
}

/** Every review of an audit, in the order saved (`seq`); the audit row repeats the latest. */
export interface QualityReviewsTable {
  tenant_id: string;
  audit_id: string;
  seq: Generated<string>;
  reviewer_id: string;
  reviewer_role: string | null;
  final_score: number;
  note: string | null;
  reviewed_at: Date;
}

export interface QualityTables {
  analytics_quality_audits: QualityAuditsTable;
  analytics_quality_reviews: QualityReviewsTable;
}

export type QualityAuditRow = Selectable<QualityAuditsTable>;
export type QualityReviewRow = Selectable<QualityReviewsTable>;
