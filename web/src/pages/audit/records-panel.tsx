// The audit records table: one page from the server at a time, its filters above, and a CSV of the same input
// (page included), so the file holds exactly the rows on screen.
import type { QualityAuditRecord, QualityRecordsInput } from '../../api/router-types.ts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CsvLink } from '../../components/csv-link.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Pager } from '../../components/pager.tsx';
import { QueryPanel, type QueryOf } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { pageSize, type AuditFilters } from './audit-filters-state.ts';
import { issueLabel } from './issue-label.ts';
import { ScoreBadge } from './score-badge.tsx';
import { dash } from '../../format/formatters.ts';
import type { RouterOutputs } from '../../trpc.ts';

type QualityRecordsPage = RouterOutputs['quality']['records'];

interface RecordsPanelProps {
  query: QueryOf<QualityRecordsPage>;
  input: QualityRecordsInput;
  filters: AuditFilters;
  onPage: (page: number) => void;
  onOpen: (audit: { id: string; sessionId: string }) => void;
  filterBar: ReactNode;
  /** From `quality.summary`: a final score at or above it passes. */
  passThreshold: number | undefined;
}

export function RecordsPanel({ query, input, filters, onPage, onOpen, filterBar, passThreshold }: RecordsPanelProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns: Column<QualityAuditRecord>[] = [
    {
      id: 'session',
      header: t('session.id'),
      cell: (r) => (
        <button type="button" className="link" onClick={() => onOpen(r)} aria-label={t('audit.openRecord', { id: r.sessionId })}>
          {r.sessionId}
        </button>
      ),
    },
    { id: 'agent', header: t('session.agent'), cell: (r) => r.agentId ?? t('audit.bot') },
    { id: 'channel', header: t('session.channel'), cell: (r) => r.channel ?? dash },
    { id: 'source', header: t('audit.source'), cell: (r) => t(`auditSource.${r.source}`) },
    { id: 'score', header: t('audit.score'), numeric: true, cell: (r) => f.count(r.score) },
    { id: 'final', header: t('audit.finalScore'), numeric: true, cell: (r) => <ScoreBadge score={r.finalScore} passThreshold={passThreshold} /> },
    { id: 'status', header: t('audit.status'), cell: (r) => t(`auditStatus.${r.status}`) },
    { id: 'issues', header: t('audit.issueCodes'), cell: (r) => r.issues.map((i) => issueLabel(t, i.code)).join(t('list.separator')) || dash },
    { id: 'ended', header: t('audit.endedAt'), cell: (r) => f.dateTime(r.sessionEndedAt) },
  ];
  return (
    <QueryPanel
      title={t('audit.records')}
      cohort={t('audit.recordsCohort')}
      query={query}
      testId="records-panel"
      actions={<CsvLink path="quality/records" input={input} fileName="audit-records" />}
      isEmpty={() => false}
    >
      {(d) => (
        <>
          {filterBar}
          {d.items.length === 0 ? (
            <p className="state state-empty">{t('audit.noRecords')}</p>
          ) : (
            <DataTable
              caption={t('audit.records')}
              columns={columns}
              rows={d.items}
              rowKey={(r) => r.id}
              testId="records-table"
              busy={query.isFetching}
              rowData={(r) => ({ 'data-session': r.sessionId })}
            />
          )}
          <Pager page={filters.page} size={pageSize} total={d.total} onPage={onPage} label={t('audit.records')} />
        </>
      )}
    </QueryPanel>
  );
}
