// What a resolution costs: token cost per AI-resolved session (and fully loaded, with the tokens of sessions later
// handed off) beside the tenant's human cost per session, for the same range. A cost some of whose tokens have no
// price (or another currency) reads "unknown" with its known part and why, never 0.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryPanel } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { trpc } from '../../trpc.ts';
import { CostFigure, UnknownCostNote } from '../billing/unknown-cost.tsx';

/** `period` names the range as the other panels do ("last 30 days", or the chosen from–to). */
export function CostPanel({ from, to, period }: { from: string; to: string; period: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const roi = useQuery(trpc.billing.roi.queryOptions({ from, to }));
  return (
    <QueryPanel
      title={t('cost.title')}
      cohort={t('cohort.ended', { period })}
      query={roi}
      testId="cost-panel"
      actions={<Link to={`/billing?from=${from}&to=${to}`}>{t('cost.details')}</Link>}
    >
      {(d) => (
        <>
          <dl className="facts">
            <dt>{t('cost.perAiResolved')}</dt>
            <dd>
              <strong>
                <CostFigure amount={d.costPerAiResolved} known={d.knownCostPerAiResolved} currency={d.currency} testId="cost-per-ai" />
              </strong>
            </dd>
            <dt>{t('cost.fullyLoaded')}</dt>
            <dd>
              <CostFigure
                amount={d.fullyLoadedCostPerAiResolved}
                known={d.knownFullyLoadedCostPerAiResolved}
                currency={d.currency}
                testId="cost-fully-loaded"
              />
            </dd>
            <dt>{t('cost.human')}</dt>
            <dd>
              <strong data-testid="cost-human">{f.money(d.humanCostPerSession, d.currency)}</strong>
            </dd>
            <dt>{t('cost.aiResolved')}</dt>
            <dd>{f.count(d.aiResolved)}</dd>
          </dl>
          <UnknownCostNote roi={d} />
        </>
      )}
    </QueryPanel>
  );
}
