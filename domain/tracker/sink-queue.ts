// SinkQueue: hands newly stored events to whatever derives state from them (realtime counters, token usage),
// each sink with its own bounded backlog, so one failing sink is retried alone and never gets an event twice.
import type { AnalyticsEvent } from '../events/envelope.ts';

/** Derives state from events once they are stored. Called once per stored event (in chunks), in order. */
export interface RealtimeSink {
  readonly name?: string;
  apply(events: readonly AnalyticsEvent[]): Promise<void>;
}

export interface SinkQueueStats {
  applied: number;
  failures: number;
  pending: number;
  dropped: number;
}

interface Lane {
  readonly sink: RealtimeSink;
  backlog: AnalyticsEvent[];
  running: Promise<void> | undefined;
}

export class SinkQueue {
  readonly #lanes: Lane[];
  readonly #maxPending: number;
  readonly #chunkSize: number;
  readonly #onFailure: (sink: string, err: unknown) => void;
  readonly #stats = { applied: 0, failures: 0, dropped: 0 };

  constructor(sinks: readonly RealtimeSink[], options: { maxPending: number; chunkSize: number; onFailure: (sink: string, err: unknown) => void }) {
    this.#lanes = sinks.map((sink) => ({ sink, backlog: [], running: undefined }));
    this.#maxPending = options.maxPending;
    this.#chunkSize = options.chunkSize;
    this.#onFailure = options.onFailure;
  }

  get size(): number {
    return this.#lanes.length;
  }

  /** Queues events for every sink (past the bound they are counted as dropped) and starts draining. */
  push(events: readonly AnalyticsEvent[]): void {
    if (events.length === 0) return;
    for (const lane of this.#lanes) {
      const room = Math.max(0, this.#maxPending - lane.backlog.length);
      if (room < events.length) this.#stats.dropped += events.length - room;
      for (let i = 0; i < Math.min(room, events.length); i++) lane.backlog.push(events[i]!);
    }
    void this.drain();
  }

  /** Applies what is pending, each sink in order; a failing sink stops until the next call. Never rejects. */
  drain(): Promise<void> {
    return Promise.all(this.#lanes.map((lane) => this.#drainLane(lane))).then(() => undefined);
  }

  stats(): SinkQueueStats {
    const pending = this.#lanes.reduce((n, l) => Math.max(n, l.backlog.length), 0);
    return { ...this.#stats, pending };
  }

  #drainLane(lane: Lane): Promise<void> {
    if (lane.running) return lane.running;
    if (lane.backlog.length === 0) return Promise.resolve();
    const run = async () => {
      while (lane.backlog.length > 0) {
        const chunk = lane.backlog.slice(0, this.#chunkSize);
        try {
          await lane.sink.apply(chunk);
        } catch (err) {
          this.#stats.failures++;
          this.#onFailure(lane.sink.name ?? 'realtime', err);
          return;
        }
        lane.backlog.splice(0, chunk.length);
        this.#stats.applied += chunk.length;
      }
    };
    // Cleared in a later microtask: a run that ends synchronously (a sink throwing at once) must not leave its
    // settled promise behind as `running`, which would stop the lane for good.
    const running = run().finally(() => {
      if (lane.running === running) lane.running = undefined;
    });
    lane.running = running;
    return running;
  }
}
