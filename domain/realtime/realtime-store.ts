// The RealtimeStore port: today's live state of a tenant (sessions in progress, the queue, agents, today's counters).
import type { LocalDay } from '../local-day.ts';
import type { SessionFacts } from '../sessions/session-facts.ts';
import type { Counters, DayCounters, HistogramName } from '../stats/counters.ts';
import type { AgentState } from './agent-state.ts';

export interface RealtimeChange {
  /** Sessions whose facts changed (upsert). */
  readonly sessions: readonly SessionFacts[];
  /** Counter increments per day. */
  readonly counters: DayCounters;
  /** Agents whose status changed (upsert). */
  readonly agents: readonly AgentState[];
}

export interface RealtimeView {
  /** The day's counters. */
  readonly counters: Counters;
  /** Sessions not ended whose last event is at or after `activeSince`. */
  readonly live: readonly SessionFacts[];
  /** Sessions waiting for an agent. */
  readonly queued: readonly SessionFacts[];
  readonly agents: readonly AgentState[];
}

export interface RealtimeReadOptions {
  /**
   * The histograms whose buckets the counters should hold (default: every one). The sums and counts of every
   * histogram are always there. A day holds thousands of bucket fields, which reads that show no percentile skip.
   */
  readonly histograms?: readonly HistogramName[];
}

/** A tenant's whole realtime state, as rebuilt from storage by the resync job. */
export interface RealtimeState {
  readonly counters: DayCounters;
  readonly sessions: readonly SessionFacts[];
  readonly agents: readonly AgentState[];
}

export interface RealtimeStore {
  /** Facts of these sessions as last committed (sessions it does not know are absent). */
  loadSessions(tenantId: string, sessionIds: readonly string[]): Promise<Map<string, SessionFacts>>;
  loadAgents(tenantId: string, agentIds: readonly string[]): Promise<Map<string, AgentState>>;
  /** Applies one change in a single round trip. */
  commit(tenantId: string, change: RealtimeChange): Promise<void>;
  read(tenantId: string, day: LocalDay, activeSince: Date, options?: RealtimeReadOptions): Promise<RealtimeView>;
  /** Replaces everything held for the tenant. */
  replace(tenantId: string, state: RealtimeState): Promise<void>;
  /** Reachable? (for readiness probes) */
  ping(): Promise<void>;
}
