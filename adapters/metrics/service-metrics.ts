// ServiceMetrics: the service's Prometheus metrics in a Registry of its own (two services in one process never
// share a series), with prom-client's default process metrics. The domain sees only its observer ports (ingest,
// jobs); transport times requests here and serves `text()` at /metrics.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestObserver } from '../../domain/ingest/ingest-observer.ts';
import type { JobObserver } from '../../domain/jobs/job.ts';
import { runningTrackers } from '../../domain/tracker/registry.ts';
import { ingestMetrics } from './ingest-metrics.ts';
import { jobMetrics } from './job-metrics.ts';
import { runtimeMetrics, type RuntimeSources } from './runtime-metrics.ts';

/** One answered HTTP request, labelled by its route pattern (never the raw URL: bounded labels). */
export interface RequestTiming {
  /** The route as registered (`/api/analytics/*`, `/trpc/:path`), or `unmatched`. */
  readonly route: string;
  readonly method: string;
  readonly status: number;
  readonly seconds: number;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  /** Counts what became of each ingested event (IngestEvents' observer). */
  readonly ingest: IngestObserver;
  /** Counts each job run (the job runner's observer). */
  readonly jobRan: JobObserver;
  readonly #requests: Histogram<'route' | 'method' | 'status'>;
  readonly #redisErrors: Counter;
  readonly #database: Gauge<'engine'>;
  #sources: RuntimeSources = { trackers: runningTrackers };

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.ingest = ingestMetrics(this.registry);
    this.jobRan = jobMetrics(this.registry);
    runtimeMetrics(this.registry, () => this.#sources);
    this.#requests = new Histogram({
      name: 'cs_analytics_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status: how long until the answer was sent',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#redisErrors = new Counter({
      name: 'cs_analytics_redis_errors_total',
      help: 'Errors of the Redis client (connection lost, refused, timed out)',
      registers,
    });
    this.#database = new Gauge({ name: 'cs_analytics_db_info', help: 'The database engine in use (1)', labelNames: ['engine'] as const, registers });
  }

  /**
   * Where scrapes read the database pool and the sinks from (the composition root, once they exist); the
   * in-process trackers are read from the tracker registry.
   */
  watch(sources: { readonly engine: string } & Omit<RuntimeSources, 'trackers'>): void {
    const { engine, ...rest } = sources;
    this.#database.reset();
    this.#database.set({ engine }, 1);
    this.#sources = { trackers: runningTrackers, ...rest };
  }

  requestAnswered(t: RequestTiming): void {
    this.#requests.observe({ route: t.route, method: t.method, status: String(t.status) }, t.seconds);
  }

  redisError(): void {
    this.#redisErrors.inc();
  }

  /** The Prometheus text exposition of every metric, read now. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
