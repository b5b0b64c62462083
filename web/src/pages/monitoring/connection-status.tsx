// "Updated 12:01:03 · 4 s ago" beside the title, and a plain banner when the last poll failed or the browser is offline.
import { useEffect, useState } from 'react';
import type { QueryOf } from '../../components/query-panel.tsx';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../components/use-now.ts';
import { useFormat } from '../../format/use-format.ts';
import { pollMs } from './live.ts';

type LiveQuery = Pick<QueryOf<unknown>, 'dataUpdatedAt' | 'isError' | 'data'>;

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function ConnectionStatus({ queries, banner = false }: { queries: readonly LiveQuery[]; banner?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow(1000);
  const online = useOnline();
  const updatedAt = Math.max(0, ...queries.filter((q) => q.data !== undefined).map((q) => q.dataUpdatedAt));
  const lost = !online || queries.some((q) => q.isError);
  if (banner) {
    if (!lost) return null;
    return (
      <div className="banner banner-bad" role="alert" data-testid="connection-lost">
        {updatedAt
          ? t('monitoring.connectionLost', { time: f.time(new Date(updatedAt)), seconds: pollMs / 1000 })
          : t('monitoring.connectionLostNoData', { seconds: pollMs / 1000 })}
      </div>
    );
  }
  if (!updatedAt) return null;
  return (
    <span className="muted" data-testid="last-updated">
      <span className={`live-dot ${lost ? 'live-dot-off' : ''}`} aria-hidden="true" />
      {t('monitoring.updated', { time: f.time(new Date(updatedAt)), ago: f.ago(now - updatedAt) })}
    </span>
  );
}
