// A change against the previous period: an arrow, a colour saying whether it is good, and the previous value on hover.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.ts';

/** Which way is better for the figure: up (CSAT), down (response time), or neither (session counts). */
export type Better = 'up' | 'down' | 'neither';

interface ChangeBadgeProps {
  /** `(cur - prev) / prev`; `null` when the previous value was 0. */
  change: number | null | undefined;
  /** The previous period's value, already formatted. */
  previous: string;
  /** "vs yesterday (same time)" or "vs the previous 30 days". */
  against: string;
  better: Better;
}

export function ChangeBadge({ change, previous, against, better }: ChangeBadgeProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const tip = t('change.previous', { against, value: previous });
  if (change === null || change === undefined) {
    return (
      <span className="change change-none" title={tip}>
        <span aria-hidden="true">–</span> {t('change.none')}
        <span className="sr-only">, {tip}</span>
      </span>
    );
  }
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const tone = direction === 'flat' || better === 'neither' ? 'neutral' : direction === better ? 'good' : 'bad';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '▶';
  return (
    <span className={`change change-${tone}`} title={tip} data-testid="change">
      <span aria-hidden="true">{arrow}</span> {f.change(change)}
      <span className="sr-only">
        {' '}
        {t(`change.${direction}`)}, {tip}
      </span>
    </span>
  );
}
