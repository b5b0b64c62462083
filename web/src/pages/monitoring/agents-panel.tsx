// The agents on duty: status badge, time in status (ticking), active sessions, handled today (opening its sessions),
// mean response and time online/busy/away today.
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryPanel, type QueryOf } from '../../components/query-panel.tsx';
import { DrillCount } from '../../components/stat-card.tsx';
import { useNow } from '../../components/use-now.ts';
import { useFormat } from '../../format/use-format.ts';
import type { RouterOutputs } from '../../trpc.ts';

type AgentStatusList = RouterOutputs['realtime']['agents'];
type AgentStatus = AgentStatusList['agents'][number];

export function AgentsPanel({ query }: { query: QueryOf<AgentStatusList> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow(1000);
  return (
    <QueryPanel
      title={t('agents.title')}
      cohort={t('agents.cohort')}
      query={query}
      testId="agents-panel"
      isEmpty={(a) => a.agents.length === 0}
      emptyText={t('agents.empty')}
    >
      {(a) => {
        // Times were measured at `asOf`; they keep growing until the next poll.
        const drift = Math.max(0, now - new Date(a.asOf).getTime());
        const who = (g: AgentStatus) => g.name ?? g.agentId;
        const columns: Column<AgentStatus>[] = [
          {
            id: 'agent',
            header: t('agents.agent'),
            rowHeader: true,
            cell: (g) => (
              <>
                {who(g)}
                {g.name ? <span className="muted"> · {g.agentId}</span> : null}
              </>
            ),
          },
          {
            id: 'status',
            header: t('agents.status'),
            cell: (g) => <span className={`badge badge-${g.status}`}>{t(`agentStatus.${g.status}`)}</span>,
          },
          { id: 'in', header: t('agents.inStatus'), numeric: true, cell: (g) => f.duration(g.inStatusMs === null ? null : g.inStatusMs + drift) },
          {
            id: 'active',
            header: t('agents.active'),
            numeric: true,
            cell: (g) => (
              <DrillCount
                value={f.count(g.activeSessions)}
                filter={{ cohort: 'active', agentId: [g.agentId] }}
                title={t('agents.drillActive', { agent: who(g) })}
              />
            ),
          },
          {
            id: 'handled',
            header: t('agents.handled'),
            numeric: true,
            cell: (g) => (
              <DrillCount
                value={f.count(g.handledToday)}
                filter={{ cohort: 'ended', outcome: ['agent'], agentId: [g.agentId], day: a.day }}
                title={t('agents.drillHandled', { agent: who(g) })}
                testId={`agent-${g.agentId}-handled`}
              />
            ),
          },
          { id: 'response', header: t('agents.meanResponse'), numeric: true, cell: (g) => f.duration(g.meanResponseMs) },
          { id: 'online', header: t('agents.online'), numeric: true, cell: (g) => f.duration(g.onlineMs) },
          { id: 'busy', header: t('agents.busy'), numeric: true, cell: (g) => f.duration(g.busyMs) },
          { id: 'away', header: t('agents.away'), numeric: true, cell: (g) => f.duration(g.awayMs) },
        ];
        return <DataTable caption={t('agents.title')} columns={columns} rows={a.agents} rowKey={(g) => g.agentId} testId="agents-table" />;
      }}
    </QueryPanel>
  );
}
