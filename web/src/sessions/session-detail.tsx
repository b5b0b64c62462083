// `sessions.get` rendered: facts, outcome, its token usage and cost (priced at each usage's instant), its audits, and
// the event timeline.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/query-panel.tsx';
import { useFormat } from '../format/use-format.ts';
import { trpc } from '../trpc.ts';
import { EventLine } from './event-line.tsx';
import { OutcomeBadge } from './outcome-badge.tsx';
import { dash } from '../format/formatters.ts';
import { SessionAudits } from './session-audits.tsx';
import { SessionCost, SessionUsageTable } from './session-usage.tsx';

export function SessionDetail({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const detail = useQuery(trpc.sessions.get.queryOptions({ sessionId }));
  return (
    <QueryState query={detail}>
      {(s) => (
        <div data-testid="session-detail">
          <dl className="facts">
            <dt>{t('session.outcome')}</dt>
            <dd>
              <OutcomeBadge outcome={s.session.outcome} />
            </dd>
            <dt>{t('session.channel')}</dt>
            <dd>{s.session.channel ?? dash}</dd>
            <dt>{t('session.started')}</dt>
            <dd>{f.dateTime(s.session.startedAt)}</dd>
            <dt>{t('session.ended')}</dt>
            <dd>{f.dateTime(s.session.endedAt)}</dd>
            <dt>{t('session.agent')}</dt>
            <dd>{s.session.agentId ?? dash}</dd>
            <dt>{t('session.rating')}</dt>
            <dd>{s.session.rating ?? dash}</dd>
            <dt>{t('session.firstResponse')}</dt>
            <dd>{f.duration(s.session.agentFirstResponseMs)}</dd>
            {s.usage ? (
              <>
                <dt>{t('session.tokens')}</dt>
                <dd>{f.count(s.usage.totals.totalTokens)}</dd>
                <dt>{t('session.cost')}</dt>
                <dd data-testid="session-cost">
                  <SessionCost usage={s.usage} />
                </dd>
              </>
            ) : null}
          </dl>
          {s.usage ? (
            <>
              <h3>{t('session.usage')}</h3>
              <SessionUsageTable usage={s.usage} />
            </>
          ) : null}
          <h3>{t('session.audit')}</h3>
          <SessionAudits audits={s.audits} />
          <h3>{t('session.timeline')}</h3>
          {s.timeline.length === 0 ? (
            <p className="state state-empty">{t('state.empty')}</p>
          ) : (
            <ol className="timeline" aria-label={t('session.timeline')}>
              {s.timeline.map((e) => (
                <li key={e.id}>
                  <EventLine event={e} />
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </QueryState>
  );
}
