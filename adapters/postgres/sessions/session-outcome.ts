// The outcome of an ended session in SQL (CONTRACT "Derived session facts"; the twin of `outcomeOf`).
import { sql } from 'kysely';

/** 'ai' | 'agent' | 'abandoned' for an analytics_sessions row, null while it has not ended. */
export const outcomeSql = sql<'ai' | 'agent' | 'abandoned' | null>`(CASE
  WHEN ended_at IS NULL THEN NULL
  WHEN first_transfer_at IS NULL THEN CASE WHEN ai_messages > 0 THEN 'ai' ELSE 'abandoned' END
  ELSE CASE WHEN agent_messages > 0 THEN 'agent' ELSE 'abandoned' END
END)`;
