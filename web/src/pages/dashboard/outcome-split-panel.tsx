// AI vs human: how the range's ended sessions turned out (AI resolved, agent handled, abandoned), each count
// opening its sessions, with its share of all ended sessions.
import type { Trend } from '../../api/router-types.ts';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../charts/lazy-chart.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryPanel, type QueryOf } from '../../components/query-panel.tsx';
import { DrillCount } from '../../components/stat-card.tsx';
import { useFormat } from '../../format/use-format.ts';

const outcomes = [
  { key: 'aiResolved', outcome: 'ai' },
  { key: 'agentHandled', outcome: 'agent' },
  { key: 'abandoned', outcome: 'abandoned' },
] as const;

export function OutcomeSplitPanel({ query, period }: { query: QueryOf<Trend>; period: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <QueryPanel
      title={t('split.title')}
      cohort={t('cohort.ended', { period })}
      query={query}
      testId="split-panel"
      isEmpty={(d) => d.totals.ended === 0}
    >
      {(d) => {
        const rows = outcomes.map((o) => ({ name: t(`split.${o.key}`), count: d.totals[o.key] }));
        const columns: Column<(typeof outcomes)[number]>[] = [
          { id: 'outcome', header: t('split.outcome'), rowHeader: true, cell: (o) => t(`split.${o.key}`) },
          {
            id: 'sessions',
            header: t('split.sessions'),
            numeric: true,
            cell: (o) => (
              <DrillCount
                value={f.count(d.totals[o.key])}
                filter={{ cohort: 'ended', outcome: [o.outcome], from: d.from, to: d.to }}
                title={t(`split.${o.key}`)}
                testId={`split-${o.key}`}
              />
            ),
          },
          { id: 'share', header: t('split.share'), numeric: true, cell: (o) => f.percent(d.totals.ended ? d.totals[o.key] / d.totals.ended : null) },
        ];
        return (
          <>
            <DataTable caption={t('split.title')} columns={columns} rows={outcomes} rowKey={(o) => o.key} testId="split-table" />
            <Chart
              rows={rows}
              xKey="name"
              series={[{ key: 'count', label: t('split.sessions') }]}
              label={t('split.title')}
              formatLeft={f.count}
              layout="vertical"
              height={150}
            />
          </>
        );
      }}
    </QueryPanel>
  );
}
