// Numeric command-line options, refused by name when they are not numbers.
import { CliError } from './cli-error.ts';

export function number(value: string, option: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`${option}: not a number: ${JSON.stringify(value)}`);
  return n;
}
