// `sessions.get` rendered: facts, outcome, the tokens its events report, its audits, and the event timeline.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/query-panel.tsx';
import { useFormat } from '../format/use-format.ts';
import { trpc } from '../trpc.ts';
import { EventLine } from './event-line.tsx';
import { OutcomeBadge } from './outcome-badge.tsx';
import { dash } from '../format/formatters.ts';

/** Tokens the session's events report (AI replies and usage records), counted once per event. */
function tokensOf(timeline: readonly { name: string; data: Record<string, unknown> }[]): number {
  let total = 0;
  for (const e of timeline) {
    if (e.name !== 'message.ai' && e.name !== 'llm.usage') continue;
    total += Number(e.data.inputTokens ?? 0) + Number(e.data.outputTokens ?? 0);
  }
  return total;
}

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
            <dt>{t('session.tokens')}</dt>
            <dd>{f.count(tokensOf(s.timeline))}</dd>
            <dt>{t('session.audit')}</dt>
            <dd>
              {s.audits.length
                ? s.audits.map((a) => t('session.auditScore', { score: f.count(a.finalScore), source: t(`auditSource.${a.source}`) })).join(' · ')
                : t('session.notAudited')}
            </dd>
          </dl>
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
