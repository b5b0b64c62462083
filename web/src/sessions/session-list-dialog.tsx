// The sessions behind a count: exactly the rows of `sessions.list` for the clicked figure's filter, paged, exportable.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CsvLink } from '../components/csv-link.tsx';
import { DataTable, type Column } from '../components/data-table.tsx';
import { Dialog } from '../components/dialog.tsx';
import { Pager } from '../components/pager.tsx';
import { TimeZoneNote } from '../components/time-zone-note.tsx';
import { QueryState } from '../components/query-panel.tsx';
import { useFormat } from '../format/use-format.ts';
import { trpc, type RouterOutputs } from '../trpc.ts';
import { OutcomeBadge } from './outcome-badge.tsx';
import { SessionLink } from './session-link.tsx';
import type { SessionFilter } from './use-drill.ts';
import { dash } from '../format/formatters.ts';

type SessionSummary = RouterOutputs['sessions']['list']['items'][number];

const pageSize = 50;

interface SessionListDialogProps {
  filter: SessionFilter;
  title: string;
  page: number;
  onPage: (page: number) => void;
  onClose: () => void;
}

export function SessionListDialog({ filter, title, page, onPage, onClose }: SessionListDialogProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const input = { ...filter, page, size: pageSize };
  const list = useQuery({ ...trpc.sessions.list.queryOptions(input), placeholderData: keepPreviousData });
  const columns: Column<SessionSummary>[] = [
    { id: 'session', header: t('session.id'), cell: (s) => <SessionLink sessionId={s.sessionId} /> },
    { id: 'channel', header: t('session.channel'), cell: (s) => s.channel ?? dash },
    { id: 'started', header: t('session.started'), cell: (s) => f.dateTime(s.startedAt) },
    { id: 'ended', header: t('session.ended'), cell: (s) => f.dateTime(s.endedAt) },
    { id: 'outcome', header: t('session.outcome'), cell: (s) => <OutcomeBadge outcome={s.outcome} /> },
    { id: 'agent', header: t('session.agent'), cell: (s) => s.agentId ?? dash },
    { id: 'rating', header: t('session.rating'), numeric: true, cell: (s) => s.rating ?? dash },
  ];
  return (
    <Dialog
      title={t('drill.title', { title })}
      onClose={onClose}
      testId="drill-dialog"
      actions={
        <>
          <TimeZoneNote />
          <CsvLink path="sessions/list" input={input} fileName="sessions" />
        </>
      }
    >
      <QueryState query={list} isEmpty={(d) => d.total === 0} emptyText={t('drill.empty')}>
        {(data) => (
          <>
            <p className="muted">
              {t('drill.count', { count: data.total, formatted: f.count(data.total) })}
              <span hidden data-testid="drill-total">
                {data.total}
              </span>
            </p>
            <DataTable caption={t('drill.title', { title })} columns={columns} rows={data.items} rowKey={(s) => s.sessionId} testId="drill-table" />
            <Pager page={page} size={pageSize} total={data.total} onPage={onPage} label={t('drill.pages')} />
          </>
        )}
      </QueryState>
    </Dialog>
  );
}
