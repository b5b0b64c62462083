// Result models of the live Monitoring reads (zod: the type, the tRPC output and the OpenAPI shape in one).
import { z } from 'zod';
import { agentStatuses } from '../events/catalog.ts';
import { DistributionSchema, SatisfactionSchema } from '../stats/models.ts';

const instant = z.iso.datetime({ offset: true });
const rate = z.number().nullable().describe('0..1, null when the denominator is 0');
export const AgentStatusNameSchema = z.enum(agentStatuses);

/** A session waiting for an agent (the handoff queue), longest wait first. */
export const QueuedSessionSchema = z.object({
  sessionId: z.string(),
  channel: z.string().nullable(),
  agentId: z.string().nullable().describe('the agent it was transferred to, if any'),
  waitingSince: instant.describe('the last transfer'),
  waitMs: z.number().int(),
});
export type QueuedSession = z.infer<typeof QueuedSessionSchema>;

/** `realtime.overview`: the wall screen's cards. "today" counts by the docs/metrics.md cohorts of the local day. */
export const RealtimeOverviewSchema = z.object({
  asOf: instant,
  day: z.iso.date(),
  timeZone: z.string(),
  activeSessions: z.number().int().describe('started, not ended, an event within the idle timeout'),
  queue: z.object({
    length: z.number().int(),
    oldestWaitMs: z.number().int().nullable(),
    sessions: z.array(QueuedSessionSchema).describe('the 50 longest waits'),
  }),
  today: z.object({
    sessions: z.number().int().describe('sessions started today'),
    ended: z.number().int(),
    aiResolved: z.number().int(),
    aiResolutionRate: rate.describe('aiResolved / ended today'),
    transferred: z.number().int(),
    messages: z.object({ user: z.number().int(), ai: z.number().int(), agent: z.number().int(), total: z.number().int() }),
    aiResponseMs: DistributionSchema,
    satisfaction: SatisfactionSchema.describe('ratings given today; csat = CSAT today'),
  }),
  agents: z.object({ online: z.number().int(), busy: z.number().int(), away: z.number().int(), offline: z.number().int() }),
});
export type RealtimeOverview = z.infer<typeof RealtimeOverviewSchema>;

export const ChannelRowSchema = z.object({
  channel: z.string().describe('`unknown` for sessions that named none'),
  sessionsToday: z.number().int(),
  activeNow: z.number().int(),
  share: rate.describe("this channel's share of today's sessions"),
});
export type ChannelRow = z.infer<typeof ChannelRowSchema>;

/** `realtime.channels`: sessions per channel, most first. */
export const ChannelStatsSchema = z.object({
  asOf: instant,
  day: z.iso.date(),
  sessionsToday: z.number().int(),
  activeNow: z.number().int(),
  channels: z.array(ChannelRowSchema),
});
export type ChannelStats = z.infer<typeof ChannelStatsSchema>;

/** One agent on the wall: status and since when, load, and today's work. */
export const AgentStatusSchema = z.object({
  agentId: z.string(),
  name: z.string().nullable(),
  status: AgentStatusNameSchema,
  since: instant.nullable().describe('null when the agent has no status event (seen only through replies)'),
  inStatusMs: z.number().int().nullable(),
  activeSessions: z.number().int().describe('active sessions whose agent it is'),
  handledToday: z.number().int().describe('sessions ended today with outcome agent, by their last replying agent'),
  repliesToday: z.number().int(),
  meanResponseMs: z.number().nullable().describe('mean message.agent responseTimeMs today'),
  onlineMs: z.number().int().describe('time online today, the ongoing span included'),
  busyMs: z.number().int(),
  awayMs: z.number().int(),
});
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/** `realtime.agents`. */
export const AgentStatusListSchema = z.object({ asOf: instant, day: z.iso.date(), agents: z.array(AgentStatusSchema) });
export type AgentStatusList = z.infer<typeof AgentStatusListSchema>;

/** `realtime.setAgentStatus` input. */
export const SetAgentStatusInputSchema = z.object({
  agentId: z.string().min(1).max(128).meta({ description: 'the agent, as its events name it', example: 'agent-li' }),
  status: AgentStatusNameSchema.meta({ description: 'the new status', example: 'away' }),
});
export type SetAgentStatusInput = z.infer<typeof SetAgentStatusInputSchema>;
