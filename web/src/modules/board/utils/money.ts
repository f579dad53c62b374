/**
 * Money on the board. Amounts travel as decimal text ("12000.00"); sums are adjusted on the client
 * during an optimistic move, so they are added in integer units (BigInt), never as floats, which
 * would turn 0.1 + 0.2 into 0.30000000000000004 on a column header.
 */

// The server keeps money with 4 decimals (MONEY_DECIMALS): every amount it sends fits this scale.
const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);

/** Decimal text as an integer number of 1/10,000ths; empty or missing counts as zero. */
export function toUnits(text: string | null | undefined): bigint {
  if (!text) return 0n;
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new Error(`Not a decimal amount: ${text}`);
  const [, sign, whole = "", fraction = ""] = match;
  const units = BigInt(whole || "0") * FACTOR + BigInt((fraction + "0".repeat(SCALE)).slice(0, SCALE) || "0");
  return sign ? -units : units;
}

/** Integer units back to decimal text with at least `decimals` places (trailing zeros beyond trimmed). */
export function fromUnits(units: bigint, decimals = 2): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / FACTOR;
  let fraction = (abs % FACTOR).toString().padStart(SCALE, "0");
  while (fraction.length > decimals && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export function addMoney(a: string | null | undefined, b: string | null | undefined): string {
  return fromUnits(toUnits(a) + toUnits(b), decimalsOf(a, b));
}

export function subtractMoney(a: string | null | undefined, b: string | null | undefined): string {
  return fromUnits(toUnits(a) - toUnits(b), decimalsOf(a, b));
}

function decimalsOf(...texts: (string | null | undefined)[]): number {
  return Math.max(2, ...texts.map((text) => (text && text.includes(".") ? text.split(".")[1]!.length : 0)));
}

/** The decimals a currency is usually written with (JPY 0, EUR 2, KWD 3); 2 for unknown codes. */
export function currencyDecimals(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * amount x probability %, rounded half up to the currency's decimals, as the server computes a
 * card's `weighted_amount`; null without an amount.
 */
export function weightedAmount(amount: string | null, probability: number, currency: string): string | null {
  if (amount == null) return null;
  const decimals = currencyDecimals(currency);
  const step = 10n ** BigInt(SCALE - Math.min(decimals, SCALE));
  const exact = toUnits(amount) * BigInt(probability); // in units x 100
  const divisor = 100n * step;
  const negative = exact < 0n;
  const abs = negative ? -exact : exact;
  const rounded = ((abs + divisor / 2n) / divisor) * step;
  return fromUnits(negative ? -rounded : rounded, decimals);
}

const formatters = new Map<string, Intl.NumberFormat>();

export interface FormatMoneyOptions {
  locale?: string;
  /** Whole units only (column headers): "€12,400" rather than "€12,400.00". */
  whole?: boolean;
}

/**
 * Money for people: the currency's symbol and grouping for the locale. The decimal text goes to
 * Intl as a string, so large amounts keep every digit. An unknown currency code still shows the
 * amount, followed by the code.
 */
export function formatMoney(amount: string | null | undefined, currency: string, options: FormatMoneyOptions = {}): string {
  if (amount == null || amount === "") return "—";
  const key = `${options.locale ?? ""}|${currency}|${options.whole ? 1 : 0}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(options.locale, {
        style: "currency",
        currency,
        ...(options.whole ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}),
      });
    } catch {
      return `${amount} ${currency}`;
    }
    formatters.set(key, formatter);
  }
  // ES2023 Intl accepts a decimal string and formats it without going through a float.
  return formatter.format(amount as Intl.StringNumericLiteral);
}
