// A session's token usage: its whole cost (or "unknown" and why: never $0.00 for tokens without a price), and each
// usage with the price in force when it occurred, in that price's own currency.
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../components/data-table.tsx';
import type { RouterOutputs } from '../trpc.ts';
import { useFormat } from '../format/use-format.ts';
import { dash } from '../format/formatters.ts';

type SessionUsage = NonNullable<RouterOutputs['sessions']['get']['usage']>;
type UsageLine = SessionUsage['items'][number];

/** The session's cost: the amount when every usage is priced in one currency, else "unknown" with what is known. */
export function SessionCost({ usage }: { usage: SessionUsage }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { totals } = usage;
  if (usage.items.length === 0) return <>{dash}</>;
  if (totals.cost !== null && totals.currency !== null) return <>{f.money(totals.cost, totals.currency)}</>;
  const why: string[] = [];
  if (totals.unpricedTokens > 0 || usage.items.some((u) => u.price === null)) {
    why.push(t('session.unpricedTokens', { tokens: f.count(totals.unpricedTokens) }));
  }
  if (totals.knownCosts.length > 0) {
    why.push(t('session.knownCost', { amounts: totals.knownCosts.map((c) => f.money(c.cost, c.currency)).join(' + ') }));
  }
  return (
    <span data-testid="session-cost-unknown">
      <strong>{t('session.costUnknown')}</strong>
      {why.length ? <span className="muted"> · {why.join(' · ')}</span> : null}
    </span>
  );
}

/** One row per usage: when, model or bot, tokens, and its cost at the price then in force ("no price" when unpriced). */
export function SessionUsageTable({ usage }: { usage: SessionUsage }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (usage.items.length === 0) return <p className="state state-empty">{t('session.noUsage')}</p>;
  const columns: Column<UsageLine>[] = [
    { id: 'at', header: t('session.usageAt'), cell: (u) => f.dateTime(u.occurredAt), rowHeader: true },
    { id: 'subject', header: t('session.usageSubject'), cell: (u) => (u.kind === 'bot' ? t('session.bot', { name: u.name }) : u.name) },
    { id: 'input', header: t('session.inputTokens'), cell: (u) => f.count(u.inputTokens), numeric: true },
    { id: 'output', header: t('session.outputTokens'), cell: (u) => f.count(u.outputTokens), numeric: true },
    {
      id: 'cost',
      header: t('session.usageCost'),
      numeric: true,
      cell: (u) =>
        u.price && u.cost !== null ? (
          <span title={t('session.priceFrom', { from: f.dateTime(u.price.effectiveFrom) })}>{f.money(u.cost, u.price.currency)}</span>
        ) : (
          <span className="muted">{t('session.noPrice')}</span>
        ),
    },
  ];
  return <DataTable caption={t('session.usage')} columns={columns} rows={usage.items} rowKey={(u) => u.usageId} testId="session-usage" />;
}
