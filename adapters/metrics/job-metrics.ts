// Job runs, their durations and failures, by job name: the JobObserver the composition root gives the job runner.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobObserver } from '../../domain/jobs/job.ts';

/** Counts each run of a job into `registry`. */
export function jobMetrics(registry: Registry): JobObserver {
  const registers = [registry];
  const runs = new Counter({
    name: 'cs_analytics_job_runs_total',
    help: 'Job runs by job and how they ended: done, failed, or skipped (another instance had it)',
    labelNames: ['job', 'status'] as const,
    registers,
  });
  const failures = new Counter({
    name: 'cs_analytics_job_failures_total',
    help: 'Job runs that failed (each runs again at its next time), by job',
    labelNames: ['job'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'cs_analytics_job_duration_seconds',
    help: 'How long a job run took (done or failed), by job',
    labelNames: ['job', 'status'] as const,
    buckets: [0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600],
    registers,
  });
  const lastSuccess = new Gauge({
    name: 'cs_analytics_job_last_success_timestamp_seconds',
    help: 'When a run of the job last ended done (Unix seconds), in this process',
    labelNames: ['job'] as const,
    registers,
  });
  return (job, outcome) => {
    runs.inc({ job, status: outcome.status });
    if (outcome.status === 'skipped') return;
    duration.observe({ job, status: outcome.status }, outcome.durationMs / 1000);
    if (outcome.status === 'failed') failures.inc({ job });
    else lastSuccess.set({ job }, Date.now() / 1000);
  };
}
