// Numbers, rates, durations, money, days and instants formatted with Intl for one locale and one time zone.

/** A decimal amount as the API sends it (a number, or a decimal string to keep minor units exact). */
export type Amount = number | string;

export interface Formatters {
  readonly locale: string;
  /** A count: 12,345 / 12,345. `null` gives the "no data" dash. */
  count(n: number | null | undefined): string;
  /** A plain number with at most `digits` fraction digits. */
  decimal(n: number | null | undefined, digits?: number): string;
  /** A rate 0..1 as a percentage. */
  percent(rate: number | null | undefined, digits?: number): string;
  /** A signed change `(cur - prev) / prev` as a percentage: +12.5% / −3%. */
  change(rate: number | null | undefined): string;
  /** Milliseconds as the most readable unit (ms, s, min, h). */
  duration(ms: number | null | undefined): string;
  /** Money in its own currency; `null` stays a dash (never 0). */
  money(amount: Amount | null | undefined, currency: string): string;
  /** A local day `YYYY-MM-DD` (already in the tenant's zone), e.g. 25 Nov 2026. */
  day(day: string | null | undefined): string;
  /** A short local day for chart axes: 25 Nov / 11月25日. */
  shortDay(day: string): string;
  /** An instant (Date or ISO string) as date and time in the tenant's zone. */
  dateTime(at: Date | string | null | undefined): string;
  /** An instant's clock time in the tenant's zone. */
  time(at: Date | string | null | undefined): string;
  /** How long ago, in words: "now", "4 seconds ago", "2 minutes ago". */
  ago(ms: number): string;
}

export const dash = '—';

const isNone = (v: unknown): v is null | undefined => v === null || v === undefined;

/** Formatters for a locale (`zh-CN`, `en`) and an IANA time zone (`undefined`: the browser's). */
export function createFormatters(locale: string, timeZone?: string): Formatters {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const decimalOf = (digits: number) => {
    let f = decimals.get(digits);
    if (!f) decimals.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return f;
  };
  const percents = new Map<number, Intl.NumberFormat>();
  const percentOf = (digits: number) => {
    let f = percents.get(digits);
    if (!f) percents.set(digits, (f = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits })));
    return f;
  };
  const signedPercent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const unit = (u: string, digits: number) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits });
  const units = { ms: unit('millisecond', 0), s: unit('second', 1), min: unit('minute', 1), h: unit('hour', 1), d: unit('day', 1) };
  const moneys = new Map<string, Intl.NumberFormat>();
  const moneyOf = (currency: string) => {
    let f = moneys.get(currency);
    if (!f) {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 4, minimumFractionDigits: 2 });
      moneys.set(currency, f);
    }
    return f;
  };
  const dayFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
  const shortDayFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'medium' });
  // A local day is a calendar date, not an instant: read it at UTC midnight and format it in UTC so it never shifts.
  const dayDate = (d: string) => new Date(`${d}T00:00:00Z`);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const instant = (at: Date | string) => (at instanceof Date ? at : new Date(at));

  return {
    locale,
    count: (n) => (isNone(n) ? dash : integer.format(n)),
    decimal: (n, digits = 1) => (isNone(n) ? dash : decimalOf(digits).format(n)),
    percent: (rate, digits = 1) => (isNone(rate) ? dash : percentOf(digits).format(rate)),
    change: (rate) => (isNone(rate) ? dash : signedPercent.format(rate)),
    duration: (ms) => {
      if (isNone(ms)) return dash;
      const abs = Math.abs(ms);
      if (abs === 0) return units.min.format(0);
      if (abs < 1000) return units.ms.format(ms);
      if (abs < 60_000) return units.s.format(ms / 1000);
      if (abs < 3_600_000) return units.min.format(ms / 60_000);
      if (abs < 86_400_000) return units.h.format(ms / 3_600_000);
      return units.d.format(ms / 86_400_000);
    },
    money: (amount, currency) => (isNone(amount) ? dash : moneyOf(currency).format(amount as number)),
    day: (d) => (isNone(d) ? dash : dayFormat.format(dayDate(d))),
    shortDay: (d) => shortDayFormat.format(dayDate(d)),
    dateTime: (at) => (isNone(at) ? dash : dateTimeFormat.format(instant(at))),
    time: (at) => (isNone(at) ? dash : timeFormat.format(instant(at))),
    ago: (ms) => {
      const s = Math.max(0, Math.round(ms / 1000));
      return s < 60 ? relative.format(-s, 'second') : relative.format(-Math.round(s / 60), 'minute');
    },
  };
}
