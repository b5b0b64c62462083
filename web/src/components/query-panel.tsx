// A titled panel that shows its query's loading, error and empty states, so no panel is ever blank or stuck.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isForbidden } from '../trpc.ts';

interface PanelProps {
  title: string;
  /** Which sessions the panel counts (e.g. "sessions started today"), shown under the title. */
  cohort?: string;
  /** Links or buttons beside the title (CSV export, switches). */
  actions?: ReactNode;
  className?: string;
  testId?: string;
  children: ReactNode;
}

/** A section with a heading, an optional cohort line and actions. */
export function Panel({ title, cohort, actions, className, testId, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={headingId} data-testid={testId}>
      <header className="panel-head">
        <div>
          <h2 id={headingId}>{title}</h2>
          {cohort ? <p className="cohort">{cohort}</p> : null}
        </div>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** A query's result, whatever its error type (tRPC's or another). */
export type QueryOf<T> = UseQueryResult<T, unknown>;

interface QueryStateProps<T> {
  query: Pick<QueryOf<T>, 'data' | 'error' | 'isPending' | 'refetch'>;
  /** True when the answer has nothing to show. */
  isEmpty?: (data: T) => boolean;
  /** What to say when empty (defaults to a generic line). */
  emptyText?: string;
  children: (data: T) => ReactNode;
}

/** Loading, error (with retry), empty, or the content for a query's data. */
export function QueryState<T>({ query, isEmpty, emptyText, children }: QueryStateProps<T>) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <div className="state state-loading" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        {t('state.loading')}
      </div>
    );
  }
  if (query.error && query.data === undefined) {
    return (
      <div className="state state-error" role="alert">
        <p>{isForbidden(query.error) ? t('state.forbidden') : t('state.error')}</p>
        {isForbidden(query.error) ? null : (
          <button type="button" className="button" onClick={() => void query.refetch()}>
            {t('state.retry')}
          </button>
        )}
      </div>
    );
  }
  const data = query.data as T;
  if (isEmpty?.(data)) {
    return <p className="state state-empty">{emptyText ?? t('state.empty')}</p>;
  }
  return <>{children(data)}</>;
}

/** A panel whose body is one query's data. */
export function QueryPanel<T>(props: Omit<PanelProps, 'children'> & QueryStateProps<T>) {
  const { query, isEmpty, emptyText, children, ...panel } = props;
  return (
    <Panel {...panel}>
      <QueryState query={query} isEmpty={isEmpty} emptyText={emptyText}>
        {children}
      </QueryState>
    </Panel>
  );
}
