// Kysely column types shared by every capability's tables (<capability>/tables.ts).
// Type mapping (see ./connect.ts): int8 -> number, numeric -> string (exact money), date -> 'YYYY-MM-DD', timestamptz -> Date.
import type { ColumnType } from 'kysely';

/** A `jsonb` column: written as a JSON string or value, read back parsed. */
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A `numeric` column: read as a decimal string so money is never a binary float; written as string or number. */
export type Numeric = ColumnType<string, string | number, string | number>;
/** A `date` column: a local day 'YYYY-MM-DD'. */
export type Day = ColumnType<string, string, string>;
/** A `timestamptz` with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
