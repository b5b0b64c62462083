// Billing: the quota gauge, token usage and cost by day and by model or bot (unpriced tokens said plainly, never 0),
// the ROI panel with its inputs and formula, and, for admins, plan selection and prices.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can, useSession } from '../../auth/session.ts';
import { TimeZoneNote } from '../../components/time-zone-note.tsx';
import { trpc } from '../../trpc.ts';
import { PlanPanel } from './plan-panel.tsx';
import { PriceDialog } from './price-dialog.tsx';
import { QuotaPanel } from './quota-panel.tsx';
import { RangePicker } from './range-picker.tsx';
import { RoiPanel } from './roi-panel.tsx';
import { UsageByDayPanel } from './usage-by-day-panel.tsx';
import { UsageByModelPanel } from './usage-by-model-panel.tsx';

export default function BillingPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const range = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const usage = useQuery(trpc.billing.usage.queryOptions(range));
  const admin = !!user && can.changePlan(user.role);
  const priceFor = params.get('setPrice');

  return (
    <div className="page" data-testid="billing-page">
      <div className="page-head">
        <h1>{t('billing.title')}</h1>
        <TimeZoneNote zone={usage.data?.timeZone} />
        <div className="page-tools">
          <RangePicker
            from={usage.data?.from ?? range.from ?? ''}
            to={usage.data?.to ?? range.to ?? ''}
            onChange={(next) =>
              setParams((p) => {
                p.set('from', next.from);
                p.set('to', next.to);
                return p;
              })
            }
          />
        </div>
      </div>
      <div className="grid grid-wide-narrow">
        <QuotaPanel />
        {admin ? <PlanPanel /> : null}
      </div>
      <UsageByDayPanel query={usage} range={range} />
      <div className="grid grid-2">
        <UsageByModelPanel query={usage} canSetPrice={admin} />
        <RoiPanel range={range} />
      </div>
      {admin && priceFor ? (
        <PriceDialog
          subject={priceFor}
          onClose={() =>
            setParams((p) => {
              p.delete('setPrice');
              return p;
            })
          }
        />
      ) : null}
    </div>
  );
}
