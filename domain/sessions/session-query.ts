// The SessionQuery port: finds the sessions behind a count, by the same cohort rule the count uses.
import type { SessionCohort } from './models.ts';
import type { Outcome, SessionFacts } from './session-facts.ts';

/** A drill-down filter with its period resolved to instants (see `matchesCriteria` for the exact rule). */
export interface SessionCriteria {
  readonly cohort: SessionCohort;
  /** The cohort instant lies in [from, to) (day cohorts only). */
  readonly from: Date | null;
  readonly to: Date | null;
  /** `active`: the last event at or after this instant (now minus the idle timeout). */
  readonly activeSince: Date | null;
  readonly outcome?: readonly Outcome[];
  /** `unknown` matches sessions without a channel (counted as `sessions|unknown`). */
  readonly channel?: readonly string[];
  readonly agentId?: readonly string[];
  readonly transferred?: boolean;
  readonly rated?: boolean;
  readonly score?: readonly number[];
}

export interface SessionPage {
  readonly offset: number;
  readonly limit: number;
}

export interface SessionQuery {
  /**
   * Sessions meeting the criteria, newest cohort instant first (ties by session id), and how many there are in
   * all. `total` equals the counter the criteria mirror.
   */
  list(tenantId: string, criteria: SessionCriteria, page: SessionPage): Promise<{ total: number; items: SessionFacts[] }>;
  /** One session's facts, or null. */
  get(tenantId: string, sessionId: string): Promise<SessionFacts | null>;
}
