// An agent's current status, folded from agent.* events; a change closes the time spent in the previous status.
import type { AgentStatusName } from '../events/catalog.ts';
import type { AnalyticsEvent } from '../events/envelope.ts';

export interface AgentState {
  readonly agentId: string;
  readonly name: string | null;
  readonly status: AgentStatusName;
  /** When the agent entered `status`. */
  readonly since: Date;
}

/** The status an agent.* event moves to, or null for events that do not change it. */
export function statusAfter(e: AnalyticsEvent): AgentStatusName | null {
  switch (e.name) {
    case 'agent.login':
      return 'online';
    case 'agent.logout':
      return 'offline';
    case 'agent.status_change':
      return e.data.status as AgentStatusName;
    default:
      return null;
  }
}

/**
 * The state after `e`, and the span spent in the previous status when it changed. Events older than the
 * current state's `since` are ignored (they arrive late and cannot rewrite the present).
 */
export function foldAgentEvent(
  prev: AgentState | undefined,
  e: AnalyticsEvent,
): { state: AgentState; closed: { status: AgentStatusName; from: Date; to: Date } | null } | null {
  const status = statusAfter(e);
  if (!status || !e.agentId) return null;
  if (prev && e.occurredAt < prev.since) return null;
  const name = typeof e.data.name === 'string' ? e.data.name : (prev?.name ?? null);
  if (prev && prev.status === status) return { state: { ...prev, name }, closed: null };
  const state: AgentState = { agentId: e.agentId, name, status, since: e.occurredAt };
  const closed = prev ? { status: prev.status, from: prev.since, to: e.occurredAt } : null;
  return { state, closed };
}
