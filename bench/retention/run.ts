// Retention benchmark: removing one day of 110,000 events by dropping its partition, beside DELETE of the same rows
// (same table, same run); prints both times, the ratio, and the dead tuples each leaves for VACUUM.
// Run: npx tsx bench/retention/run.ts [events=110000] [runs=3]   (DATABASE_URL or TEST_DATABASE_URL)
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../adapters/postgres/db/connect.ts';
import { migrateToLatest } from '../../adapters/postgres/db/migrate.ts';
import { EventPartitions, partitionName } from '../../adapters/postgres/events/partitions.ts';
import type { Database } from '../../adapters/postgres/schema.ts';

const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const perDay = Number(process.argv[2] ?? 110_000);
const runs = Number(process.argv[3] ?? 3);
const schema = `bench_retention_${randomBytes(4).toString('hex')}`;
const DAY = '2026-01-10';

/** One day of chat traffic, written server-side (the load is not what is measured). */
async function fillDay(db: Kysely<Database>, day: string): Promise<void> {
  await sql`
    INSERT INTO analytics_events (tenant_id, id, name, occurred_at, session_id, channel, product, data)
    SELECT 'bench', gen_random_uuid(), (ARRAY['message.user', 'message.ai', 'session.start', 'session.end'])[1 + i % 4],
      ${`${day}T00:00:00Z`}::timestamptz + (i * interval '780 milliseconds'), 's' || (i / 12), 'web', 'ai_chatbot',
      jsonb_build_object('responseTimeMs', 600 + i % 900, 'model', 'doubao-pro')
    FROM generate_series(1, ${perDay}) AS i`.execute(db);
  await sql`ANALYZE ${sql.table(partitionName(day))}`.execute(db);
}

/** Dead tuples in a table and its indexes' worth of pages, counted exactly (pgstattuple, in the bench schema). */
async function deadTuples(db: Kysely<Database>, table: string): Promise<{ tuples: number; bytes: number }> {
  const { rows } = await sql<{ tuples: number; bytes: number }>`
    SELECT dead_tuple_count::int AS tuples, dead_tuple_len::bigint AS bytes FROM pgstattuple(${`${schema}.${table}`}::regclass)`.execute(db);
  return rows[0] ?? { tuples: 0, bytes: 0 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  const handle = await openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 2 });
  const { db } = handle;
  try {
    await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(db);
    await migrateToLatest(db);
    await sql`CREATE EXTENSION IF NOT EXISTS pgstattuple SCHEMA ${sql.id(schema)}`.execute(db);
    const partitions = new EventPartitions(db);
    const drops: number[] = [];
    const jobDrops: number[] = [];
    const deletes: number[] = [];
    const vacuums: number[] = [];
    let deadAfterDelete = { tuples: 0, bytes: 0 };
    for (let run = 1; run <= runs; run++) {
      await partitions.ensure([DAY]);
      await fillDay(db, DAY);
      let t = performance.now();
      await sql`DROP TABLE ${sql.table(partitionName(DAY))}`.execute(db);
      drops.push(performance.now() - t);
      partitions.forget();

      // The same through the cleanup job's call, which also counts the rows it removes for its log line.
      await partitions.ensure([DAY]);
      await fillDay(db, DAY);
      t = performance.now();
      const dropped = await partitions.dropBefore('2026-01-11');
      jobDrops.push(performance.now() - t);
      if (dropped.rows !== perDay) throw new Error(`dropped ${dropped.rows} rows, expected ${perDay}`);

      await partitions.ensure([DAY]);
      await fillDay(db, DAY);
      t = performance.now();
      const { numDeletedRows } = await db
        .deleteFrom('analytics_events')
        .where('occurred_at', '>=', new Date(`${DAY}T00:00:00Z`))
        .where('occurred_at', '<', new Date('2026-01-11T00:00:00Z'))
        .executeTakeFirst();
      deletes.push(performance.now() - t);
      if (Number(numDeletedRows) !== perDay) throw new Error(`deleted ${numDeletedRows} rows, expected ${perDay}`);
      deadAfterDelete = await deadTuples(db, partitionName(DAY));
      t = performance.now();
      await sql`VACUUM ${sql.table(partitionName(DAY))}`.execute(db);
      vacuums.push(performance.now() - t);
      await sql`DROP TABLE ${sql.table(partitionName(DAY))}`.execute(db);
      partitions.forget();
      console.log(
        `run ${run}: DROP ${ms(drops.at(-1)!)} (job call with row count ${ms(jobDrops.at(-1)!)}), DELETE ${ms(deletes.at(-1)!)}` +
          ` + VACUUM ${ms(vacuums.at(-1)!)}, dead tuples after DELETE ${deadAfterDelete.tuples}`,
      );
    }
    const [drop, jobDrop, del, vac] = [median(drops), median(jobDrops), median(deletes), median(vacuums)];
    const mb = (deadAfterDelete.bytes / 1024 / 1024).toFixed(1);
    console.log(`\none day of ${perDay.toLocaleString('en-US')} events, ${runs} runs (medians)`);
    console.log(`DROP of the day's partition:       ${ms(drop)}  (cleanup job's dropBefore, counting rows: ${ms(jobDrop)}); dead tuples left: 0`);
    console.log(
      `DELETE of the same rows:           ${ms(del)}  + VACUUM ${ms(vac)}; dead tuples left by the DELETE: ${deadAfterDelete.tuples} (${mb} MiB)`,
    );
    console.log(`DELETE / DROP: ${(del / drop).toFixed(1)}x the time, ${((del + vac) / drop).toFixed(1)}x with its VACUUM`);
  } finally {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db).catch(() => {});
    await handle.close();
  }
}

await main();
