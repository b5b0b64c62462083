// Names the tenant's time zone beside a page's dates: every day and time the workbench shows is in that zone.
import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { TimeZoneContext } from '../format/use-format.ts';

/** "Days and times in Asia/Shanghai": `zone` as the page's own answer names it, else the zone the frame knows. */
export function TimeZoneNote({ zone }: { zone?: string | undefined }) {
  const { t } = useTranslation();
  const known = useContext(TimeZoneContext);
  const name = zone ?? known;
  if (!name) return null;
  return (
    <span className="muted" title={t('timeZone.hint')} data-testid="time-zone">
      {t('timeZone.days', { zone: name })}
    </span>
  );
}
