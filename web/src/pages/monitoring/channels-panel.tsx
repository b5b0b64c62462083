// Sessions per channel today and active now: a chart, and a table whose counts open their sessions.
import { useTranslation } from 'react-i18next';
import { Chart } from '../../charts/lazy-chart.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { QueryPanel, type QueryOf } from '../../components/query-panel.tsx';
import { DrillCount } from '../../components/stat-card.tsx';
import { useFormat } from '../../format/use-format.ts';
import type { RouterOutputs } from '../../trpc.ts';

type ChannelStats = RouterOutputs['realtime']['channels'];
type ChannelRow = ChannelStats['channels'][number];

export function ChannelsPanel({ query }: { query: QueryOf<ChannelStats> }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <QueryPanel
      title={t('channels.title')}
      cohort={t('channels.cohort')}
      query={query}
      testId="channels-panel"
      isEmpty={(c) => c.channels.length === 0}
      emptyText={t('channels.empty')}
    >
      {(c) => {
        const columns: Column<ChannelRow>[] = [
          { id: 'channel', header: t('session.channel'), rowHeader: true, cell: (ch) => ch.channel },
          {
            id: 'today',
            header: t('channels.sessionsToday'),
            numeric: true,
            cell: (ch) => (
              <DrillCount
                value={f.count(ch.sessionsToday)}
                filter={{ cohort: 'started', day: c.day, channel: [ch.channel] }}
                title={t('channels.drillToday', { channel: ch.channel })}
                testId={`channel-${ch.channel}-today`}
              />
            ),
          },
          {
            id: 'active',
            header: t('channels.activeNow'),
            numeric: true,
            cell: (ch) => (
              <DrillCount
                value={f.count(ch.activeNow)}
                filter={{ cohort: 'active', channel: [ch.channel] }}
                title={t('channels.drillActive', { channel: ch.channel })}
              />
            ),
          },
          { id: 'share', header: t('channels.share'), numeric: true, cell: (ch) => f.percent(ch.share) },
        ];
        return (
          <>
            <Chart
              rows={c.channels.map((ch) => ({ channel: ch.channel, sessionsToday: ch.sessionsToday, activeNow: ch.activeNow }))}
              xKey="channel"
              series={[
                { key: 'sessionsToday', label: t('channels.sessionsToday') },
                { key: 'activeNow', label: t('channels.activeNow') },
              ]}
              label={t('channels.title')}
              formatLeft={f.count}
              height={200}
            />
            <DataTable caption={t('channels.title')} columns={columns} rows={c.channels} rowKey={(ch) => ch.channel} testId="channels-table" />
          </>
        );
      }}
    </QueryPanel>
  );
}
