// analytics_sessions row -> SessionFacts (the domain shape), for every reader of the sessions table.
import type { SessionFacts } from '../../../domain/sessions/session-facts.ts';
import type { SessionRow } from '../events/tables.ts';

/** The SessionFacts a row holds (`channel_from_start` and `updated_at` are bookkeeping, not facts). */
export function sessionRowToFacts(r: SessionRow): SessionFacts {
  return {
    tenantId: r.tenant_id,
    sessionId: r.session_id,
    channel: r.channel,
    customerId: r.customer_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    endReason: r.end_reason,
    firstEventAt: r.first_event_at,
    lastEventAt: r.last_event_at,
    firstTransferAt: r.first_transfer_at,
    lastTransferAt: r.last_transfer_at,
    firstAgentReplyAt: r.first_agent_reply_at,
    lastAgentReplyAt: r.last_agent_reply_at,
    agentId: r.agent_id,
    userMessages: r.user_messages,
    aiMessages: r.ai_messages,
    agentMessages: r.agent_messages,
    rating: r.rating,
    ratedAt: r.rated_at,
    orderQueries: r.order_queries,
    orderNotFound: r.order_not_found,
    trackingQueries: r.tracking_queries,
    trackingNotFound: r.tracking_not_found,
  };
}
