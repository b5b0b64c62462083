// A row of dashboard figures as cards: value, change against the period before (previous value on hover), the
// cohort each one counts, and, for counts, the sessions behind it one click away.
import type { Figure, FigureKey } from '../api/router-types.ts';
import { useTranslation } from 'react-i18next';
import { ChangeBadge } from '../components/change-badge.tsx';
import { PercentileNote } from '../components/percentile-note.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { useFormat } from '../format/use-format.ts';
import type { SessionFilter } from '../sessions/use-drill.ts';
import { betterOf, formatFigure } from './figure-kinds.ts';

/** The period a row of figures covers, as `sessions.list` takes it. */
export type DrillPeriod = { day: string } | { from: string; to: string };

interface FigureCardsProps {
  figures: readonly Figure[];
  keys: readonly FigureKey[];
  period: DrillPeriod;
  /** "yesterday up to the same time" / "the previous 30 days". */
  against: string;
  /** "today" / "in the last 30 days": completes each card's cohort line. */
  periodLabel: string;
  testIdPrefix: string;
}

export function FigureCards({ figures, keys, period, against, periodLabel, testIdPrefix }: FigureCardsProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const byKey = new Map(figures.map((fig) => [fig.key, fig]));
  return (
    <div className={`grid ${keys.length % 5 === 0 ? 'grid-cards-5' : 'grid-cards'}`}>
      {keys.map((key) => {
        const fig = byKey.get(key);
        if (!fig) return null;
        const drill: SessionFilter | undefined = fig.drillDown ? { ...fig.drillDown, ...period } : undefined;
        return (
          <StatCard
            key={key}
            testId={`${testIdPrefix}-${key}`}
            label={t(`figure.${key}`)}
            value={formatFigure(f, key, fig.value)}
            drill={drill}
            change={<ChangeBadge change={fig.change} previous={formatFigure(f, key, fig.previous)} against={against} better={betterOf(key)} />}
            hint={/\.p[59]0$/.test(key) ? <PercentileNote /> : undefined}
            cohort={t(`cohort.${fig.cohort}`, { period: periodLabel })}
          />
        );
      })}
    </div>
  );
}
