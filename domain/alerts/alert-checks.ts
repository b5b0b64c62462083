// The alert kinds as checks: each reads one figure of a tenant and says which alerts are due, under the key that
// makes each one fire once (pure: the figures come in, the candidates go out).
import type { Quota } from '../billing/models.ts';
import type { RealtimeOverview } from '../realtime/models.ts';
import type { DropCount, FailingStreak } from './alert-sources.ts';
import type { AlertKind, Thresholds } from './models.ts';

/** An alert due now; it fires unless the tenant's alert of this kind and key fired before. */
export interface AlertCandidate {
  readonly kind: AlertKind;
  readonly key: string;
  readonly data: Record<string, unknown>;
}

/** quota: each warning threshold (80, 95, 100 %) the period has crossed, once per period and threshold. */
export function quotaAlerts(quota: Quota): AlertCandidate[] {
  return quota.thresholdsCrossed.map((threshold) => ({
    kind: 'quota',
    key: `${quota.periodStart}:${threshold}`,
    data: {
      threshold,
      percent: quota.percent,
      used: quota.used,
      allowance: quota.allowance,
      periodStart: quota.periodStart,
      periodEnd: quota.periodEnd,
      projectedRunOut: quota.projectedRunOut,
    },
  }));
}

/** queue_wait: whether the oldest wait in the handoff queue is above the threshold now (an episode runs while it is). */
export function queueWaitAbove(overview: RealtimeOverview, thresholds: Thresholds): boolean {
  const wait = overview.queue.oldestWaitMs;
  return wait !== null && wait > thresholds.queueWaitSeconds * 1000;
}

/** The body of a queue_wait alert (its key is the episode's number, which the store knows). */
export function queueWaitData(overview: RealtimeOverview, thresholds: Thresholds): Record<string, unknown> {
  return {
    oldestWaitSeconds: Math.floor((overview.queue.oldestWaitMs ?? 0) / 1000),
    thresholdSeconds: thresholds.queueWaitSeconds,
    queueLength: overview.queue.length,
    oldestSessionId: overview.queue.sessions[0]?.sessionId ?? null,
  };
}

/** csat_low: CSAT today below the floor after at least the minimum of ratings, once per local day. */
export function csatAlerts(overview: RealtimeOverview, thresholds: Thresholds): AlertCandidate[] {
  const s = overview.today.satisfaction;
  if (s.total < thresholds.csatMinRatings || s.csat === null || s.csat * 100 >= thresholds.csatFloorPercent) return [];
  return [
    {
      kind: 'csat_low',
      key: overview.day,
      data: {
        day: overview.day,
        csatPercent: Math.round(s.csat * 10_000) / 100,
        ratings: s.total,
        floorPercent: thresholds.csatFloorPercent,
        minRatings: thresholds.csatMinRatings,
      },
    },
  ];
}

/** drops: each place of the server that lost events, once per count seen (a new drop, a new alert). */
export function dropAlerts(counts: readonly DropCount[], tenantId: string): AlertCandidate[] {
  return counts
    .filter((c) => c.dropped > 0 && (c.tenantId === null || c.tenantId === tenantId))
    .map((c) => ({ kind: 'drops', key: `${c.source}:${c.dropped}`, data: { source: c.source, dropped: c.dropped } }));
}

/** job_failing: each job failing twice or more in a row, once per streak. */
export function jobFailingAlerts(streaks: readonly FailingStreak[]): AlertCandidate[] {
  return streaks.map((s) => ({
    kind: 'job_failing',
    key: `${s.job}:${s.since.toISOString()}`,
    data: { job: s.job, failures: s.failures, since: s.since.toISOString(), lastError: s.lastError },
  }));
}
