import type { ListMeta } from "../api/recordsApi";

export interface TotalCountProps {
  total: number | null;
  kind: ListMeta["total_kind"];
  exact: boolean;
  onCountExactly: () => void;
  testId?: string;
}

/** The list's total: exact, or the planner's estimate ("≈ 10,000+") with a link to count exactly. */
export function TotalCount({ total, kind, exact, onCountExactly, testId = "list-total" }: TotalCountProps) {
  if (total == null) return null;
  if (kind !== "estimate") {
    return (
      <span className="text-sm text-muted-fg tabular-nums" data-testid={testId}>
        {total.toLocaleString()}
      </span>
    );
  }
  return (
    <span className="flex items-center gap-2 text-sm text-muted-fg" data-testid={testId}>
      <span className="tabular-nums">≈ {total.toLocaleString()}+</span>
      {!exact && (
        <button type="button" className="text-accent underline-offset-2 hover:underline" onClick={onCountExactly}>
          count exactly
        </button>
      )}
    </span>
  );
}
