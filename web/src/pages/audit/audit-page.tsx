// Quality audit: summary cards, issues by code, the audit records (server-side paging, search, multi-select filters
// kept in the URL) and a review dialog with the session's timeline beside the audit.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { TimeZoneNote } from '../../components/time-zone-note.tsx';
import { trpc } from '../../trpc.ts';
import { AuditFilterBar } from './audit-filter-bar.tsx';
import { readFilters, recordsInput, writeFilters, type AuditFilters } from './audit-filters-state.ts';
import { AuditSummaryCards } from './audit-summary-cards.tsx';
import { IssuesPanel } from './issues-panel.tsx';
import { RecordsPanel } from './records-panel.tsx';
import { ReviewDialog } from './review-dialog.tsx';

export default function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const range = { from: filters.from || undefined, to: filters.to || undefined };
  const summary = useQuery(trpc.quality.summary.queryOptions(range));
  const input = recordsInput(filters);
  const records = useQuery({ ...trpc.quality.records.queryOptions(input), placeholderData: keepPreviousData });
  const auditId = params.get('audit');
  const auditSession = params.get('auditSession');

  const setFilters = (next: Partial<AuditFilters>) =>
    // Any change of filter goes back to the first page; only paging keeps the page.
    setParams((p) => writeFilters(p, { ...filters, page: 1, ...next }));
  const setAudit = (audit: { id: string; sessionId: string } | null) =>
    setParams((p) => {
      if (audit) {
        p.set('audit', audit.id);
        p.set('auditSession', audit.sessionId);
      } else {
        p.delete('audit');
        p.delete('auditSession');
      }
      return p;
    });

  return (
    <div className="page" data-testid="audit-page">
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
        <TimeZoneNote />
      </div>
      <AuditSummaryCards query={summary} onAwaiting={() => setFilters({ status: ['awaiting_review'] })} />
      <div className="grid grid-records">
        <RecordsPanel
          query={records}
          input={input}
          filters={filters}
          onPage={(page) => setFilters({ page })}
          onOpen={setAudit}
          filterBar={<AuditFilterBar filters={filters} onChange={setFilters} />}
          passThreshold={summary.data?.passThreshold}
        />
        <IssuesPanel query={summary} onCode={(code) => setFilters({ search: code })} />
      </div>
      {auditId && auditSession ? (
        <ReviewDialog auditId={auditId} sessionId={auditSession} passThreshold={summary.data?.passThreshold} onClose={() => setAudit(null)} />
      ) : null}
    </div>
  );
}
