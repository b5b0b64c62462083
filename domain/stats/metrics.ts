// From counters to the metrics of docs/metrics.md. Rates and percentiles are computed here, once, from merged
// counters: a multi-day figure is never an average of daily figures.
import { field, histogramIndex, summarize, type Counters } from './counters.ts';
import type { PeriodMetrics, Satisfaction } from './models.ts';

export function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

/** `(cur - prev) / prev`, null when prev is 0 (or either is unknown). */
export function change(cur: number | null, prev: number | null): number | null {
  if (cur === null || prev === null || prev === 0) return null;
  return (cur - prev) / prev;
}

export function satisfactionOf(c: Counters): Satisfaction {
  const counts = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let total = 0;
  let sum = 0;
  for (const s of [1, 2, 3, 4, 5] as const) {
    counts[s] = c[field.rating(s)] ?? 0;
    total += counts[s];
    sum += s * counts[s];
  }
  return { counts, total, mean: total ? sum / total : null, csat: ratio(counts[4] + counts[5], total) };
}

export function metricsOf(c: Counters): PeriodMetrics {
  const get = (k: string) => c[k] ?? 0;
  const ended = get(field.ended);
  const sessions = get(field.sessions);
  const transferred = get(field.transferred);
  const index = histogramIndex(c);
  const duration = summarize(c, 'durationMs', 1000, index);
  const orders = get(field.orders);
  const tracking = get(field.tracking);
  return {
    sessions,
    ended,
    aiResolved: get(field.endedAs('ai')),
    agentHandled: get(field.endedAs('agent')),
    abandoned: get(field.endedAs('abandoned')),
    aiResolutionRate: ratio(get(field.endedAs('ai')), ended),
    transferred,
    transferRate: ratio(transferred, sessions),
    messages: { user: get(field.messages('user')), ai: get(field.messages('ai')), agent: get(field.messages('agent')) },
    aiResponseMs: summarize(c, 'aiResponseMs', 1, index),
    agentFirstResponseMs: summarize(c, 'agentFirstResponseMs', 1, index),
    durationSec: duration,
    satisfaction: satisfactionOf(c),
    orderQueries: { count: orders, found: get(field.ordersFound), foundRate: ratio(get(field.ordersFound), orders) },
    trackingQueries: { count: tracking, found: get(field.trackingFound), foundRate: ratio(get(field.trackingFound), tracking) },
  };
}
