// The audit summary as cards: audited, mean score, pass rate, awaiting review, and how far reviewers moved auto scores.
import type { QualitySummary } from '../../api/router-types.ts';
import { useTranslation } from 'react-i18next';
import { QueryState, type QueryOf } from '../../components/query-panel.tsx';
import { StatCard } from '../../components/stat-card.tsx';
import { useFormat } from '../../format/use-format.ts';

export function AuditSummaryCards({ query, onAwaiting }: { query: QueryOf<QualitySummary>; onAwaiting: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section aria-label={t('audit.summary')} className="grid-section" data-testid="audit-summary">
      <QueryState query={query}>
        {(s) => (
          <div className="grid grid-cards">
            <StatCard
              testId="audit-audited"
              label={t('audit.audited')}
              value={f.count(s.audited)}
              hint={t('audit.bySource', { auto: f.count(s.bySource.auto), manual: f.count(s.bySource.manual) })}
            />
            <StatCard testId="audit-mean" label={t('audit.meanScore')} value={f.decimal(s.meanScore, 1)} hint={t('audit.meanHint')} />
            <StatCard
              testId="audit-pass"
              label={t('audit.passRate')}
              value={f.percent(s.passRate)}
              hint={t('audit.passHint', { threshold: f.count(s.passThreshold), passed: f.count(s.passed) })}
            />
            <div className="card" data-testid="audit-awaiting">
              <span className="card-label">{t('audit.awaiting')}</span>
              <span className="card-value">
                <button type="button" onClick={onAwaiting} aria-label={t('audit.showAwaiting', { count: s.awaitingReview })}>
                  <span data-testid="audit-awaiting-value">{f.count(s.awaitingReview)}</span>
                </button>
              </span>
              <span className="card-hint">{t('audit.reviewedCount', { count: s.reviewed, formatted: f.count(s.reviewed) })}</span>
            </div>
            <StatCard testId="audit-shift" label={t('audit.shift')} value={f.decimal(s.meanReviewShift, 1)} hint={t('audit.shiftHint')} />
          </div>
        )}
      </QueryState>
    </section>
  );
}
