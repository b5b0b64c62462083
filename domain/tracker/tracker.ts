// AnalyticsTracker: what products call on their hot path. track() validates, stamps and enqueues synchronously;
// batches are written in the background, idempotently, with retries, and nothing is lost or dropped silently.
import type { Clock, IdSource } from '../clock.ts';
import { PermanentStoreError, TransientStoreError } from '../errors.ts';
import type { EventData, EventName } from '../events/catalog.ts';
import { validateEvent, type AnalyticsEvent } from '../events/envelope.ts';
import type { Logger } from '../logger.ts';
import { retryDelay, sleep } from './backoff.ts';
import { EventQueue, type QueuedEvent } from './event-queue.ts';
import { DropReporter, type DroppedIssue } from './drop-reporter.ts';
import { SinkQueue, type RealtimeSink } from './sink-queue.ts';
import { emptyStats, type DropReason, type TrackerStats } from './tracker-stats.ts';
import {
  isEncodingStore,
  rejectionReason,
  type EncodingEventStore,
  type RejectedEvent,
  type TrackerAppendResult,
  type TrackerEventStore,
} from './tracker-store.ts';
import { defaultTrackerOptions, type TrackerOptions } from './tracker-options.ts';

export type { RealtimeSink } from './sink-queue.ts';
export type { EncodingEventStore, TrackerEventStore, TrackerAppendResult } from './tracker-store.ts';
export type { OverflowPolicy, TrackerOptions } from './tracker-options.ts';

export interface TrackerPorts {
  /** Where batches go: an EventStore in this process, or the HTTP transport (only `append` is used). */
  readonly events: TrackerEventStore;
  /** Sinks fed with newly stored events (realtime counters, token usage), each retried on its own. */
  readonly realtime?: RealtimeSink | readonly RealtimeSink[];
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger?: Logger;
}

export type TrackerIssue = DroppedIssue | { kind: 'store_error'; message: string; permanent: boolean } | { kind: 'realtime_error'; message: string };

/** Envelope fields a product may set on one event besides `name`, `data` and `sessionId`. */
export interface TrackEnvelope {
  readonly id?: string;
  readonly occurredAt?: Date | string;
  readonly agentId?: string;
  readonly channel?: string;
  readonly product?: string;
}

export interface StopReport {
  /** True when everything queued was settled before the deadline. */
  readonly drained: boolean;
  /** Events given up at the deadline (counted in dropped.shutdown). */
  readonly abandoned: number;
  readonly stats: TrackerStats;
}

/** A queued event: the event, or its store's encoding of it (see EncodingEventStore). */
type Queued = AnalyticsEvent | string;

interface Batch {
  readonly items: QueuedEvent<Queued>[];
  abandoned: boolean;
}

interface FlushWaiter {
  readonly target: number;
  readonly resolve: () => void;
}

export class AnalyticsTracker {
  readonly product: string;
  readonly #ports: TrackerPorts;
  readonly #opts: TrackerOptions;
  readonly #queue = new EventQueue<Queued>();
  readonly #inFlight = new Set<Batch>();
  readonly #stats = emptyStats();
  readonly #abort = new AbortController();
  #seq = 0;
  #waiters: FlushWaiter[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #pumpScheduled = false;
  #stopped = false;
  #stopping: Promise<StopReport> | undefined;
  readonly #sinks: SinkQueue;
  readonly #drops: DropReporter;
  /** Set when queued events are kept encoded: the store encodes, and no realtime sink needs the events themselves. */
  readonly #encoding: EncodingEventStore | undefined;
  /** Made once: a closure per track() call was measurable on the hot path. */
  readonly #newId = (): string => this.#ports.ids.next();

