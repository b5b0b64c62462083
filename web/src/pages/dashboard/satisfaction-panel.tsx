// Satisfaction over the Dashboard's range: ratings by score (1..5, each opening its sessions), mean and CSAT against the range before.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../charts/lazy-chart.tsx';
import { ChangeBadge } from '../../components/change-badge.tsx';
import { QueryPanel } from '../../components/query-panel.tsx';
import { DrillCount } from '../../components/stat-card.tsx';
import { useFormat } from '../../format/use-format.ts';
import { useDrill } from '../../sessions/use-drill.ts';
import { trpc } from '../../trpc.ts';
import type { DashboardRange } from './range-switch.tsx';

const scores = [1, 2, 3, 4, 5] as const;

export function SatisfactionPanel({ range, period }: { range: DashboardRange; period: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const drill = useDrill();
  const query = useQuery(trpc.stats.satisfaction.queryOptions(range));
  return (
    <QueryPanel
      title={t('satisfaction.title')}
      cohort={t('cohort.rated', { period })}
      query={query}
      testId="satisfaction-panel"
      isEmpty={(d) => d.satisfaction.total === 0}
      emptyText={t('satisfaction.empty')}
    >
      {(d) => {
        const period = { from: d.from, to: d.to };
        const against = t('change.vsPreviousDays', { count: d.byDay.length });
        const rows = scores.map((s) => ({ score: String(s), ratings: d.satisfaction.counts[s] }));
        return (
          <>
            <dl className="facts">
              <dt>{t('satisfaction.csat')}</dt>
              <dd>
                <strong data-testid="satisfaction-csat">{f.percent(d.satisfaction.csat)}</strong>{' '}
                <ChangeBadge change={d.change.csat} previous={f.percent(d.previous.csat)} against={against} better="up" />
              </dd>
              <dt>{t('satisfaction.mean')}</dt>
              <dd>
                {f.decimal(d.satisfaction.mean, 2)}{' '}
                <ChangeBadge change={d.change.mean} previous={f.decimal(d.previous.mean, 2)} against={against} better="up" />
              </dd>
              <dt>{t('satisfaction.total')}</dt>
              <dd>
                <DrillCount
                  value={f.count(d.satisfaction.total)}
                  filter={{ cohort: 'rated', ...period }}
                  title={t('satisfaction.total')}
                  testId="satisfaction-total"
                />
              </dd>
            </dl>
            <Chart
              rows={rows}
              xKey="score"
              series={[{ key: 'ratings', label: t('satisfaction.ratings') }]}
              label={t('satisfaction.chartLabel')}
              formatX={(s) => t('satisfaction.stars', { count: Number(s) })}
              formatLeft={f.count}
              height={190}
              onSelect={(row) =>
                drill({ cohort: 'rated', score: [Number(row.score)], ...period }, t('satisfaction.stars', { count: Number(row.score) }))
              }
            />
          </>
        );
      }}
    </QueryPanel>
  );
}
