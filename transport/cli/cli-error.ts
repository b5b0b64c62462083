// How a command fails: one line on stderr saying why, naming the argument or setting at fault, and an exit code that
// tells a script which kind of failure it was: 2 the command was used wrongly (unknown command or option, a missing or
// bad option value), 1 it was right but could not be done (database unreachable, not found, conflict).
import { CommanderError } from 'commander';
import { ConfigError } from '../../domain/config.ts';
import { DomainError } from '../../domain/errors.ts';

/** A failure the operator can act on; its message is the whole line printed. Exits 1 (runtime). */
export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number = 1;
}

/** The command was used wrongly (a bad option value): exits 2, like commander's own usage errors. */
export class UsageError extends CliError {
  override name = 'UsageError';
  override readonly exitCode: number = 2;
}

/** Exit status: 0 after help or --version, 2 for a usage error (commander's, ours, a value the domain refused), else 1. */
export function exitCodeOf(err: unknown): number {
  // commander's own errors all carry exitCode 1 (0 for help and --version): they are usage errors.
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof DomainError && err.code === 'INVALID') return 2;
  return 1;
}

/**
 * Runs `work`; a field the domain refuses (DomainError INVALID) becomes a usage error naming the option it came from:
 * `timeZone: "Mars" is not …` -> `--timezone: "Mars" is not …`. `optionOf` maps field names to options.
 */
export async function namingOptions<T>(optionOf: Readonly<Record<string, string>>, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const field = err instanceof DomainError && err.code === 'INVALID' ? err.field : undefined;
    // `kinds.2` is the option of `kinds`.
    const option = field ? (optionOf[field] ?? optionOf[field.split('.')[0]!]) : undefined;
    if (!option) throw err;
    throw new UsageError(`${option}: ${(err as Error).message.replace(/^[\w.]+: /, '')}`);
  }
}

/** The one-line reason of any error (AggregateError of a refused connection included). */
export function reasonOf(err: unknown): string {
  if (err instanceof ConfigError || err instanceof DomainError || err instanceof CliError) return oneLine(err.message);
  const e = err as { message?: string; code?: string; errors?: unknown[] } | null;
  const message = e?.message || (e?.errors?.[0] as Error | undefined)?.message || e?.code || String(err);
  return oneLine(message);
}

/** commander's message as one line of ours: `error: unknown option '--x'\n(Did you mean --y?)` -> `unknown option '--x' (did you mean --y?)`. */
export function commanderLine(text: string): string {
  return oneLine(text.replace(/^error: /, '').replace(/\n\(Did you mean/g, ' (did you mean'));
}

function oneLine(text: string): string {
  return text.trim().split('\n')[0]!;
}