  /**
   * A tracker with AnalyticsConfig's defaults under the given options; it reads no environment. Products call
   * initTracker() instead, which also takes the ANALYTICS_* variables (or an AnalyticsConfig) and keeps one per product.
   */
  constructor(product: string, ports: TrackerPorts, options: Partial<TrackerOptions> = {}) {
    this.product = product;
    this.#ports = ports;
    this.#opts = { ...defaultTrackerOptions, ...options };
    this.#drops = new DropReporter(product, (issue) => this.#emit(issue));
    const sinks = ports.realtime === undefined ? [] : Array.isArray(ports.realtime) ? ports.realtime : [ports.realtime as RealtimeSink];
    this.#encoding = sinks.length === 0 && isEncodingStore(ports.events) ? ports.events : undefined;
    this.#sinks = new SinkQueue(sinks, {
      maxPending: this.#opts.maxQueueEvents,
      chunkSize: this.#opts.bufferSize,
      onFailure: (sink, err) => {
        // Sinks derive from what is stored: a failure waits for the next try and never blocks storage.
        const message = `${sink} sink: ${(err as Error)?.message ?? String(err)}`;
        this.#setError(message);
        this.#emit({ kind: 'realtime_error', message });
      },
    });
  }

  /** Starts the flush timer (it never keeps the process alive). Idempotent. */
  start(): this {
    if (this.#timer || this.#stopped) return this;
    this.#timer = setInterval(() => this.#tick(), this.#opts.flushIntervalMs);
    this.#timer.unref?.();
    return this;
  }

  /**
   * Records one event. Synchronous, cheap, and it never throws: an invalid event is counted and reported
   * (stats().invalid, the logger, onError), never thrown into the product.
   */
  track<N extends EventName>(name: N, data: EventData<N>, sessionId?: string, envelope?: TrackEnvelope): void {
    try {
      if (this.#stopped) {
        this.#stats.afterStop++;
        this.#drops.note('after_stop', 1, `track(${String(name)}) after stop()`);
        return;
      }
      const now = this.#ports.clock.now();
      const result = validateEvent(
        {
          id: envelope?.id,
          name,
          occurredAt: envelope?.occurredAt ?? now,
          sessionId,
          agentId: envelope?.agentId,
          channel: envelope?.channel,
          product: envelope?.product,
          data,
        },
        {
          tenantId: this.#opts.tenantId,
          now,
          retentionDays: this.#opts.retentionDays,
          newId: this.#newId,
          product: this.product,
        },
      );
      if (!result.ok) {
        this.#stats.invalid++;
        this.#setError(`invalid ${String(name)}: ${result.error}`);
        this.#drops.note('invalid', 1, `invalid ${String(name)}: ${result.error}`);
        return;
      }
      if (this.#encoding) {
        const wire = this.#encoding.encode(result.event, result.dataJson);
        this.#enqueue(wire, Buffer.byteLength(wire));
      } else {
        this.#enqueue(result.event, result.bytes);
      }
    } catch (err) {
      // A bug of ours must not become the product's problem: count it as an invalid call.
      this.#stats.invalid++;
      this.#setError(`track failed: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  /** Writes everything queued at the time of the call. Resolves when it is settled; never rejects. */
  flush(): Promise<void> {
    const target = this.#seq;
    if (target < this.#minUnsettled()) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiters.push({ target, resolve });
      this.#pump();
    });
  }

  /** Retries realtime updates that failed earlier (they are also retried on every flush interval). */
  updateRealtime(): Promise<void> {
    return this.#sinks.drain();
  }

  /**
   * Stops taking events, writes what is queued until the deadline, and reports. Idempotent: a second call
   * returns the same report. Events still unwritten at the deadline are counted as dropped (shutdown).
   */
  stop(options: { deadlineMs?: number } = {}): Promise<StopReport> {
    if (this.#stopping) return this.#stopping;
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    const deadlineMs = options.deadlineMs ?? 10_000;
    this.#stopping = (async () => {
      const started = Date.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs)));
      const drained = await Promise.race([this.flush().then(() => true as const), deadline]);
      let abandoned = 0;
      if (!drained) abandoned = this.#abandonAll();
      const left = Math.max(0, deadlineMs - (Date.now() - started));
      await Promise.race([this.#sinks.drain(), deadline.then(() => undefined), sleep(left)]);
      clearTimeout(timer);
      this.#abort.abort();
      this.#drops.report();
      return { drained, abandoned, stats: this.stats() };
    })();
    return this.#stopping;
  }

  /** A snapshot of what this tracker has done. enqueued = written + duplicates + dropped + queued. */
  stats(): TrackerStats {
    const s = this.#stats;
    let inFlightEvents = 0;
    for (const b of this.#inFlight) if (!b.abandoned) inFlightEvents += b.items.length;
    return {
      ...s,
      dropped: { ...s.dropped },
      rejected: { ...s.rejected },
      queued: this.#queue.length + inFlightEvents,
      queueBytes: this.#queue.bytes,
      inFlightBatches: this.#inFlight.size,
      realtime: this.#sinks.stats(),
      lastError: s.lastError ? { ...s.lastError } : null,
    };
  }

  /** Events waiting to be written (not those being written), oldest first. */
  get buffer(): readonly AnalyticsEvent[] {
    const { tenantId } = this.#opts;
    return this.#queue.peek().map(({ event }) => (typeof event === 'string' ? this.#encoding!.decode(event, tenantId) : event));
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  // ---- queue -------------------------------------------------------------------------------------------

  #enqueue(event: Queued, bytes: number): void {
    this.#stats.enqueued++;
    const { maxQueueEvents, maxQueueBytes, overflow } = this.#opts;
    const reason: DropReason | null =
      this.#queue.length >= maxQueueEvents ? 'queue_full' : this.#queue.bytes + bytes > maxQueueBytes ? 'queue_bytes' : null;
    if (reason) {
      if (overflow === 'drop-newest' || this.#queue.length === 0) {
        this.#drop(reason, 1);
        return;
      }
      while (this.#queue.length > 0 && (this.#queue.length >= maxQueueEvents || this.#queue.bytes + bytes > maxQueueBytes)) {
        this.#queue.shift();
        this.#drop(reason, 1);
      }
      this.#settleWaiters();
    }
    this.#queue.push({ event, bytes, seq: ++this.#seq });
    if (this.#queue.length >= this.#opts.bufferSize) this.#schedulePump();
  }

  #drop(reason: DropReason, n: number): void {
    this.#stats.dropped[reason] += n;
    this.#drops.note(reason, n, `dropped ${n} event(s): ${reason}`);
  }

  #minUnsettled(): number {
    let min = this.#queue.headSeq;
    for (const b of this.#inFlight) if (!b.abandoned && b.items[0]!.seq < min) min = b.items[0]!.seq;
    return min;
  }

  #settleWaiters(): void {
    if (this.#waiters.length === 0) return;
    const min = this.#minUnsettled();
    const waiting: FlushWaiter[] = [];
    for (const w of this.#waiters) w.target < min ? w.resolve() : waiting.push(w);
    this.#waiters = waiting;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    // Out of the product's call stack: the write itself is never paid for inside track().
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    const { bufferSize, maxInFlight } = this.#opts;
    while (this.#inFlight.size < maxInFlight && this.#queue.length > 0) {
      const full = this.#queue.length >= bufferSize;
      const wanted = this.#waiters.some((w) => w.target >= this.#queue.headSeq);
      if (!full && !wanted) return;
      const batch: Batch = { items: this.#queue.take(bufferSize), abandoned: false };
      this.#inFlight.add(batch);
      void this.#write(batch);
    }
  }

  async #write(batch: Batch): Promise<void> {
    const events = batch.items.map((i) => i.event);
    const encoding = this.#encoding;
    const append = encoding ? () => encoding.appendEncoded(events as string[]) : () => this.#ports.events.append(events as AnalyticsEvent[]);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await Promise.resolve().then(append);
        if (!batch.abandoned) this.#settleWritten(events, result);
        break;
      } catch (err) {
        const permanent = PermanentStoreError.is(err);
        const message = `event store: ${(err as Error)?.message ?? String(err)}`;
        this.#setError(message);
        this.#emit({ kind: 'store_error', message, permanent });
        if (batch.abandoned) break;
        if (permanent) {
          this.#countReason((err as { reason?: string }).reason ?? 'store_error', events.length);
          this.#drop('store_rejected', events.length);
          break;
        }
        this.#stats.retried += events.length;
        // The same events (same ids) again, after full-jitter backoff, never sooner than the store's Retry-After.
        const floor = TransientStoreError.is(err) ? (err.retryAfterMs ?? 0) : 0;
        await sleep(retryDelay(attempt, this.#opts.backoff, this.#opts.random, floor), this.#abort.signal);
        if (batch.abandoned || this.#abort.signal.aborted) break;
      }
    }
    this.#inFlight.delete(batch);
    this.#settleWaiters();
    this.#pump();
  }

  #settleWritten(events: Queued[], result: TrackerAppendResult): void {
    const { stored: storedIds, rejected } = result;
    const storedCount = result.storedCount ?? storedIds.length;
    this.#stats.written += storedCount;
    this.#stats.duplicates += events.length - storedCount - rejected.length;
    if (rejected.length > 0) this.#countRejected(rejected);
    if (this.#sinks.size === 0 || storedIds.length === 0) return;
    // Sinks exist only when events are queued as such (never encoded).
    const stored = events as AnalyticsEvent[];
    this.#sinks.push(storedIds.length === stored.length ? stored : pick(stored, storedIds));
  }

  #countReason(reason: string, n: number): void {
    this.#stats.rejected[reason] = (this.#stats.rejected[reason] ?? 0) + n;
  }

  #countRejected(rejected: readonly RejectedEvent[]): void {
    for (const r of rejected) this.#countReason(rejectionReason(r), 1);
    this.#setError(`event store rejected ${rejected.length} event(s): ${rejected[0]!.error}`);
    this.#drop('store_rejected', rejected.length);
  }

  /** Gives up on everything unwritten (stop deadline); returns how many events that was. */
  #abandonAll(): number {
    let n = this.#queue.clear();
    for (const b of this.#inFlight) {
      if (!b.abandoned) n += b.items.length;
      b.abandoned = true;
    }
    this.#inFlight.clear();
    if (n > 0) this.#drop('shutdown', n);
    this.#abort.abort();
    this.#settleWaiters();
    return n;
  }

  // ---- reporting ---------------------------------------------------------------------------------------

  #tick(): void {
    void this.flush();
    void this.#sinks.drain();
    this.#drops.report();
  }

  #emit(issue: TrackerIssue): void {
    try {
      this.#ports.logger?.warn(issue.message, { product: this.product, kind: issue.kind });
    } catch {
      /* a broken logger must not break the tracker */
    }
    try {
      this.#opts.onError?.(issue);
    } catch {
      /* nor a broken hook */
    }
  }

  #setError(message: string): void {
    this.#stats.lastError = { message, at: new Date().toISOString() };
  }
}

function pick(events: AnalyticsEvent[], ids: readonly string[]): AnalyticsEvent[] {
  const wanted = new Set(ids);
  return events.filter((e) => wanted.has(e.id));
}
