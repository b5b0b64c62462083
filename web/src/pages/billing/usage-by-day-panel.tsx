// Token usage and cost by local day: a stacked chart of input and output tokens, and a table of the days (newest
// first); the CSV is the same `billing.usage` call.
import type { BillingUsage } from '../../api/router-types.ts';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../charts/lazy-chart.tsx';
import { CsvLink } from '../../components/csv-link.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryPanel, type QueryOf } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { MoneyList } from './money-list.tsx';
import { tokenColumns, tokenSeries } from './token-columns.tsx';

interface UsageByDayPanelProps {
  query: QueryOf<BillingUsage>;
  range: { from?: string; to?: string };
}

export function UsageByDayPanel({ query, range }: UsageByDayPanelProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns: Column<BillingUsage['days'][number]>[] = [
    { id: 'day', header: t('usage.day'), rowHeader: true, cell: (d) => f.day(d.day) },
    ...tokenColumns(t, f),
    { id: 'cost', header: t('usage.cost'), cell: (d) => <MoneyList costs={d.costs} unpricedTokens={d.unpricedTokens} /> },
  ];
  return (
    <QueryPanel
      title={t('usage.byDay')}
      cohort={query.data ? t('usage.cohort', { from: f.day(query.data.from), to: f.day(query.data.to) }) : undefined}
      query={query}
      testId="usage-day-panel"
      isEmpty={(u) => u.totalTokens === 0}
      emptyText={t('usage.empty')}
      actions={<CsvLink path="billing/usage" input={range} fileName="token-usage" />}
    >
      {(u) => (
        <>
          {u.unpriced.totalTokens > 0 ? (
            <p className="banner banner-warn" data-testid="unpriced-banner">
              {t('usage.unpricedBanner', {
                tokens: f.count(u.unpriced.totalTokens),
                names: u.unpriced.subjects.map((s) => s.name).join(', '),
              })}
            </p>
          ) : null}
          <p>
            {t('usage.total', { tokens: f.count(u.totalTokens), input: f.count(u.inputTokens), output: f.count(u.outputTokens) })} ·{' '}
            <MoneyList costs={u.costs} unpricedTokens={u.unpricedTokens} />
          </p>
          <Chart
            rows={u.days.map((d) => ({ day: d.day, input: d.inputTokens, output: d.outputTokens }))}
            xKey="day"
            series={tokenSeries(t)}
            label={t('usage.byDay')}
            formatX={f.shortDay}
            formatLeft={f.count}
            height={220}
          />
          <DataTable
            caption={t('usage.byDay')}
            columns={columns}
            rows={[...u.days].reverse()}
            rowKey={(d) => d.day}
            testId="usage-day-table"
            maxHeight={360}
          />
        </>
      )}
    </QueryPanel>
  );
}
