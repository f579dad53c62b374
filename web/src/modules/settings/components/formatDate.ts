/** A date (or date-time) as the reader's locale writes it, e.g. "3 Mar 2026". */
export function formatDate(value: string): string {
  return new Date(value).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}
