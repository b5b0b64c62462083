// The Dashboard's range: the last 7 / 30 / 90 days (a pressed-button group) or any from–to range of local days (the
// billing range picker), kept in the URL by the page (`?days=30`, `?from=2026-11-01&to=2026-11-20`).
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format.ts';
import { RangePicker } from '../billing/range-picker.tsx';

export const ranges = [7, 30, 90] as const;
export type RangeDays = (typeof ranges)[number];

/** What `stats.trend` and `stats.satisfaction` are asked for: the last `days`, or `from`..`to` (both included). */
export type DashboardRange = { days: RangeDays; from?: undefined; to?: undefined } | { days?: undefined; from: string; to: string };

const localDay = /^\d{4}-\d{2}-\d{2}$/;

/** The range in the URL: `from` and `to` when both are dates, else `days` when one of the three, else 7 days. */
export function rangeOf(params: URLSearchParams): DashboardRange {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && localDay.test(from) && localDay.test(to)) return { from, to };
  const n = Number(params.get('days'));
  return { days: (ranges as readonly number[]).includes(n) ? (n as RangeDays) : 7 };
}

/** Writes `range` into the URL's parameters (a preset drops from/to, a custom range drops days). */
export function writeRange(params: URLSearchParams, range: DashboardRange): URLSearchParams {
  for (const key of ['days', 'from', 'to']) params.delete(key);
  if (range.days !== undefined) params.set('days', String(range.days));
  else {
    params.set('from', range.from);
    params.set('to', range.to);
  }
  return params;
}

/** The range's title ("Last 30 days", "Chosen range: 14 days") and its phrase in a cohort ("in the last 30 days"). */
export function useRangeLabels(range: DashboardRange, days: number | undefined): { title: string; period: string } {
  const { t } = useTranslation();
  const f = useFormat();
  if (range.days !== undefined) return { title: t('dashboard.range', { days: range.days }), period: t('period.range', { days: range.days }) };
  return {
    title: days === undefined ? t('dashboard.customRangeTitle') : t('dashboard.customRange', { count: days }),
    period: t('period.between', { from: f.day(range.from), to: f.day(range.to) }),
  };
}

interface RangeSwitchProps {
  range: DashboardRange;
  /** The days the server answered for the range (a preset's from–to, to start a custom range from). */
  shown?: { from: string; to: string } | undefined;
  onChange: (range: DashboardRange) => void;
}

export function RangeSwitch({ range, shown, onChange }: RangeSwitchProps) {
  const { t } = useTranslation();
  return (
    <>
      <div className="segmented" role="group" aria-label={t('dashboard.rangeLabel')}>
        {ranges.map((d) => (
          <button key={d} type="button" aria-pressed={d === range.days} onClick={() => onChange({ days: d })} data-testid={`range-${d}`}>
            {t('dashboard.days', { count: d })}
          </button>
        ))}
      </div>
      <RangePicker
        from={range.from ?? shown?.from ?? ''}
        to={range.to ?? shown?.to ?? ''}
        onChange={(r) => onChange({ from: r.from, to: r.to })}
        testId="custom-range"
      />
    </>
  );
}
