// The handoff queue: sessions the bot passed to humans and nobody has answered yet, longest wait first, waits ticking.
import type { RealtimeOverview } from '../../api/router-types.ts';
import { useTranslation } from 'react-i18next';
import { CsvLink } from '../../components/csv-link.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryPanel, type QueryOf } from '../../components/query-panel.tsx';
import { DrillCount } from '../../components/stat-card.tsx';
import { useNow } from '../../components/use-now.ts';
import { useFormat } from '../../format/use-format.ts';
import { SessionLink } from '../../sessions/session-link.tsx';
import { dash } from '../../format/formatters.ts';

type QueuedSession = RealtimeOverview['queue']['sessions'][number];

export function QueuePanel({ query }: { query: QueryOf<RealtimeOverview> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow(1000);
  const length = query.data?.queue.length;
  return (
    <QueryPanel
      title={t('queue.title')}
      cohort={t('cohort.queued')}
      query={query}
      testId="queue-panel"
      isEmpty={(o) => o.queue.length === 0}
      emptyText={t('queue.empty')}
      actions={
        length !== undefined ? (
          <>
            <DrillCount
              value={t('queue.all', { count: length, formatted: f.count(length) })}
              filter={{ cohort: 'queued' }}
              title={t('queue.title')}
            />
            <CsvLink path="sessions/list" input={{ cohort: 'queued', size: 100 }} fileName="handoff-queue" />
          </>
        ) : null
      }
    >
      {(o) => {
        // Waits were measured at `asOf`; they keep growing until the next poll.
        const drift = Math.max(0, now - new Date(o.asOf).getTime());
        const columns: Column<QueuedSession>[] = [
          { id: 'session', header: t('session.id'), cell: (s) => <SessionLink sessionId={s.sessionId} /> },
          { id: 'channel', header: t('session.channel'), cell: (s) => s.channel ?? dash },
          { id: 'agent', header: t('queue.assigned'), cell: (s) => s.agentId ?? t('queue.unassigned') },
          { id: 'since', header: t('queue.since'), cell: (s) => f.time(s.waitingSince) },
          { id: 'wait', header: t('queue.wait'), numeric: true, cell: (s) => <strong>{f.duration(s.waitMs + drift)}</strong> },
        ];
        return (
          <DataTable
            caption={t('queue.title')}
            columns={columns}
            rows={o.queue.sessions}
            rowKey={(s) => s.sessionId}
            testId="queue-table"
            maxHeight={340}
          />
        );
      }}
    </QueryPanel>
  );
}
