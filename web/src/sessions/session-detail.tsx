// `sessions.get` rendered: facts, outcome, token cost (unpriced tokens said plainly), audit, and the event timeline.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/query-panel.tsx';
import { useFormat } from '../format/use-format.ts';
import { trpc } from '../trpc.ts';
import { EventLine } from './event-line.tsx';
import { OutcomeBadge } from './outcome-badge.tsx';

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
              <OutcomeBadge outcome={s.outcome} />
            </dd>
            <dt>{t('session.channel')}</dt>
            <dd>{s.session.channel ?? '—'}</dd>
            <dt>{t('session.started')}</dt>
            <dd>{f.dateTime(s.session.startedAt)}</dd>
            <dt>{t('session.ended')}</dt>
            <dd>{f.dateTime(s.session.endedAt)}</dd>
            <dt>{t('session.agent')}</dt>
            <dd>{s.session.agentId ?? '—'}</dd>
            <dt>{t('session.rating')}</dt>
            <dd>{s.session.rating ?? '—'}</dd>
            <dt>{t('session.tokens')}</dt>
            <dd>
              {f.count(s.tokens.total)}
              {' · '}
              {s.tokens.cost === null ? t('billing.noPrice') : f.money(s.tokens.cost, s.tokens.currency ?? 'CNY')}
            </dd>
            <dt>{t('session.audit')}</dt>
            <dd>
              {s.audit ? t('session.auditScore', { score: f.count(s.audit.finalScore ?? s.audit.score) }) : t('session.notAudited')}
            </dd>
          </dl>
          <h3>{t('session.timeline')}</h3>
          {s.events.length === 0 ? (
            <p className="state state-empty">{t('state.empty')}</p>
          ) : (
            <ol className="timeline" aria-label={t('session.timeline')}>
              {s.events.map((e) => (
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
