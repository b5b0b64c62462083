// Token usage by model or Coze bot: a chart and a table; a subject without a price reads "no price" (never 0),
// with a link for admins to set one.
import type { BillingUsage } from '../../api/router-types.ts';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Chart } from '../../charts/lazy-chart.tsx';
import { CsvLink } from '../../components/csv-link.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryPanel, type QueryOf } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { MoneyList } from './money-list.tsx';
import { tokenColumns, tokenSeries } from './token-columns.tsx';

type Subject = BillingUsage['models'][number];

export function UsageByModelPanel({ query, canSetPrice }: { query: QueryOf<BillingUsage>; canSetPrice: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [, setParams] = useSearchParams();
  const openPrice = (subject: string) =>
    setParams((p) => {
      p.set('setPrice', subject);
      return p;
    });
  const columns: Column<Subject>[] = [
    {
      id: 'subject',
      header: t('usage.subject'),
      rowHeader: true,
      cell: (m) => (
        <>
          {m.name} <span className="muted">· {t(`usage.kind.${m.kind}`)}</span>
        </>
      ),
    },
    ...tokenColumns(t, f),
    {
      id: 'cost',
      header: t('usage.cost'),
      wrap: true,
      cell: (m) => (
        <span data-testid={m.costs.length === 0 ? 'no-price' : undefined}>
          {m.costs.length === 0 ? (
            <span className="badge badge-fail">{t('billing.noPrice')}</span>
          ) : (
            <MoneyList costs={m.costs} unpricedTokens={m.unpricedTokens} />
          )}
          {m.unpricedTokens > 0 && canSetPrice ? (
            <>
              {' '}
              <button type="button" className="link" onClick={() => openPrice(`${m.kind}:${m.name}`)} data-testid="set-price">
                {t('billing.setPrice')}
              </button>
            </>
          ) : null}
        </span>
      ),
    },
  ];
  return (
    <QueryPanel
      title={t('usage.byModel')}
      cohort={query.data ? t('usage.cohort', { from: f.day(query.data.from), to: f.day(query.data.to) }) : undefined}
      query={query}
      testId="usage-model-panel"
      isEmpty={(u) => u.models.length === 0}
      emptyText={t('usage.empty')}
      actions={
        query.data ? <CsvLink path="billing/usage" input={{ from: query.data.from, to: query.data.to }} fileName="token-usage-by-model" /> : null
      }
    >
      {(u) => (
        <>
          <Chart
            rows={u.models.map((m) => ({ name: m.name, input: m.inputTokens, output: m.outputTokens }))}
            xKey="name"
            series={tokenSeries(t)}
            label={t('usage.byModel')}
            formatLeft={f.count}
            layout="vertical"
            height={Math.max(140, u.models.length * 34 + 50)}
          />
          <DataTable
            caption={t('usage.byModel')}
            columns={columns}
            rows={u.models}
            rowKey={(m) => `${m.kind}:${m.name}`}
            testId="usage-model-table"
          />
        </>
      )}
    </QueryPanel>
  );
}
