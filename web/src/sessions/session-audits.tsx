// The audits of one session (found by its exact id): source, final score, status and when, newest first.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.ts';
import type { RouterOutputs } from '../trpc.ts';

type Audit = RouterOutputs['sessions']['get']['audits'][number];

export function SessionAudits({ audits }: { audits: readonly Audit[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (audits.length === 0) return <p className="state state-empty">{t('session.notAudited')}</p>;
  return (
    <ul data-testid="session-audits">
      {audits.map((a) => (
        <li key={a.id}>
          <strong>{t('session.auditScore', { score: f.count(a.finalScore), source: t(`auditSource.${a.source}`) })}</strong>
          <span className="muted">
            {' · '}
            {t(`auditStatus.${a.status}`)} · {f.dateTime(a.createdAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
