/** An amount in a currency, in the reader's locale, without cents above 1,000. */
export function formatMoney(value: number, currency: string): string {
  return value.toLocaleString(undefined, { style: "currency", currency, maximumFractionDigits: Math.abs(value) >= 1000 ? 0 : 2 });
}
