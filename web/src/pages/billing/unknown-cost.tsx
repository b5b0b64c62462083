// A token cost that is unknown (some of its tokens have no price, or are priced in another currency than the
// tenant's) reads "unknown", never 0: beside it the part that is known, and once per panel why, with links to the
// Billing page's price dialog for each model or bot to price.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RouterOutputs } from '../../trpc.ts';
import { can, useSession } from '../../auth/session.ts';
import { useFormat } from '../../format/use-format.ts';

type Roi = RouterOutputs['billing']['roi'];

/**
 * A money figure of `roi`: the amount; or, when it is null but its known part is not, "unknown" with the known part;
 * else (no AI-resolved session to divide by) "n/a".
 */
export function CostFigure({ amount, known, currency, testId }: { amount: string | null; known: string | null; currency: string; testId?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (amount !== null) return <span data-testid={testId}>{f.money(amount, currency)}</span>;
  if (known === null) return <span data-testid={testId}>{t('cost.none')}</span>;
  // A known part of 0 (nothing of it priced yet) is left out: an unknown cost never reads 0.
  const knownPart = /^-?0(\.0*)?$/.test(known) ? null : t('cost.knownPart', { amount: f.money(known, currency) });
  return (
    <span data-testid={testId}>
      <span className="badge badge-fail">{t('cost.unknown')}</span> {knownPart ? <span className="muted">{knownPart}</span> : null}
    </span>
  );
}

/** Why the cost of `roi` is unknown (unpriced tokens, other currencies), with links to set the missing prices. */
export function UnknownCostNote({ roi }: { roi: Roi }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useSession();
  const resolved = roi.aiResolvedUsage;
  // The range's unpriced tokens; else those of AI-resolved sessions that occurred before the range.
  const unpriced = roi.unpricedTokens || resolved.unpricedTokens;
  const currencies = [...new Set([...roi.otherCurrencies, ...resolved.costs].map((c) => c.currency))].filter((c) => c !== roi.currency);
  if (unpriced === 0 && currencies.length === 0) return null;
  const reasons = [
    ...(unpriced > 0 ? [t('cost.whyUnpriced', { tokens: f.count(unpriced) })] : []),
    ...(currencies.length > 0 ? [t('cost.whyCurrency', { currencies: currencies.join(', '), currency: roi.currency })] : []),
  ];
  const range = `from=${roi.from}&to=${roi.to}`;
  const admin = !!user && can.setPrices(user.role);
  const links = roi.unknownCostSubjects.map((s) => (
    <Link
      key={`${s.kind}:${s.name}:${s.currency}`}
      to={`/billing?${range}&setPrice=${encodeURIComponent(`${s.kind}:${s.name}`)}`}
      data-testid="cost-set-price"
    >
      {s.currency === null ? t('cost.setPrice', { name: s.name }) : t('cost.setPriceIn', { name: s.name, currency: roi.currency })}
    </Link>
  ));
  return (
    <div className="banner banner-warn" role="note" data-testid="cost-unknown-note">
      {t('cost.unknownBecause', { reasons: reasons.join('; ') })}{' '}
      {admin && links.length > 0 ? (
        links.flatMap((link, i) => (i === 0 ? [link] : [' · ', link]))
      ) : (
        <Link to={`/billing?${range}`} data-testid="cost-set-price">
          {t(admin ? 'cost.pricesOnBilling' : 'cost.askAdmin')}
        </Link>
      )}
    </div>
  );
}
