// The dashboard's figures: where each one comes from in PeriodMetrics, which cohort it counts, and the drill-down
// filter that lists the sessions behind it, so a card, its change and its list can never disagree.
import { change } from './metrics.ts';
import type { DrillDown, Figure, FigureKey, PeriodMetrics } from './models.ts';

interface FigureDef {
  readonly key: FigureKey;
  readonly cohort: Figure['cohort'];
  readonly pick: (m: PeriodMetrics) => number | null;
  readonly drillDown: DrillDown | null;
}

const events = (key: FigureKey, pick: FigureDef['pick']): FigureDef => ({ key, cohort: 'events', pick, drillDown: null });

export const figureDefs: readonly FigureDef[] = [
  { key: 'sessions', cohort: 'started', pick: (m) => m.sessions, drillDown: { cohort: 'started' } },
  { key: 'ended', cohort: 'ended', pick: (m) => m.ended, drillDown: { cohort: 'ended' } },
  { key: 'aiResolved', cohort: 'ended', pick: (m) => m.aiResolved, drillDown: { cohort: 'ended', outcome: ['ai'] } },
  { key: 'agentHandled', cohort: 'ended', pick: (m) => m.agentHandled, drillDown: { cohort: 'ended', outcome: ['agent'] } },
  { key: 'abandoned', cohort: 'ended', pick: (m) => m.abandoned, drillDown: { cohort: 'ended', outcome: ['abandoned'] } },
  { key: 'aiResolutionRate', cohort: 'ended', pick: (m) => m.aiResolutionRate, drillDown: null },
  { key: 'transferred', cohort: 'transferred', pick: (m) => m.transferred, drillDown: { cohort: 'transferred' } },
  { key: 'transferRate', cohort: 'transferred', pick: (m) => m.transferRate, drillDown: null },
  events('messages.user', (m) => m.messages.user),
  events('messages.ai', (m) => m.messages.ai),
  events('messages.agent', (m) => m.messages.agent),
  events('aiResponseMs.mean', (m) => m.aiResponseMs.mean),
  events('aiResponseMs.p50', (m) => m.aiResponseMs.p50),
  events('aiResponseMs.p90', (m) => m.aiResponseMs.p90),
  {
    key: 'agentFirstResponseMs.count',
    cohort: 'firstAgentReply',
    pick: (m) => m.agentFirstResponseMs.count,
    drillDown: { cohort: 'firstAgentReply' },
  },
  { key: 'agentFirstResponseMs.mean', cohort: 'firstAgentReply', pick: (m) => m.agentFirstResponseMs.mean, drillDown: null },
  { key: 'agentFirstResponseMs.p50', cohort: 'firstAgentReply', pick: (m) => m.agentFirstResponseMs.p50, drillDown: null },
  { key: 'agentFirstResponseMs.p90', cohort: 'firstAgentReply', pick: (m) => m.agentFirstResponseMs.p90, drillDown: null },
  { key: 'durationSec.mean', cohort: 'ended', pick: (m) => m.durationSec.mean, drillDown: null },
  { key: 'durationSec.p50', cohort: 'ended', pick: (m) => m.durationSec.p50, drillDown: null },
  { key: 'satisfaction.total', cohort: 'rated', pick: (m) => m.satisfaction.total, drillDown: { cohort: 'rated' } },
  { key: 'satisfaction.mean', cohort: 'rated', pick: (m) => m.satisfaction.mean, drillDown: null },
  { key: 'satisfaction.csat', cohort: 'rated', pick: (m) => m.satisfaction.csat, drillDown: null },
  events('orderQueries.count', (m) => m.orderQueries.count),
  events('orderQueries.foundRate', (m) => m.orderQueries.foundRate),
  events('trackingQueries.count', (m) => m.trackingQueries.count),
  events('trackingQueries.foundRate', (m) => m.trackingQueries.foundRate),
];

/** Every figure of `current` beside its value in `previous` and the change between them. */
export function figuresOf(current: PeriodMetrics, previous: PeriodMetrics): Figure[] {
  return figureDefs.map((d) => {
    const value = d.pick(current);
    const before = d.pick(previous);
    return { key: d.key, value, previous: before, change: change(value, before), cohort: d.cohort, drillDown: d.drillDown };
  });
}
