// How a command fails: one line on stderr saying why, and a non-zero exit.
import { ConfigError } from '../../domain/config.ts';
import { DomainError } from '../../domain/errors.ts';

/** A failure the operator can act on; its message is the whole line printed. */
export class CliError extends Error {
  override name = 'CliError';
}

/** The one-line reason of any error (AggregateError of a refused connection included). */
export function reasonOf(err: unknown): string {
  if (err instanceof ConfigError || err instanceof DomainError || err instanceof CliError) return err.message;
  const e = err as { message?: string; code?: string; errors?: unknown[] } | null;
  const message = e?.message || (e?.errors?.[0] as Error | undefined)?.message || e?.code || String(err);
  return message.split('\n')[0]!;
}
