// Exact money arithmetic for token costs: amounts are bigint pico-units (10^-12 of a currency unit), so
// tokens × price-per-million (at most 6 decimals) is exact, and sums never drift like binary floats would.

const PICO_DIGITS = 12;
const PICO = 10n ** BigInt(PICO_DIGITS);

/** A decimal string such as '2.5', '-0.000125' or '12' as pico-units. Throws RangeError on anything else. */
export function toPico(decimal: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{1,12}))?$/.exec(decimal.trim());
  if (!m) throw new RangeError(`not a decimal amount: ${JSON.stringify(decimal)}`);
  const value = BigInt(m[2]!) * PICO + BigInt((m[3] ?? '').padEnd(PICO_DIGITS, '0'));
  return m[1] ? -value : value;
}

/** Cost of `tokens` at `pricePerMillion` (a decimal string), in pico-units, exactly. */
export function tokenCostPico(tokens: number, pricePerMillion: string): bigint {
  // price × 10^12 / 10^6 per token = price × 10^6 pico-units per token.
  return (BigInt(tokens) * toPico(pricePerMillion)) / 1_000_000n;
}

/**
 * Pico-units as a decimal string with `places` decimals (default 6), rounded half away from zero like
 * PostgreSQL's `round(numeric, 6)`, e.g. 1_500_000n -> '0.000002'.
 */
export function formatMoney(pico: bigint, places = 6): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const unit = 10n ** BigInt(PICO_DIGITS - places);
  const rounded = (abs + unit / 2n) / unit;
  const digits = rounded.toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative && rounded !== 0n ? `-${text}` : text;
}

/** A ratio of two pico amounts as a plain number (for ROI and shares, never stored). */
export function ratioOf(num: bigint, den: bigint): number | null {
  if (den === 0n) return null;
  return Number((num * 1_000_000n) / den) / 1_000_000;
}
