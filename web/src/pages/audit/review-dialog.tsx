// One audit under review: its score, issues and every earlier review, a form to re-score it with a note, and the
// session's timeline beside it. A review refreshes the quality figures only (narrow invalidation).
import { useMutation, useQuery } from '@tanstack/react-query';
import type { QualityAuditRecord } from '../../api/router-types.ts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../auth/session.ts';
import { Dialog } from '../../components/dialog.tsx';
import { QueryState } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { SessionDetail } from '../../sessions/session-detail.tsx';
import { queryClient, trpc } from '../../trpc.ts';
import { issueLabel } from './issue-label.ts';
import { ScoreBadge } from './score-badge.tsx';

interface ReviewDialogProps {
  auditId: string;
  sessionId: string;
  passThreshold: number | undefined;
  onClose: () => void;
}

export function ReviewDialog({ auditId, sessionId, passThreshold, onClose }: ReviewDialogProps) {
  const { t } = useTranslation();
  // The session's audits (usually one): found by its id, so a shared link opens the audit on any page.
  const audits = useQuery(trpc.quality.records.queryOptions({ search: sessionId, size: 100 }));
  return (
    <Dialog title={t('review.title', { id: sessionId })} onClose={onClose} testId="review-dialog">
      <div className="split">
        <QueryState query={audits}>
          {(d) => {
            const record = d.items.find((r) => r.id === auditId);
            return record ? (
              <AuditReview record={record} passThreshold={passThreshold} />
            ) : (
              <p className="state state-empty">{t('review.notFound')}</p>
            );
          }}
        </QueryState>
        <section aria-label={t('session.timeline')}>
          <SessionDetail sessionId={sessionId} />
        </section>
      </div>
    </Dialog>
  );
}

function AuditReview({ record, passThreshold }: { record: QualityAuditRecord; passThreshold: number | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useSession();
  const ids = { score: useId(), note: useId() };
  const [finalScore, setFinalScore] = useState(String(record.finalScore));
  const [note, setNote] = useState('');
  const review = useMutation(
    trpc.quality.review.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.quality.pathFilter()),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    review.mutate({ auditId: record.id, finalScore: Number(finalScore), note: note.trim() || undefined });
  };
  return (
    <section aria-label={t('review.audit')} data-testid="audit-detail">
      <dl className="facts">
        <dt>{t('audit.source')}</dt>
        <dd>{t(`auditSource.${record.source}`)}</dd>
        <dt>{t('audit.score')}</dt>
        <dd>
          <ScoreBadge score={record.score} passThreshold={passThreshold} />
        </dd>
        <dt>{t('audit.finalScore')}</dt>
        <dd data-testid="audit-final-score">
          <ScoreBadge score={record.finalScore} passThreshold={passThreshold} />
        </dd>
        <dt>{t('audit.status')}</dt>
        <dd>{t(`auditStatus.${record.status}`)}</dd>
        <dt>{t('session.agent')}</dt>
        <dd>{record.agentId ?? t('audit.bot')}</dd>
      </dl>
      <h3>{t('audit.issues')}</h3>
      {record.issues.length === 0 ? (
        <p className="muted">{t('audit.noIssues')}</p>
      ) : (
        <ul>
          {record.issues.map((i, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id and may repeat whole (same code, severity, note); the list is read-only and keeps its order, so the position is a stable key
            <li key={`${i.code}-${n}`}>
              <strong>{issueLabel(t, i.code)}</strong> · {t(`severity.${i.severity}`)}
              {i.note ? <span className="muted"> · {i.note}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {record.reviews.length > 0 ? (
        // Every review, oldest first: the last one is the final score.
        <ol className="muted" data-testid="review-history">
          {record.reviews.map((r, n) => (
            <li key={`${r.at}-${r.reviewerId}`} data-testid={n === record.reviews.length - 1 ? 'review-note' : undefined}>
              {t('review.by', {
                reviewer: r.role ? `${r.reviewerId} (${t(`role.${r.role === 'api_key' ? 'none' : r.role}`)})` : r.reviewerId,
                at: f.dateTime(r.at),
                score: f.count(r.finalScore),
              })}
              {r.note ? ` · ${r.note}` : ''}
            </li>
          ))}
        </ol>
      ) : null}
      {user && can.review(user.role) ? (
        <form onSubmit={submit} className="review-form">
          <h3>{t('review.rescore')}</h3>
          <div className="field">
            <label htmlFor={ids.score}>{t('review.finalScore')}</label>
            <input
              id={ids.score}
              type="number"
              min={0}
              max={100}
              step={1}
              required
              value={finalScore}
              onChange={(e) => setFinalScore(e.target.value)}
              data-testid="review-score"
            />
          </div>
          <div className="field">
            <label htmlFor={ids.note}>{t('review.note')}</label>
            <textarea
              id={ids.note}
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              data-testid="review-note-input"
            />
          </div>
          {review.isError ? (
            <p className="form-error" role="alert">
              {t('review.failed')}
            </p>
          ) : null}
          {review.isSuccess ? (
            <p role="status" className="muted" data-testid="review-saved">
              {t('review.saved')}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={review.isPending} data-testid="review-submit">
            {t('review.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
