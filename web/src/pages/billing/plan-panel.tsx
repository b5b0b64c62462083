// Plan selection (admins only): the plans on offer with their monthly allowance; choosing one changes the tenant's plan.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryPanel } from '../../components/query-panel.tsx';
import { useFormat } from '../../format/use-format.ts';
import { queryClient, trpc } from '../../trpc.ts';

export function PlanPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const id = useId();
  const plans = useQuery(trpc.billing.plans.queryOptions());
  const quota = useQuery(trpc.billing.quota.queryOptions());
  const [choice, setChoice] = useState<string | null>(null);
  const setPlan = useMutation(
    trpc.billing.setPlan.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.billing.pathFilter()),
    }),
  );
  const current = quota.data?.planId ?? null;
  const selected = choice ?? current ?? '';
  return (
    <QueryPanel
      title={t('plan.title')}
      cohort={t('plan.adminOnly')}
      query={plans}
      testId="plan-panel"
      isEmpty={(p) => p.length === 0}
      emptyText={t('plan.none')}
    >
      {(list) => (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setPlan.mutate({ planId: selected || null });
          }}
        >
          <fieldset className="plan-options">
            <legend className="sr-only">{t('plan.title')}</legend>
            {list.map((p) => (
              <label key={p.id} className="check plan-option">
                <input type="radio" name={id} value={p.id} checked={selected === p.id} onChange={() => setChoice(p.id)} />
                <span>
                  <strong>{p.name}</strong>
                  {p.id === current ? <span className="badge badge-neutral">{t('plan.current')}</span> : null}
                  <br />
                  <span className="muted">{t('plan.allowance', { tokens: f.count(p.monthlyTokenAllowance) })}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {setPlan.isError ? (
            <p className="form-error" role="alert">
              {t('plan.failed')}
            </p>
          ) : null}
          {setPlan.isSuccess ? (
            <p role="status" className="muted" data-testid="plan-saved">
              {t('plan.saved')}
            </p>
          ) : null}
          <button
            type="submit"
            className="button button-primary"
            disabled={setPlan.isPending || !selected || selected === current}
            data-testid="plan-submit"
          >
            {t('plan.change')}
          </button>
        </form>
      )}
    </QueryPanel>
  );
}
