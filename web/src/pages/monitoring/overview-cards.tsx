// The wall's top cards: live state (active, queue, agents) and today's figures, each count opening its sessions.
import type { RealtimeOverview } from '../../api/router-types.ts';
import { useTranslation } from 'react-i18next';
import { QueryState, type QueryOf } from '../../components/query-panel.tsx';
import { PercentileNote } from '../../components/percentile-note.tsx';
import { StatCard } from '../../components/stat-card.tsx';
import { useFormat } from '../../format/use-format.ts';

export function OverviewCards({ query }: { query: QueryOf<RealtimeOverview> }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section aria-label={t('monitoring.overview')} data-testid="overview">
      <QueryState query={query}>
        {(o) => {
          const today = { day: o.day };
          const periodToday = t('period.today');
          return (
            <div className="grid grid-cards">
              <StatCard
                testId="live-active"
                label={t('monitoring.active')}
                value={f.count(o.activeSessions)}
                drill={{ cohort: 'active' }}
                cohort={t('cohort.active')}
              />
              <StatCard
                testId="live-queue"
                label={t('monitoring.queue')}
                value={f.count(o.queue.length)}
                drill={{ cohort: 'queued' }}
                hint={t('monitoring.oldestWait', { wait: f.duration(o.queue.oldestWaitMs) })}
                cohort={t('cohort.queued')}
              />
              <StatCard
                testId="live-sessions"
                label={t('monitoring.sessionsToday')}
                value={f.count(o.today.sessions)}
                drill={{ cohort: 'started', ...today }}
                cohort={t('cohort.started', { period: periodToday })}
              />
              <StatCard
                testId="live-ai-rate"
                label={t('monitoring.aiResolutionRate')}
                value={f.percent(o.today.aiResolutionRate)}
                hint={t('monitoring.aiResolvedOf', { resolved: f.count(o.today.aiResolved), ended: f.count(o.today.ended) })}
                cohort={t('cohort.ended', { period: periodToday })}
              />
              <StatCard
                testId="live-ai-resolved"
                label={t('monitoring.aiResolved')}
                value={f.count(o.today.aiResolved)}
                drill={{ cohort: 'ended', outcome: ['ai'], ...today }}
                cohort={t('cohort.ended', { period: periodToday })}
              />
              <StatCard
                testId="live-ai-response"
                label={t('monitoring.aiResponse')}
                value={f.duration(o.today.aiResponseMs.p50)}
                hint={
                  <>
                    {t('monitoring.aiResponseHint', { mean: f.duration(o.today.aiResponseMs.mean), p90: f.duration(o.today.aiResponseMs.p90) })}
                    <br />
                    <PercentileNote />
                  </>
                }
                cohort={t('cohort.events', { period: periodToday })}
              />
              <StatCard
                testId="live-csat"
                label={t('monitoring.csat')}
                value={f.percent(o.today.satisfaction.csat)}
                hint={t('monitoring.ratings', { count: o.today.satisfaction.total, formatted: f.count(o.today.satisfaction.total) })}
                cohort={t('cohort.rated', { period: periodToday })}
              />
              <div className="card" data-testid="live-agents">
                <span className="card-label">{t('monitoring.agents')}</span>
                <span className="agent-counts">
                  {(['online', 'busy', 'away'] as const).map((s) => (
                    <span key={s}>
                      <span className="card-value" data-testid={`live-agents-${s}`}>
                        {f.count(o.agents[s])}
                      </span>{' '}
                      <span className={`badge badge-${s}`}>{t(`agentStatus.${s}`)}</span>
                    </span>
                  ))}
                </span>
                <span className="card-cohort">{t('cohort.agentsNow')}</span>
              </div>
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}
