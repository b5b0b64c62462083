// Counters: the one mergeable shape every figure is computed from. A flat map of field -> integer per local day,
// added up across days, sessions and stores; histograms keep 3 significant digits so percentiles merge exactly.
import { dictionary } from '../dictionary.ts';
import { addDays, localDay, type LocalDay } from '../local-day.ts';

/** Made with dictionary() (no prototype): a field name carries a dimension from outside input (`agent.replies|<id>`). */
export type Counters = Record<string, number>;
/** Counters per local day. */
export type DayCounters = Record<LocalDay, Counters>;

export type HistogramName = 'aiResponseMs' | 'agentFirstResponseMs' | 'durationMs' | 'agentReplyMs';

/** Field names. A `|` separates a dimension (channel, agent) from the figure. */
export const field = {
  sessions: 'sessions',
  sessionsOn: (channel: string | null) => `sessions|${channel ?? 'unknown'}`,
  transferred: 'transferred',
  ended: 'ended',
  endedAs: (outcome: string) => `ended.${outcome}`,
  messages: (kind: 'user' | 'ai' | 'agent') => `messages.${kind}`,
  rating: (score: number) => `rating.${score}`,
  orders: 'orders',
  ordersFound: 'orders.found',
  tracking: 'tracking',
  trackingFound: 'tracking.found',
  agentHandled: (agentId: string) => `agent.handled|${agentId}`,
  agentReplies: (agentId: string) => `agent.replies|${agentId}`,
  agentReplyMsSum: (agentId: string) => `agent.replyMs.sum|${agentId}`,
  agentReplyMsCount: (agentId: string) => `agent.replyMs.n|${agentId}`,
  agentStatusMs: (status: string, agentId: string) => `agent.${status}Ms|${agentId}`,
  histBucket: (h: HistogramName, bucket: number) => `h.${h}:${bucket}`,
  histSum: (h: HistogramName) => `s.${h}`,
  histCount: (h: HistogramName) => `n.${h}`,
} as const;

/**
 * Rounds a non-negative value to 3 significant digits, half up (exact below 1000): the histogram bucket, its value the
 * middle of the values it holds. For whole ms the error is below 0.5 % (at most 5/1005, 1,005 as 1,010), and since
 * rounding never reorders values a nearest-rank percentile of the buckets is the exact one rounded: within 0.5 % too.
 */
export function bucketOf(value: number): number {
  const v = Math.max(0, Math.round(value));
  if (v < 1000) return v;
  const scale = 10 ** (Math.floor(Math.log10(v)) - 2);
  return Math.round(v / scale) * scale;
}

/** Adds `delta` to `field` of `day` in `into`. */
export function bump(into: DayCounters, day: LocalDay, name: string, delta = 1): void {
  if (delta === 0) return;
  const c = (into[day] ??= dictionary());
  const v = (c[name] ?? 0) + delta;
  if (v === 0) delete c[name];
  else c[name] = v;
}

export function observe(into: DayCounters, day: LocalDay, h: HistogramName, value: number, sign = 1): void {
  const rounded = Math.max(0, Math.round(value));
  bump(into, day, field.histBucket(h, bucketOf(rounded)), sign);
  bump(into, day, field.histSum(h), sign * rounded);
  bump(into, day, field.histCount(h), sign);
}

/** A copy of `c` (with no prototype, as every Counters). */
export function copyCounters(c: Counters): Counters {
  return Object.assign(dictionary<number>(), c);
}

/** `a + b` (new object). */
export function addCounters(a: Counters, b: Counters): Counters {
  const out = copyCounters(a);
  for (const [k, v] of Object.entries(b)) {
    const s = (out[k] ?? 0) + v;
    if (s === 0) delete out[k];
    else out[k] = s;
  }
  return out;
}

