// The check-alerts job (every minute): for each tenant with an enabled subscription, checks every alert kind, fires
// what is due (each once: the store's unique key holds across restarts and instances), then posts the outbox.
import type { BillingStats } from '../billing/billing-stats.ts';
import { DomainError } from '../errors.ts';
import type { Job, JobSummary } from '../jobs/job.ts';
import type { Logger } from '../logger.ts';
import type { RealtimeOverview } from '../realtime/models.ts';
import type { RealtimeStats } from '../realtime/realtime-stats.ts';
import { csatAlerts, dropAlerts, jobFailingAlerts, quotaAlerts, queueWaitAbove, queueWaitData, type AlertCandidate } from './alert-checks.ts';
import type { AlertDispatcher } from './alert-dispatcher.ts';
import type { DropSource, JobStreaks } from './alert-sources.ts';
import type { AlertStore } from './alert-store.ts';
import type { Alerts } from './alerts.ts';
import type { Thresholds } from './models.ts';

export interface CheckAlertsDeps {
  readonly alerts: Alerts;
  readonly store: AlertStore;
  readonly dispatcher: AlertDispatcher;
  readonly billing: Pick<BillingStats, 'getQuota'>;
  readonly realtime: Pick<RealtimeStats, 'getOverview'>;
  readonly drops: DropSource;
  readonly jobs: JobStreaks;
  readonly logger: Logger;
}

/** Failed runs in a row that make a job_failing alert. */
const FAILURES_IN_A_ROW = 2;

export class CheckAlerts implements Job {
  readonly name = 'check-alerts';
  readonly #d: CheckAlertsDeps;

  constructor(deps: CheckAlertsDeps) {
    this.#d = deps;
  }

  async run(now: Date): Promise<JobSummary> {
    const { store, logger } = this.#d;
    const tenants = await store.subscribedTenants();
    const streaks = tenants.length ? await this.#d.jobs.failingStreaks(FAILURES_IN_A_ROW) : [];
    const drops = this.#d.drops.dropCounts();
    const fired: string[] = [];
    let errors = 0;
    for (const tenantId of tenants) {
      // One read of the live overview and the thresholds serves the queue and CSAT checks.
      let live: Promise<[RealtimeOverview, Thresholds]> | undefined;
      const figures = () => (live ??= Promise.all([this.#d.realtime.getOverview(tenantId), this.#d.alerts.thresholds(tenantId)]));
      const checks: Array<[string, () => Promise<AlertCandidate[]>]> = [
        ['quota', () => this.#quota(tenantId)],
        ['queue_wait', async () => this.#queueWait(tenantId, now, ...(await figures()))],
        ['csat_low', async () => csatAlerts(...(await figures()))],
        ['drops', async () => dropAlerts(drops, tenantId)],
        ['job_failing', async () => jobFailingAlerts(streaks)],
      ];
      for (const [kind, check] of checks) {
        try {
          for (const candidate of await check()) {
            if (await this.#d.alerts.fire(tenantId, candidate)) fired.push(`${tenantId}:${candidate.kind}:${candidate.key}`);
          }
        } catch (err) {
          // One kind failing for one tenant does not keep the others from being checked; the run reports it.
          errors++;
          logger.warn('alert check failed', { tenantId, kind, error: (err as Error)?.message ?? String(err) });
        }
      }
    }
    const sent = await this.#d.dispatcher.dispatchPending();
    if (errors > 0 && errors === tenants.length * 5) throw new Error(`every alert check failed (${errors})`);
    return { tenants: tenants.length, fired, delivered: sent.delivered, failed: sent.failed, checkErrors: errors };
  }

  async #quota(tenantId: string): Promise<AlertCandidate[]> {
    try {
      return quotaAlerts(await this.#d.billing.getQuota(tenantId));
    } catch (err) {
      // A tenant known only by its events has no record, so no plan and no quota.
      if (DomainError.is(err) && err.code === 'NOT_FOUND') return [];
      throw err;
    }
  }

  /** An episode opens (and fires once) when the wait goes above the threshold, and closes when it drops back. */
  async #queueWait(tenantId: string, now: Date, overview: RealtimeOverview, thresholds: Thresholds): Promise<AlertCandidate[]> {
    const { store } = this.#d;
    if (!queueWaitAbove(overview, thresholds)) {
      await store.closeEpisode(tenantId, 'queue_wait', now);
      return [];
    }
    if (await store.episodeOpen(tenantId, 'queue_wait')) return [];
    const episode = (await store.firedCount(tenantId, 'queue_wait')) + 1;
    return [{ kind: 'queue_wait', key: `episode:${episode}`, data: queueWaitData(overview, thresholds) }];
  }
}
