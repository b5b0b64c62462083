// Costs in one or more currencies, never added across currencies; no cost at all reads "no price", never 0.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format.ts';
import { dash, type Amount } from '../../format/formatters.ts';

export function MoneyList({ costs, unpricedTokens = 0 }: { costs: readonly { currency: string; cost: string }[]; unpricedTokens?: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const parts = costs.map((c) => f.money(c.cost as Amount, c.currency));
  if (unpricedTokens > 0) parts.push(t('billing.plusUnpriced', { tokens: f.count(unpricedTokens) }));
  if (parts.length === 0) return <span className="muted">{dash}</span>;
  return <span>{parts.join(' + ')}</span>;
}
