// Drill-down state lives in the URL (`?drill=<filter>&drillTitle=…&session=<id>`) so a list can be shared and
// the back button closes it.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { RouterInputs } from '../trpc.ts';

/** The filters of `sessions.list` without its paging: the same filter behind the clicked number. */
export type SessionFilter = Omit<RouterInputs['sessions']['list'], 'page' | 'size'>;

/** Opens the list of sessions behind a count. */
export function useDrill(): (filter: SessionFilter, title: string) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (filter, title) =>
      setParams((params) => {
        params.set('drill', JSON.stringify(filter));
        params.set('drillTitle', title);
        params.delete('drillPage');
        return params;
      }),
    [setParams],
  );
}

/** Opens one session's timeline. */
export function useOpenSession(): (sessionId: string) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (sessionId) =>
      setParams((params) => {
        params.set('session', sessionId);
        return params;
      }),
    [setParams],
  );
}

/** The filter in the URL, or null when none (or an unreadable one) is there. */
export function readDrill(params: URLSearchParams): SessionFilter | null {
  const raw = params.get('drill');
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' ? (value as SessionFilter) : null;
  } catch {
    return null;
  }
}
