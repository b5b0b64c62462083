// The quota gauge: allowance, used, remaining, percent and projected run-out of this monthly period, with a warning
// for each threshold the server says the period has crossed.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryPanel } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { trpc } from '../../trpc.ts';

export function QuotaPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const quota = useQuery(trpc.billing.quota.queryOptions());
  return (
    <QueryPanel
      title={t('quota.title')}
      cohort={quota.data ? t('quota.period', { from: f.day(quota.data.periodStart), to: f.day(quota.data.periodEnd) }) : undefined}
      query={quota}
      testId="quota-panel"
    >
      {(q) => {
        const highest = q.thresholdsCrossed.length ? Math.max(...q.thresholdsCrossed) : null;
        const worst = q.thresholdsCrossed.length > 1;
        const percent = q.percent ?? 0;
        return (
          <>
            {highest !== null ? (
              <p className={`banner ${worst ? 'banner-bad' : 'banner-warn'}`} role="alert" data-testid="quota-warning">
                {t('quota.crossed', { percent: f.percent(highest / 100, 0) })}
              </p>
            ) : null}
            {q.allowance === null ? (
              <p className="state state-empty">{t('quota.noPlan')}</p>
            ) : (
              <div
                className="gauge"
                role="meter"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.min(100, percent)}
                aria-valuetext={f.percent(percent / 100)}
                aria-label={t('quota.used')}
              >
                <div className={`gauge-fill ${worst ? 'bad' : highest !== null ? 'warn' : ''}`} style={{ width: `${Math.min(100, percent)}%` }} />
              </div>
            )}
            <dl className="facts" style={{ marginTop: 12 }}>
              <dt>{t('quota.plan')}</dt>
              <dd>{q.planName ?? t('quota.noPlanName')}</dd>
              <dt>{t('quota.allowance')}</dt>
              <dd className="num">{f.count(q.allowance)}</dd>
              <dt>{t('quota.used')}</dt>
              <dd className="num" data-testid="quota-used">
                {f.count(q.used)} ({f.percent(q.percent === null ? null : q.percent / 100)})
              </dd>
              <dt>{t('quota.remaining')}</dt>
              <dd className="num">{f.count(q.remaining)}</dd>
              <dt>{t('quota.projected')}</dt>
              <dd className="num">{f.count(q.projectedUse)}</dd>
              <dt>{t('quota.runOut')}</dt>
              <dd>{q.projectedRunOut ? f.day(q.projectedRunOut) : t('quota.notThisPeriod')}</dd>
            </dl>
          </>
        );
      }}
    </QueryPanel>
  );
}
