// Today's quota burn-down in one sentence: "at today's rate the allowance runs out on …" (admins and supervisors).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format.ts';
import { trpc } from '../../trpc.ts';
import { liveOptions } from './live.ts';

export function QuotaBurnDown() {
  const { t } = useTranslation();
  const f = useFormat();
  const quota = useQuery({ ...trpc.billing.quota.queryOptions(), ...liveOptions, refetchInterval: 60_000 });
  const q = quota.data;
  if (!q) return null;
  const tone = q.thresholdsCrossed.length ? 'banner-warn' : 'banner-info';
  let sentence: string;
  if (q.allowance === null) sentence = t('burnDown.noPlan', { used: f.count(q.used) });
  else if (q.remaining === 0) sentence = t('burnDown.usedUp', { allowance: f.count(q.allowance), percent: f.percent((q.percent ?? 0) / 100) });
  else if (q.projectedRunOut) {
    sentence = t('burnDown.runsOut', { day: f.day(q.projectedRunOut), percent: f.percent((q.percent ?? 0) / 100), allowance: f.count(q.allowance) });
  } else sentence = t('burnDown.lasts', { end: f.day(q.periodEnd), percent: f.percent((q.percent ?? 0) / 100), projected: f.count(q.projectedUse) });
  return (
    <p className={`banner ${tone} burn-down`} data-testid="burn-down">
      {sentence}
    </p>
  );
}
