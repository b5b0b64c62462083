// What a PostgreSQL (or PGlite) error means for a write: retry later, isolate the bad row, or give up.
import { PermanentStoreError, TransientStoreError } from '../../../domain/errors.ts';

export type ErrorKind = 'transient' | 'data' | 'permanent';

/** SQLSTATE of an error from pg or PGlite, if it carries one. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * - transient: connection lost or refused (no SQLSTATE, or class 08), serialization failure 40001, deadlock 40P01,
 *   too many connections 53300 (and the rest of class 53, insufficient resources), admin shutdown / crash 57P01-03,
 *   statement timeout 57014;
 * - data: the rows themselves (class 22 data exception, class 23 integrity except a unique violation, class 54 limits);
 * - permanent: everything else with a SQLSTATE (missing table, syntax, permissions): retrying cannot fix it.
 */
export function classifyError(err: unknown): ErrorKind {
  const state = sqlState(err);
  if (!state) return 'transient';
  if (['40001', '40P01', '57014', '57P01', '57P02', '57P03', '55P03'].includes(state)) return 'transient';
  if (state.startsWith('08') || state.startsWith('53')) return 'transient';
  if (state === '23505') return 'transient'; // two writers creating the same partition at once: try again
  if (state.startsWith('22') || state.startsWith('23') || state.startsWith('54')) return 'data';
  return 'permanent';
}

/** The error the tracker understands: TransientStoreError (retried) or PermanentStoreError (dropped, reported). */
export function toStoreError(err: unknown, doing: string): Error {
  const state = sqlState(err);
  const message = `${doing}: ${(err as Error)?.message ?? String(err)}${state ? ` (SQLSTATE ${state})` : ''}`;
  return classifyError(err) === 'permanent' ? new PermanentStoreError(message, { cause: err }) : new TransientStoreError(message, { cause: err });
}

/** "no partition of relation ... found for row": a day's partition is missing (dropped, or never created). */
export function isMissingPartition(err: unknown): boolean {
  return sqlState(err) === '23514' && /no partition/i.test((err as Error)?.message ?? '');
}
