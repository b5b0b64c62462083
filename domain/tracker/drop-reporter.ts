// DropReporter: every event a tracker refuses or drops is counted by reason and reported, at most about once a
// second with the counts since the last report, so a flood of drops is never silent and never a log storm.
import type { DropReason } from './tracker-stats.ts';

export type NotedReason = DropReason | 'invalid' | 'after_stop';

export interface DroppedIssue {
  kind: 'dropped';
  counts: Partial<Record<NotedReason, number>>;
  message: string;
}

export class DropReporter {
  readonly #label: string;
  readonly #emit: (issue: DroppedIssue) => void;
  readonly #everyMs: number;
  #counts: Partial<Record<NotedReason, number>> = {};
  #sample = '';
  #lastAt = -Infinity;

  constructor(label: string, emit: (issue: DroppedIssue) => void, everyMs = 1000) {
    this.#label = label;
    this.#emit = emit;
    this.#everyMs = everyMs;
  }

  /** Counts `n` events lost for `reason`; reports soon (never on the caller's stack) if none was reported lately. */
  note(reason: NotedReason, n: number, sample: string): void {
    this.#counts[reason] = (this.#counts[reason] ?? 0) + n;
    if (!this.#sample) this.#sample = sample;
    const now = Date.now();
    if (now - this.#lastAt >= this.#everyMs) {
      this.#lastAt = now;
      queueMicrotask(() => this.report());
    }
  }

  /** Reports what was counted since the last report, if anything. */
  report(): void {
    const counts = this.#counts;
    if (Object.keys(counts).length === 0) return;
    this.#counts = {};
    this.#lastAt = Date.now();
    const summary = Object.entries(counts)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const message = `analytics tracker ${this.#label}: ${summary} (e.g. ${this.#sample})`;
    this.#sample = '';
    this.#emit({ kind: 'dropped', counts, message });
  }
}
