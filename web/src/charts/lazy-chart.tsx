// The chart as pages use it: loaded on first use (recharts is the heaviest library of the bundle).
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartProps } from './series.ts';

const SeriesChart = lazy(() => import('./series-chart.tsx'));

export function Chart(props: ChartProps) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <div className="state state-loading" role="status" style={{ height: props.height ?? 260 }}>
          <span className="spinner" aria-hidden="true" />
          {t('state.loadingChart')}
        </div>
      }
    >
      <SeriesChart {...props} />
    </Suspense>
  );
}
