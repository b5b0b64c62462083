// Kysely table types of the job runner.
import type { ColumnType } from 'kysely';
import type { Json } from '../db/column-types.ts';

/** One run of a job for one scheduled slot (manual runs use their start time as the slot). */
export interface JobRunsTable {
  job: string;
  slot: Date;
  instance: string;
  started_at: ColumnType<Date, Date | undefined, Date>;
  finished_at: Date | null;
  ok: boolean | null;
  summary: Json<Record<string, unknown>> | null;
  error: string | null;
}

export interface JobTables {
  analytics_job_runs: JobRunsTable;
}
