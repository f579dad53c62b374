import type { FormValues } from "./recordFields";

/** One field whose stored value moved on while the person was editing. */
export interface ConflictRow {
  name: string;
  label: string;
  /** What the page showed when editing began. */
  had: FormValues[string];
  /** What the person is trying to save. */
  mine: FormValues[string];
  /** What the server holds now (`error.details[0].current`). */
  theirs: FormValues[string];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? "") === JSON.stringify(b ?? "");

/**
 * The fields that differ between what the person had and the current record. A field changed
 * by them alone is not a conflict and is not listed; it is what "overwrite" would save anyway.
 */
export function conflictingFields(
  labels: ReadonlyMap<string, string>,
  had: FormValues,
  mine: FormValues,
  theirs: FormValues,
): ConflictRow[] {
  const rows: ConflictRow[] = [];
  for (const [name, label] of labels) {
    if (same(had[name], theirs[name])) continue;
    rows.push({ name, label, had: had[name] ?? "", mine: mine[name] ?? "", theirs: theirs[name] ?? "" });
  }
  return rows;
}

/** Reads the current record out of a 412's details, or null when the server sent none. */
export function currentFromDetails(details: readonly unknown[]): Record<string, unknown> | null {
  const first = details[0] as { current?: unknown } | undefined;
  const current = first?.current;
  return current && typeof current === "object" ? (current as Record<string, unknown>) : null;
}

/** A value as the dialog shows it. */
export function showValue(value: FormValues[string]): string {
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return value === "" ? "—" : value;
}
