// How exact a p50/p90 is, beside it: a short note, the reason on hover (the API states the same on its fields).
import { useTranslation } from 'react-i18next';

export function PercentileNote() {
  const { t } = useTranslation();
  return (
    <span className="card-hint percentile-note" title={t('percentile.detail')} data-testid="percentile-note">
      {t('percentile.note')}
    </span>
  );
}
