// Who may set which agent's status (realtime.setAgentStatus): the workbench product's key any agent; a person only
// the agent they are linked to, or, as a supervisor or admin, an agent the tenant already knows, never a new one.
import { DomainError, forbidden } from '../errors.ts';
import type { Actor } from './models.ts';

/** Whether the tenant already knows an agent (seen in its events: a status, or work today). */
export type AgentKnown = (tenantId: string, agentId: string) => Promise<boolean>;

/**
 * Resolves when `actor` may set `agentId`'s status; otherwise throws FORBIDDEN (an agent user and another agent, or an
 * agent user linked to none) or NOT_FOUND naming `agentId` (a supervisor or admin and an agent the tenant never saw).
 * An API key got here by its `ingest` scope: the agent workbench product sets any agent's status, new ones too.
 */
export async function assertMaySetAgentStatus(actor: Actor, agentId: string, known: AgentKnown): Promise<void> {
  if (actor.kind === 'key' || actor.agentId === agentId) return;
  if (actor.role === 'agent') {
    if (actor.agentId === undefined) {
      throw forbidden(`user ${JSON.stringify(actor.username)} is not linked to an agent, so may set no agent's status`);
    }
    throw forbidden(`agentId: an agent may set only its own status (this user acts as agent ${JSON.stringify(actor.agentId)})`);
  }
  if (!(await known(actor.tenantId, agentId))) {
    throw new DomainError(
      'NOT_FOUND',
      `agentId: this tenant has no agent ${JSON.stringify(agentId)} (statuses are set for agents it has seen)`,
      'agentId',
    );
  }
}
