// What a resolution costs: token cost per AI-resolved session (and fully loaded, with the tokens of sessions later
// handed off) beside the tenant's human cost per session, for the same range.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryPanel } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { trpc } from '../../trpc.ts';

export function CostPanel({ from, to, days }: { from: string; to: string; days: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const roi = useQuery(trpc.billing.roi.queryOptions({ from, to }));
  return (
    <QueryPanel
      title={t('cost.title')}
      cohort={t('cohort.ended', { period: t('period.range', { days }) })}
      query={roi}
      testId="cost-panel"
      actions={<Link to={`/billing?from=${from}&to=${to}`}>{t('cost.details')}</Link>}
    >
      {(d) => (
        <dl className="facts">
          <dt>{t('cost.perAiResolved')}</dt>
          <dd>
            <strong data-testid="cost-per-ai">{d.costPerAiResolved === null ? t('cost.none') : f.money(d.costPerAiResolved, d.currency)}</strong>
          </dd>
          <dt>{t('cost.fullyLoaded')}</dt>
          <dd>{d.fullyLoadedCostPerAiResolved === null ? t('cost.none') : f.money(d.fullyLoadedCostPerAiResolved, d.currency)}</dd>
          <dt>{t('cost.human')}</dt>
          <dd>
            <strong data-testid="cost-human">{f.money(d.humanCostPerSession, d.currency)}</strong>
          </dd>
          <dt>{t('cost.aiResolved')}</dt>
          <dd>{f.count(d.aiResolved)}</dd>
          {d.unpricedTokens > 0 ? (
            <>
              <dt>{t('billing.unpricedTokens')}</dt>
              <dd>{t('billing.unpricedShort', { tokens: f.count(d.unpricedTokens) })}</dd>
            </>
          ) : null}
        </dl>
      )}
    </QueryPanel>
  );
}
