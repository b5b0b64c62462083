// Live Monitoring: the overview cards, sessions per channel, agents by status, and setting an agent's status (who
// may set which agent's: domain/access/agent-status-rights.ts).
import { assertMaySetAgentStatus } from '../../../domain/access/agent-status-rights.ts';
import {
  AgentStatusListSchema,
  AgentStatusSchema,
  ChannelStatsSchema,
  RealtimeOverviewSchema,
  SetAgentStatusInputSchema,
} from '../../../domain/realtime/models.ts';
import { NoInputSchema } from '../no-input.ts';
import { getRoute, postRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

export const realtimeRouter = router({
  overview: scoped('read')
    .meta(
      getRoute('/realtime/overview', 'Live sessions, the handoff queue, today so far, agents by status', {
        description: 'What the Monitoring page shows, from the live store: an accepted event shows here within 10 seconds.',
      }),
    )
    .input(NoInputSchema)
    .output(RealtimeOverviewSchema)
    .query(({ ctx }) => ctx.deps.realtime.getOverview(ctx.tenantId)),
  channels: scoped('read')
    .meta(
      getRoute('/realtime/channels', 'Sessions per channel today and active now', {
        description: 'One row per channel seen today (local day of the tenant).',
      }),
    )
    .input(NoInputSchema)
    .output(ChannelStatsSchema)
    .query(({ ctx }) => ctx.deps.realtime.getChannels(ctx.tenantId)),
  agents: scoped('read')
    .meta(
      getRoute('/realtime/agents', 'Agents: status, since when, load and today’s work', {
        description: 'Every agent the tenant’s events named, with its current status and the sessions it holds.',
      }),
    )
    .input(NoInputSchema)
    .output(AgentStatusListSchema)
    .query(({ ctx }) => ctx.deps.realtime.getAgents(ctx.tenantId)),
  setAgentStatus: scoped('ingest', ['admin', 'supervisor', 'agent'])
    .meta(
      postRoute(
        '/realtime/setAgentStatus',
        'Set an agent’s status (recorded as an agent.status_change event): an agent user its own only, a supervisor or admin a known agent',
        {
          description: 'Records an `agent.status_change` event for the agent and answers its new live state. An API key needs the ingest scope.',
          answers: { 404: 'A supervisor or admin named an agent the tenant has not seen.' },
        },
      ),
    )
    .input(SetAgentStatusInputSchema)
    .output(AgentStatusSchema)
    .mutation(async ({ ctx, input }) => {
      // The rule is the domain's (assertMaySetAgentStatus); only here is the caller known, so it is checked here.
      await assertMaySetAgentStatus(ctx.actor, input.agentId, async (tenantId, agentId) =>
        (await ctx.deps.realtime.getAgents(tenantId)).agents.some((a) => a.agentId === agentId),
      );
      return ctx.deps.realtime.updateAgentStatus(ctx.tenantId, input.agentId, input.status);
    }),
});
