// ROI with its inputs and formula on screen: saved = AI-resolved × human cost per session; net = saved − token cost;
// ROI = net / cost. Also cost per AI-resolved session and the tokens spent on sessions later handed to humans. A figure
// whose token cost is unknown (unpriced tokens, another currency) reads "unknown" with its known part, never 0.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryPanel } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { trpc } from '../../trpc.ts';
import { MoneyList } from './money-list.tsx';
import { CostFigure, UnknownCostNote } from './unknown-cost.tsx';

export function RoiPanel({ range }: { range: { from?: string; to?: string } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const roi = useQuery(trpc.billing.roi.queryOptions(range));
  return (
    <QueryPanel
      title={t('roi.title')}
      cohort={roi.data ? t('roi.cohort', { from: f.day(roi.data.from), to: f.day(roi.data.to) }) : undefined}
      query={roi}
      testId="roi-panel"
    >
      {(r) => {
        const money = (amount: string | null) => (amount === null ? t('cost.none') : f.money(amount, r.currency));
        const cost = (amount: string | null, known: string | null, testId?: string) => (
          <CostFigure amount={amount} known={known} currency={r.currency} {...(testId ? { testId } : {})} />
        );
        const roiText = r.cost === null ? t('cost.unknown') : r.roi === null ? t('roi.noCost') : f.percent(r.roi);
        return (
          <>
            <dl className="facts">
              <dt>{t('roi.aiResolved')}</dt>
              <dd className="num" data-testid="roi-ai-resolved">
                {f.count(r.aiResolved)}
              </dd>
              <dt>{t('roi.humanCost')}</dt>
              <dd className="num">{money(r.humanCostPerSession)}</dd>
              <dt>{t('roi.saved')}</dt>
              <dd className="num">{money(r.saved)}</dd>
              <dt>{t('roi.cost')}</dt>
              <dd className="num">{cost(r.cost, r.knownCost, 'roi-cost')}</dd>
              <dt>{t('roi.net')}</dt>
              <dd className="num">
                <strong>{cost(r.net, r.netOfKnownCost, 'roi-net')}</strong>
              </dd>
              <dt>{t('roi.roi')}</dt>
              <dd className="num" data-testid="roi-value">
                <strong>{roiText}</strong>
              </dd>
              <dt>{t('roi.costPerAi')}</dt>
              <dd className="num">{cost(r.costPerAiResolved, r.knownCostPerAiResolved, 'roi-cost-per-ai')}</dd>
              <dt>{t('roi.fullyLoaded')}</dt>
              <dd className="num">{cost(r.fullyLoadedCostPerAiResolved, r.knownFullyLoadedCostPerAiResolved, 'roi-fully-loaded')}</dd>
              <dt>{t('roi.handedOff')}</dt>
              <dd>
                {t('roi.handedOffTokens', { tokens: f.count(r.handedOff.totalTokens) })} ·{' '}
                <MoneyList costs={r.handedOff.costs} unpricedTokens={r.handedOff.unpricedTokens} />
              </dd>
              {r.otherCurrencies.length ? (
                <>
                  <dt>{t('roi.otherCurrencies')}</dt>
                  <dd>
                    <MoneyList costs={r.otherCurrencies} />
                  </dd>
                </>
              ) : null}
              {r.unpricedTokens > 0 ? (
                <>
                  <dt>{t('billing.unpricedTokens')}</dt>
                  <dd>{t('billing.unpricedNote', { tokens: f.count(r.unpricedTokens) })}</dd>
                </>
              ) : null}
            </dl>
            <UnknownCostNote roi={r} />
            <p className="formula" data-testid="roi-formula">
              {t('roi.formula', {
                aiResolved: f.count(r.aiResolved),
                human: money(r.humanCostPerSession),
                saved: money(r.saved),
                cost: r.cost === null ? t('cost.unknown') : money(r.cost),
                net: r.net === null ? t('cost.unknown') : money(r.net),
                roi: roiText,
              })}
            </p>
          </>
        );
      }}
    </QueryPanel>
  );
}
