// Dashboard: today against yesterday (same local time), the trend of a range (the last 7/30/90 days or any from–to)
// against the range of equal length before it, satisfaction, the AI vs human split and what a resolution costs.
// Every card names the cohort it counts; the head names the tenant's time zone the days are in.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can, useSession } from '../../auth/session.ts';
import { QueryPanel } from '../../components/query-panel.tsx';
import { TimeZoneNote } from '../../components/time-zone-note.tsx';
import { FigureCards } from '../../figures/figure-cards.tsx';
import { useFormat } from '../../format/use-format.ts';
import { trpc } from '../../trpc.ts';
import { CostPanel } from './cost-panel.tsx';
import { OutcomeSplitPanel } from './outcome-split-panel.tsx';
import { RangeSwitch, rangeOf, useRangeLabels, writeRange } from './range-switch.tsx';
import { SatisfactionPanel } from './satisfaction-panel.tsx';
import { TrendPanel } from './trend-panel.tsx';

const todayKeys = [
  'sessions',
  'ended',
  'aiResolved',
  'agentHandled',
  'abandoned',
  'aiResolutionRate',
  'transferRate',
  'aiResponseMs.p50',
  'agentFirstResponseMs.p50',
  'satisfaction.csat',
] as const;

const rangeKeys = [
  'sessions',
  'ended',
  'aiResolved',
  'agentHandled',
  'abandoned',
  'aiResolutionRate',
  'transferred',
  'aiResponseMs.p90',
  'agentFirstResponseMs.p90',
  'satisfaction.mean',
] as const;

export default function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const range = rangeOf(params);
  const today = useQuery({ ...trpc.stats.today.queryOptions(), refetchInterval: 30_000 });
  const trend = useQuery(trpc.stats.trend.queryOptions(range));
  const labels = useRangeLabels(range, trend.data?.days);

  return (
    <div className="page" data-testid="dashboard-page">
      <div className="page-head">
        <h1>{t('dashboard.title')}</h1>
        <TimeZoneNote zone={trend.data?.timeZone ?? today.data?.timeZone} />
        <div className="page-tools">
          <RangeSwitch range={range} shown={trend.data} onChange={(next) => setParams((p) => writeRange(p, next))} />
        </div>
      </div>

      <QueryPanel
        title={t('dashboard.today')}
        cohort={today.data ? t('dashboard.todayAsOf', { day: f.day(today.data.day), time: f.time(today.data.asOf) }) : undefined}
        query={today}
        testId="today-panel"
      >
        {(d) => (
          <FigureCards
            figures={d.figures}
            keys={todayKeys}
            period={{ day: d.day }}
            against={t('change.vsYesterday', { time: f.time(d.previousTo) })}
            periodLabel={t('period.today')}
            testIdPrefix="today"
          />
        )}
      </QueryPanel>

      <QueryPanel
        title={labels.title}
        cohort={trend.data ? t('dashboard.rangeSpan', { from: f.day(trend.data.from), to: f.day(trend.data.to) }) : undefined}
        query={trend}
        testId="range-panel"
      >
        {(d) => (
          <FigureCards
            figures={d.figures}
            keys={rangeKeys}
            period={{ from: d.from, to: d.to }}
            against={t('change.vsPreviousRange', { from: f.day(d.previousFrom), to: f.day(d.previousTo) })}
            periodLabel={labels.period}
            testIdPrefix="range"
          />
        )}
      </QueryPanel>

      <TrendPanel range={range} period={labels.period} query={trend} />

      <div className="grid grid-3">
        <SatisfactionPanel range={range} period={labels.period} />
        <OutcomeSplitPanel query={trend} period={labels.period} />
        {user && can.seeBilling(user.role) && trend.data ? <CostPanel from={trend.data.from} to={trend.data.to} period={labels.period} /> : null}
      </div>
    </div>
  );
}
