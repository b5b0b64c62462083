// Issues by code, most frequent first; a code filters the records to the audits that raised it.
import type { QualitySummary } from '../../api/router-types.ts';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../charts/lazy-chart.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryPanel, type QueryOf } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { issueLabel } from './issue-label.ts';

export function IssuesPanel({ query, onCode }: { query: QueryOf<QualitySummary>; onCode: (code: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns: Column<{ code: string; count: number }>[] = [
    {
      id: 'code',
      header: t('audit.issueCode'),
      cell: (i) => (
        <button type="button" className="link" onClick={() => onCode(i.code)} title={i.code}>
          {issueLabel(t, i.code)}
        </button>
      ),
    },
    { id: 'count', header: t('audit.issueCount'), numeric: true, cell: (i) => f.count(i.count) },
  ];
  return (
    <QueryPanel
      title={t('audit.issues')}
      cohort={t('audit.issuesCohort')}
      query={query}
      testId="issues-panel"
      isEmpty={(s) => s.issuesByCode.length === 0}
      emptyText={t('audit.noIssues')}
    >
      {(s) => (
        <>
          <Chart
            rows={s.issuesByCode.slice(0, 8).map((i) => ({ code: i.code, count: i.count }))}
            xKey="code"
            series={[{ key: 'count', label: t('audit.issueCount') }]}
            label={t('audit.issues')}
            formatX={(code) => issueLabel(t, code)}
            formatLeft={f.count}
            layout="vertical"
            height={Math.max(140, Math.min(8, s.issuesByCode.length) * 30 + 40)}
            onSelect={(row) => onCode(String(row.code))}
          />
          <DataTable caption={t('audit.issues')} columns={columns} rows={s.issuesByCode} rowKey={(i) => i.code} testId="issues-table" />
        </>
      )}
    </QueryPanel>
  );
}
