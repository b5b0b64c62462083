// The trend chart of the range, one view at a time: volume and outcomes, response times (p50/p90), satisfaction.
// A bar opens the sessions behind it; the CSV is the same `stats.trend` call.
import type { Trend } from '../../api/router-types.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../charts/lazy-chart.tsx';
import type { Row, Series } from '../../charts/series.ts';
import { CsvLink } from '../../components/csv-link.tsx';
import { PercentileNote } from '../../components/percentile-note.tsx';
import { QueryPanel, type QueryOf } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { useDrill, type SessionFilter } from '../../sessions/use-drill.ts';
import type { DashboardRange } from './range-switch.tsx';

const views = ['volume', 'response', 'satisfaction'] as const;
type View = (typeof views)[number];

/** The sessions a bar of a day counts (the cohort of its series). */
const drillOf: Record<string, (day: string) => SessionFilter> = {
  aiResolved: (day) => ({ cohort: 'ended', outcome: ['ai'], day }),
  agentHandled: (day) => ({ cohort: 'ended', outcome: ['agent'], day }),
  abandoned: (day) => ({ cohort: 'ended', outcome: ['abandoned'], day }),
  ratings: (day) => ({ cohort: 'rated', day }),
};

export function TrendPanel({ range, period, query }: { range: DashboardRange; period: string; query: QueryOf<Trend> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const drill = useDrill();
  const [view, setView] = useState<View>('volume');

  const series: Record<View, Series[]> = {
    volume: [
      { key: 'aiResolved', label: t('trend.aiResolved'), stack: 'ended' },
      { key: 'agentHandled', label: t('trend.agentHandled'), stack: 'ended' },
      { key: 'abandoned', label: t('trend.abandoned'), stack: 'ended' },
      { key: 'sessions', label: t('trend.sessions'), kind: 'line', color: 'text' },
    ],
    response: [
      { key: 'aiP50', label: t('trend.aiP50'), kind: 'line' },
      { key: 'aiP90', label: t('trend.aiP90'), kind: 'line' },
      { key: 'agentP50', label: t('trend.agentP50'), kind: 'line' },
      { key: 'agentP90', label: t('trend.agentP90'), kind: 'line' },
    ],
    satisfaction: [
      { key: 'ratings', label: t('trend.ratings') },
      { key: 'csat', label: t('trend.csat'), kind: 'line', axis: 'right' },
    ],
  };
  const rowsOf = (d: Trend): Row[] =>
    d.rows.map((r) => ({
      day: r.day,
      sessions: r.sessions,
      aiResolved: r.aiResolved,
      agentHandled: r.agentHandled,
      abandoned: r.abandoned,
      aiP50: r.aiResponseMs.p50,
      aiP90: r.aiResponseMs.p90,
      agentP50: r.agentFirstResponseMs.p50,
      agentP90: r.agentFirstResponseMs.p90,
      ratings: r.satisfaction.total,
      csat: r.satisfaction.csat,
    }));

  return (
    <QueryPanel
      title={t('trend.title')}
      cohort={t(`trend.cohort.${view}`)}
      query={query}
      testId="trend-panel"
      isEmpty={(d) => d.rows.length === 0}
      actions={
        <>
          <div className="segmented" role="group" aria-label={t('trend.viewLabel')}>
            {views.map((v) => (
              <button key={v} type="button" aria-pressed={v === view} onClick={() => setView(v)}>
                {t(`trend.view.${v}`)}
              </button>
            ))}
          </div>
          {view === 'response' ? <PercentileNote /> : null}
          <CsvLink path="stats/trend" input={range} fileName={range.days ? `trend-${range.days}d` : `trend-${range.from}-${range.to}`} />
        </>
      }
    >
      {(d) => (
        <Chart
          rows={rowsOf(d)}
          xKey="day"
          series={series[view]}
          label={t('trend.chartLabel', { view: t(`trend.view.${view}`), period })}
          formatX={f.shortDay}
          formatLeft={view === 'response' ? f.duration : f.count}
          formatRight={(v) => f.percent(v, 0)}
          onSelect={(row, key) => {
            const of = drillOf[key];
            if (of) drill(of(String(row.day)), t('trend.drillTitle', { series: t(`trend.${key}` as 'trend.ratings'), day: f.day(String(row.day)) }));
          }}
          height={280}
        />
      )}
    </QueryPanel>
  );
}
