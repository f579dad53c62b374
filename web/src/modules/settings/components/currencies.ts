import type { components } from "@/client/schema";

export type Currency = NonNullable<components["schemas"]["OrgUpdate"]["default_currency"]>;

// The API's list (OrgUpdate.default_currency); `satisfies` makes tsc fail if it drifts from the schema.
export const CURRENCIES = [
  "AED", "ARS", "AUD", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK", "EGP", "EUR", "GBP",
  "HKD", "HUF", "IDR", "ILS", "INR", "JPY", "KES", "KRW", "MAD", "MXN", "MYR", "NGN", "NOK", "NZD",
  "PEN", "PHP", "PLN", "RON", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "VND", "ZAR",
] as const satisfies readonly Currency[];
