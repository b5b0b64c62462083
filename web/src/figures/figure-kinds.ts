// How each dashboard figure reads: its unit (count, rate, time, score) and which way is better.
import type { FigureKey } from '../api/router-types.ts';
import type { Better } from '../components/change-badge.tsx';
import type { Formatters } from '../format/formatters.ts';

type Kind = 'count' | 'rate' | 'ms' | 'sec' | 'score';

const kinds: Record<FigureKey, { kind: Kind; better: Better }> = {
  sessions: { kind: 'count', better: 'neither' },
  ended: { kind: 'count', better: 'neither' },
  aiResolved: { kind: 'count', better: 'up' },
  agentHandled: { kind: 'count', better: 'neither' },
  abandoned: { kind: 'count', better: 'down' },
  aiResolutionRate: { kind: 'rate', better: 'up' },
  transferred: { kind: 'count', better: 'down' },
  transferRate: { kind: 'rate', better: 'down' },
  'messages.user': { kind: 'count', better: 'neither' },
  'messages.ai': { kind: 'count', better: 'neither' },
  'messages.agent': { kind: 'count', better: 'neither' },
  'aiResponseMs.mean': { kind: 'ms', better: 'down' },
  'aiResponseMs.p50': { kind: 'ms', better: 'down' },
  'aiResponseMs.p90': { kind: 'ms', better: 'down' },
  'agentFirstResponseMs.count': { kind: 'count', better: 'neither' },
  'agentFirstResponseMs.mean': { kind: 'ms', better: 'down' },
  'agentFirstResponseMs.p50': { kind: 'ms', better: 'down' },
  'agentFirstResponseMs.p90': { kind: 'ms', better: 'down' },
  'durationSec.mean': { kind: 'sec', better: 'neither' },
  'durationSec.p50': { kind: 'sec', better: 'neither' },
  'satisfaction.total': { kind: 'count', better: 'neither' },
  'satisfaction.mean': { kind: 'score', better: 'up' },
  'satisfaction.csat': { kind: 'rate', better: 'up' },
  'orderQueries.count': { kind: 'count', better: 'neither' },
  'orderQueries.foundRate': { kind: 'rate', better: 'up' },
  'trackingQueries.count': { kind: 'count', better: 'neither' },
  'trackingQueries.foundRate': { kind: 'rate', better: 'up' },
};

/** Which way is better for a figure. */
export const betterOf = (key: FigureKey): Better => kinds[key].better;

/** A figure's value in its unit and the current locale. */
export function formatFigure(f: Formatters, key: FigureKey, value: number | null): string {
  switch (kinds[key].kind) {
    case 'count':
      return f.count(value);
    case 'rate':
      return f.percent(value);
    case 'ms':
      return f.duration(value);
    case 'sec':
      return f.duration(value === null ? null : value * 1000);
    case 'score':
      return f.decimal(value, 2);
  }
}
