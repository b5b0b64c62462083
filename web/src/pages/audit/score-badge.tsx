// An audit score, marked pass or fail against the tenant's threshold (in words as well as colour).
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format.ts';

export function ScoreBadge({ score, passThreshold }: { score: number; passThreshold: number | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (passThreshold === undefined) return <span className="num">{f.count(score)}</span>;
  const pass = score >= passThreshold;
  return (
    <span className={`badge ${pass ? 'badge-pass' : 'badge-fail'}`}>
      {f.count(score)} <span className="sr-only">{pass ? t('audit.pass') : t('audit.fail')}</span>
    </span>
  );
}
