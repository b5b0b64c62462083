// Kysely table types of quality audits (see migrations/2026_11_25_01_*).
import type { ColumnType, Selectable } from 'kysely';
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

export interface QualityTables {
  analytics_quality_audits: QualityAuditsTable;
}

export type QualityAuditRow = Selectable<QualityAuditsTable>;
