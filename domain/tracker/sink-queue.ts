// SinkQueue: hands newly stored events to whatever derives state from them (realtime counters, token usage),
// each sink with its own bounded backlog, so one failing sink is retried alone and never gets an event twice.
// Events are applied in chunks: what arrives while a sink runs is applied together in its next call (up to chunkSize,
// or the sink's maxChunk), so under load a sink pays its per-call cost (a round trip, a transaction) per many events.
import type { AnalyticsEvent } from '../events/envelope.ts';

/** Derives state from events once they are stored. Called once per stored event (in chunks), in order. */
export interface RealtimeSink {
  readonly name?: string;
  /**
   * Nothing rebuilds this sink's state from stored events (token usage feeds billing): its backlog never drops.
   * Whoever stores events checks `hasRoom()` first and refuses (retryably) instead of storing more than it can take.
   */
  readonly lossless?: boolean;
  /**
   * Most events one apply may take when a backlog has built up (default: the queue's chunkSize). A sink whose cost
   * is mostly per call (a transaction) catches up faster with larger chunks.
   */
  readonly maxChunk?: number;
  apply(events: readonly AnalyticsEvent[]): Promise<void>;
}

export interface SinkQueueStats {
  applied: number;
  failures: number;
  pending: number;
  dropped: number;
}

export interface SinkQueueOptions {
  /** Events a sink's backlog may hold; past it, new events are counted as dropped (a lossless sink's are kept). */
  readonly maxPending: number;
  /** Most events per apply; a backlog this long is applied at once. */
  readonly chunkSize: number;
  /**
   * How long a partial chunk may wait for more events before it is applied (default 0: at once). A read right after
   * an ingest sees its events; under load chunks grow anyway, since what arrives while a sink runs is applied
   * together in its next call. drain() never waits for it.
   */
  readonly coalesceMs?: number;
  readonly onFailure: (sink: string, err: unknown) => void;
}

/** Default wait of a partial chunk (SinkQueueOptions.coalesceMs): none. */
export const SINK_COALESCE_MS = 0;

interface Lane {
  readonly sink: RealtimeSink;
  backlog: AnalyticsEvent[];
  running: Promise<void> | undefined;
}

export class SinkQueue {
  readonly #lanes: Lane[];
  readonly #maxPending: number;
  readonly #chunkSize: number;
  readonly #coalesceMs: number;
  readonly #onFailure: (sink: string, err: unknown) => void;
  readonly #stats = { applied: 0, failures: 0, dropped: 0 };
  /** Set while a partial chunk waits (SinkQueueOptions.coalesceMs). */
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(sinks: readonly RealtimeSink[], options: SinkQueueOptions) {
    this.#lanes = sinks.map((sink) => ({ sink, backlog: [], running: undefined }));
    this.#maxPending = options.maxPending;
    this.#chunkSize = Math.max(1, options.chunkSize);
    this.#coalesceMs = options.coalesceMs ?? SINK_COALESCE_MS;
    this.#onFailure = options.onFailure;
  }

  get size(): number {
    return this.#lanes.length;
  }

  /**
   * Whether every lossless sink's backlog can take `events` more within the bound. Ingest asks before it stores:
   * past the bound it refuses with a retryable error rather than store events whose token usage it would lose.
   */
  hasRoom(events: number): boolean {
    return this.#lanes.every((lane) => !lane.sink.lossless || lane.backlog.length + events <= this.#maxPending);
  }

  /**
   * Queues events for every sink (past the bound they are counted as dropped, except for a lossless sink, which keeps
   * them: its callers asked hasRoom() first): a sink with a full chunk waiting applies it now, the rest within coalesceMs.
   */
  push(events: readonly AnalyticsEvent[]): void {
    if (events.length === 0) return;
    for (const lane of this.#lanes) {
      const room = lane.sink.lossless ? events.length : Math.max(0, this.#maxPending - lane.backlog.length);
      if (room < events.length) this.#stats.dropped += events.length - room;
      for (let i = 0; i < Math.min(room, events.length); i++) lane.backlog.push(events[i]!);
    }
    this.#schedule();
  }

  /**
   * Applies everything pending now (no waiting for a chunk to fill), each sink in order; a failing sink stops until
   * the next call. Resolves once each lane ran dry or failed. Never rejects.
   */
  drain(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    return Promise.all(
      this.#lanes.map(async (lane) => {
        while (lane.running) await lane.running;
        if (lane.backlog.length > 0) await this.#drainLane(lane, true);
      }),
    ).then(() => undefined);
  }

  stats(): SinkQueueStats {
    const pending = this.#lanes.reduce((n, l) => Math.max(n, l.backlog.length), 0);
    return { ...this.#stats, pending };
  }

  /** Starts the lanes holding a full chunk; the others wait (once) for the timer, or go now when coalesceMs is 0. */
  #schedule(): void {
    let waiting = false;
    for (const lane of this.#lanes) {
      if (lane.backlog.length >= this.#chunkSize || (this.#coalesceMs === 0 && lane.backlog.length > 0)) void this.#drainLane(lane, false);
      else if (lane.backlog.length > 0) waiting = true;
    }
    if (!waiting || this.#timer) return;
    this.#timer = setTimeout(() => void this.drain(), this.#coalesceMs);
    this.#timer.unref?.();
  }

  /** Applies the lane's full chunks (`all`: every event) unless it is running; a failure stops it until the next call. */
  #drainLane(lane: Lane, all: boolean): Promise<void> {
    if (lane.running) return lane.running;
    const least = all || this.#coalesceMs === 0 ? 1 : this.#chunkSize;
    if (lane.backlog.length < least) return Promise.resolve();
    let failed = false;
    const run = async () => {
      while (lane.backlog.length >= least) {
        const chunk = lane.backlog.slice(0, Math.max(this.#chunkSize, lane.sink.maxChunk ?? 0));
        try {
          await lane.sink.apply(chunk);
        } catch (err) {
          failed = true;
          this.#stats.failures++;
          this.#onFailure(lane.sink.name ?? 'realtime', err);
          return;
        }
        lane.backlog.splice(0, chunk.length);
        this.#stats.applied += chunk.length;
      }
    };
    // Cleared in a later microtask: a run that ends synchronously (a sink throwing at once) must not leave its
    // settled promise behind as `running`, which would stop the lane for good. What arrived meanwhile (a partial
    // chunk) waits for the timer; a failed lane waits for the next drain.
    const running = run().finally(() => {
      if (lane.running === running) lane.running = undefined;
      if (!failed) this.#schedule();
    });
    lane.running = running;
    return running;
  }
}