/** Adds every day of `b` into `a` (in place). */
export function mergeDayCounters(a: DayCounters, b: DayCounters): DayCounters {
  for (const [day, c] of Object.entries(b)) a[day] = addCounters(a[day] ?? {}, c);
  return a;
}

/** The sum of several days' counters (one accumulator, added in place: ranges of 180 days stay cheap). */
export function sumDays(days: Iterable<Counters>): Counters {
  const out: Counters = dictionary();
  for (const c of days) for (const k in c) out[k] = (out[k] ?? 0) + c[k]!;
  for (const k in out) if (out[k] === 0) delete out[k];
  return out;
}

export interface HistogramSummary {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
}

/** The buckets of every histogram in counters, split out in one pass: name -> [value, count] pairs, unsorted. */
export type HistogramIndex = Map<string, [number, number][]>;

export function histogramIndex(c: Counters): HistogramIndex {
  const out: HistogramIndex = new Map();
  for (const k in c) {
    if (k.charCodeAt(0) !== 104 /* h */ || k.charCodeAt(1) !== 46 /* . */) continue;
    const colon = k.indexOf(':', 2);
    const v = c[k]!;
    if (colon < 0 || v <= 0) continue;
    const name = k.slice(2, colon);
    let list = out.get(name);
    if (!list) out.set(name, (list = []));
    list.push([Number(k.slice(colon + 1)), v]);
  }
  return out;
}

/**
 * Mean, p50 and p90 of a histogram held in counters. Percentiles are nearest-rank (PostgreSQL's
 * percentile_disc): the smallest bucket whose cumulative count reaches p of all. Pass `index` (histogramIndex of
 * the same counters) when summarizing several histograms of one object.
 */
export function summarize(c: Counters, h: HistogramName, scale = 1, index?: HistogramIndex): HistogramSummary {
  const count = c[field.histCount(h)] ?? 0;
  if (count <= 0) return { count: 0, mean: null, p50: null, p90: null };
  const buckets = [...((index ?? histogramIndex(c)).get(h) ?? [])].sort((x, y) => x[0] - y[0]);
  const at = (p: number): number | null => {
    const rank = Math.max(1, Math.ceil(p * count));
    let seen = 0;
    for (const [value, n] of buckets) {
      seen += n;
      if (seen >= rank) return value / scale;
    }
    return buckets.length ? buckets[buckets.length - 1]![0] / scale : null;
  };
  return { count, mean: (c[field.histSum(h)] ?? 0) / count / scale, p50: at(0.5), p90: at(0.9) };
}

/** `c` without the buckets of the histograms not in `keep` (sums and counts stay). New object. */
export function keepHistogramBuckets(c: Counters, keep: readonly HistogramName[]): Counters {
  const out: Counters = dictionary();
  for (const k in c) {
    if (k.startsWith('h.')) {
      const colon = k.indexOf(':', 2);
      if (colon < 0 || !keep.includes(k.slice(2, colon) as HistogramName)) continue;
    }
    out[k] = c[k]!;
  }
  return out;
}

/** Values of a dimensioned field (`name|dim`) by dimension (a Map: a dimension is outside input, `__proto__` too). */
export function byDimension(c: Counters, name: string): Map<string, number> {
  const out = new Map<string, number>();
  const prefix = `${name}|`;
  for (const [k, v] of Object.entries(c)) if (k.startsWith(prefix)) out.set(k.slice(prefix.length), v);
  return out;
}

/** Splits the span [from, to) over the local days it covers, in ms per day. */
export function splitByDay(from: Date, to: Date, zone: string, dayStart: (day: LocalDay) => Date): [LocalDay, number][] {
  const out: [LocalDay, number][] = [];
  let t = from.getTime();
  const end = to.getTime();
  while (t < end) {
    const day = localDay(new Date(t), zone);
    const next = Math.min(end, dayStart(addDays(day, 1)).getTime());
    out.push([day, next - t]);
    if (next <= t) break;
    t = next;
  }
  return out;
}
