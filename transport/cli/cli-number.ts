// Numeric command-line options, refused by name when they are not numbers (a usage error: exit 2).
import { UsageError } from './cli-error.ts';

/** A finite number, e.g. `--human-cost 4.5`. */
export function number(value: string, option: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${option}: not a number: ${JSON.stringify(value)}`);
  return n;
}

/** A whole number >= 0, e.g. `--allowance 2000000` or `--days 30`. */
export function wholeNumber(value: string, option: string): number {
  const n = number(value, option);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${option}: not a whole number >= 0: ${JSON.stringify(value)}`);
  return n;
}
