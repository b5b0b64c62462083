// How a session turned out, as a labelled badge (text, not colour alone).
import { useTranslation } from 'react-i18next';

export function OutcomeBadge({ outcome }: { outcome: 'ai' | 'agent' | 'abandoned' | null | undefined }) {
  const { t } = useTranslation();
  const key = outcome ?? 'open';
  const tone = key === 'ai' ? 'badge-pass' : key === 'abandoned' ? 'badge-fail' : 'badge-neutral';
  return <span className={`badge ${tone}`}>{t(`outcome.${key}`)}</span>;
}
