// Session outcomes in SQL (docs/metrics.md, "Session facts"): one condition per outcome of an analytics_sessions row
// and the outcome CASE built from them, each mirroring `outcomeOf` of domain/sessions/session-facts.ts: aiResolvedSql,
// agentResolvedSql and abandonedSql its 'ai', 'agent' and 'abandoned'; outcomeSql the whole; transferredSql its
// `firstTransferAt !== null`.
import { sql, type RawBuilder } from 'kysely';
import type { Outcome } from '../../../domain/sessions/session-facts.ts';
import type { SessionsTable } from '../events/tables.ts';

/**
 * A column of the analytics_sessions row the fragments read: bare by default, or of the alias `row` (e.g. 's') where
 * the query joins a table with columns of the same names.
 */
const column = (row: string | undefined, name: keyof SessionsTable) => sql.ref(row === undefined ? name : `${row}.${name}`);

/** Ever handed to humans: the sessions whose usage ROI counts as handed-off. */
export const transferredSql = (row?: string): RawBuilder<boolean> => sql`(${column(row, 'first_transfer_at')} IS NOT NULL)`;

/** `outcomeOf(f) === 'ai'` (AI-resolved): ended, never transferred, at least one message.ai. */
export const aiResolvedSql = (row?: string): RawBuilder<boolean> =>
  sql`(${column(row, 'ended_at')} IS NOT NULL AND ${column(row, 'first_transfer_at')} IS NULL AND ${column(row, 'ai_messages')} > 0)`;

/** `outcomeOf(f) === 'agent'`: ended, transferred, at least one message.agent. */
export const agentResolvedSql = (row?: string): RawBuilder<boolean> =>
  sql`(${column(row, 'ended_at')} IS NOT NULL AND ${column(row, 'first_transfer_at')} IS NOT NULL AND ${column(row, 'agent_messages')} > 0)`;

/** `outcomeOf(f) === 'abandoned'`: ended, and resolved by neither. */
export const abandonedSql = (row?: string): RawBuilder<boolean> =>
  sql`(${column(row, 'ended_at')} IS NOT NULL AND NOT ${aiResolvedSql(row)} AND NOT ${agentResolvedSql(row)})`;

/** `outcomeOf(f)`: 'ai' | 'agent' | 'abandoned', null while the session has not ended. */
export const outcomeSql = (row?: string): RawBuilder<Outcome | null> => sql`(CASE
  WHEN ${aiResolvedSql(row)} THEN 'ai'
  WHEN ${agentResolvedSql(row)} THEN 'agent'
  WHEN ${abandonedSql(row)} THEN 'abandoned'
END)`;
