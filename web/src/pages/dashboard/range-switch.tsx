// The 7 / 30 / 90-day range switch (a pressed-button group, kept in the URL by the page).
import { useTranslation } from 'react-i18next';

export const ranges = [7, 30, 90] as const;
export type RangeDays = (typeof ranges)[number];

/** The range in the URL, or 7 days when it is missing or not one of the three. */
export function rangeOf(raw: string | null): RangeDays {
  const n = Number(raw);
  return (ranges as readonly number[]).includes(n) ? (n as RangeDays) : 7;
}

export function RangeSwitch({ days, onChange }: { days: RangeDays; onChange: (days: RangeDays) => void }) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="group" aria-label={t('dashboard.rangeLabel')}>
      {ranges.map((d) => (
        <button key={d} type="button" aria-pressed={d === days} onClick={() => onChange(d)} data-testid={`range-${d}`}>
          {t('dashboard.days', { count: d })}
        </button>
      ))}
    </div>
  );
}
