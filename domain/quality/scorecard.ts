// The default scorecard of the auto-auditor: weighted categories, some critical, each rating one ended session
// 0..100 or N/A. Score = Σ(score × weight) / Σ weight over applicable categories (Zendesk QA's formula); a critical
// category below 50 sets the whole score to 0. Bot and human are audited on one card: each category says whom it rates.
import type { AnalyticsEvent } from '../events/envelope.ts';
import { agentFirstResponseMs, outcomeOf, type SessionFacts } from '../sessions/session-facts.ts';
import type { AuditIssue } from './models.ts';

export interface AuditInput {
  readonly facts: SessionFacts;
  /** The session's events, oldest first. */
  readonly events: readonly AnalyticsEvent[];
}

export interface CategoryRating {
  readonly score: number;
  /** Why points were taken off (shown as the issue's note). */
  readonly note?: string;
}

export interface ScorecardCategory {
  readonly code: string;
  readonly weight: number;
  readonly critical: boolean;
  readonly rates: 'bot' | 'human' | 'both';
  /** The category's score, or null when it does not apply to this session. */
  rate(input: AuditInput): CategoryRating | null;
}

export interface ScoredSession {
  readonly score: number;
  readonly issues: AuditIssue[];
  readonly criticalFailed: boolean;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Full marks up to `good`, half up to `poor`, none beyond. */
function banded(value: number, good: number, poor: number): number {
  return value <= good ? 100 : value <= poor ? 50 : 0;
}

export const defaultScorecard: readonly ScorecardCategory[] = [
  {
    code: 'outcome',
    weight: 3,
    critical: true,
    rates: 'both',
    rate: ({ facts }) => {
      const outcome = outcomeOf(facts);
      if (outcome === 'ai' || outcome === 'agent') return { score: 100 };
      if (facts.firstTransferAt !== null) return { score: 0, note: 'abandoned after the transfer: no agent replied' };
      return { score: 0, note: facts.aiMessages > 0 ? 'abandoned' : 'ended without any reply' };
    },
  },
  {
    code: 'satisfaction',
    weight: 2,
    critical: true,
    rates: 'both',
    rate: ({ facts }) => (facts.rating === null ? null : { score: ((facts.rating - 1) / 4) * 100, note: `rated ${facts.rating} of 5` }),
  },
  {
    code: 'ai_response_speed',
    weight: 2,
    critical: false,
    rates: 'bot',
    rate: ({ events }) => {
      const times = events.filter((e) => e.name === 'message.ai').map((e) => e.data.responseTimeMs as number);
      if (times.length === 0) return null;
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      return { score: banded(mean, 3000, 8000), note: `mean AI response ${seconds(mean)} (target 3 s)` };
    },
  },
  {
    code: 'queue_wait',
    weight: 2,
    critical: false,
    rates: 'human',
    rate: ({ facts }) => {
      if (facts.firstTransferAt === null) return null;
      const waited = agentFirstResponseMs(facts) ?? (facts.endedAt ? facts.endedAt.getTime() - facts.firstTransferAt.getTime() : null);
      if (waited === null) return null;
      const replied = facts.firstAgentReplyAt !== null;
      return { score: banded(waited, 60_000, 300_000), note: `${replied ? 'waited' : 'left after'} ${seconds(waited)} in the queue (target 60 s)` };
    },
  },
  {
    code: 'agent_first_response',
    weight: 1,
    critical: false,
    rates: 'human',
    rate: ({ events }) => {
      const first = events.find((e) => e.name === 'message.agent' && typeof e.data.responseTimeMs === 'number');
      if (!first) return null;
      const ms = first.data.responseTimeMs as number;
      return { score: banded(ms, 60_000, 180_000), note: `first agent reply took ${seconds(ms)} (target 60 s)` };
    },
  },
  {
    code: 'lookups_failed',
    weight: 1,
    critical: false,
    rates: 'bot',
    rate: ({ facts }) => {
      const total = facts.orderQueries + facts.trackingQueries;
      if (total === 0) return null;
      const failed = facts.orderNotFound + facts.trackingNotFound;
      return { score: Math.round(((total - failed) / total) * 100), note: `${failed} of ${total} order/tracking look-ups found nothing` };
    },
  },
];

/** Scores one ended session on a scorecard; every category below 100 becomes an issue explaining the deduction. */
export function scoreSession(input: AuditInput, card: readonly ScorecardCategory[] = defaultScorecard): ScoredSession {
  let weighted = 0;
  let weights = 0;
  let criticalFailed = false;
  const issues: AuditIssue[] = [];
  for (const category of card) {
    const rating = category.rate(input);
    if (rating === null) continue;
    weighted += rating.score * category.weight;
    weights += category.weight;
    const failed = category.critical && rating.score < 50;
    criticalFailed ||= failed;
    if (rating.score < 100) {
      const severity = failed ? 'critical' : rating.score === 0 ? 'major' : 'minor';
      issues.push(rating.note === undefined ? { code: category.code, severity } : { code: category.code, severity, note: rating.note });
    }
  }
  const score = criticalFailed || weights === 0 ? 0 : Math.round(weighted / weights);
  return { score, issues, criticalFailed };
}
