// One figure on a card: its label, the value (a button that opens the sessions behind it, when it is a count),
// an optional change badge, and the cohort it counts.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDrill, type SessionFilter } from '../sessions/use-drill.ts';

interface StatCardProps {
  label: string;
  /** The figure, already formatted. */
  value: string;
  /** The sessions this count is made of: clicking the value lists exactly them. */
  drill?: SessionFilter;
  change?: ReactNode;
  hint?: ReactNode;
  /** Which sessions the figure counts, e.g. "started today". */
  cohort?: string;
  testId?: string;
}

export function StatCard({ label, value, drill, change, hint, cohort, testId }: StatCardProps) {
  const { t } = useTranslation();
  const open = useDrill();
  return (
    <div className="card" data-testid={testId}>
      <span className="card-label">{label}</span>
      <span className="card-value">
        {drill ? (
          <button
            type="button"
            onClick={() => open(drill, label)}
            aria-label={t('drill.open', { label, value })}
            data-testid={testId ? `${testId}-value` : undefined}
            data-value={value}
          >
            {value}
          </button>
        ) : (
          <span data-testid={testId ? `${testId}-value` : undefined}>{value}</span>
        )}
      </span>
      {change}
      {hint ? <span className="card-hint">{hint}</span> : null}
      {cohort ? <span className="card-cohort">{cohort}</span> : null}
    </div>
  );
}

/** A count inside a table cell or sentence that opens the sessions behind it. */
export function DrillCount({ value, filter, title, testId }: { value: string; filter: SessionFilter; title: string; testId?: string }) {
  const { t } = useTranslation();
  const open = useDrill();
  return (
    <button
      type="button"
      className="link num"
      onClick={() => open(filter, title)}
      aria-label={t('drill.open', { label: title, value })}
      data-testid={testId}
    >
      {value}
    </button>
  );
}
