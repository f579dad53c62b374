import { Card } from "@/ui/Card";
import { Skeleton } from "@/ui/Skeleton";
import { useBoardTotals } from "../api/dashboardApi";
import { formatMoney } from "./formatMoney";

/** Midnight of the first day of this month, local time, as an ISO instant. */
export function firstOfMonth(now = new Date()): string {
  return new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
}

/** Won and lost this month: the totals of the board's won and lost columns, closed since the 1st. */
export function ClosedThisMonthCard() {
  const board = useBoardTotals(firstOfMonth());
  if (board.isError) throw board.error;
  const sum = (kind: "won" | "lost") => {
    const columns = board.data?.columns.filter((c) => c.stage.kind === kind) ?? [];
    return { count: columns.reduce((n, c) => n + c.count, 0), amount: columns.reduce((n, c) => n + Number(c.amount_sum), 0) };
  };
  const won = sum("won");
  const lost = sum("lost");
  return (
    <Card className="flex flex-col gap-3">
      <h2 className="font-semibold">This month</h2>
      {!board.data ? (
        <Skeleton className="h-16 w-full" />
      ) : (
        <dl className="grid grid-cols-2 gap-3">
          <div>
            <dt className="text-xs text-muted-fg">Won</dt>
            <dd className="text-xl font-semibold tabular-nums text-accent">{formatMoney(won.amount, board.data.currency)}</dd>
            <dd className="text-xs text-muted-fg">{won.count} deal{won.count === 1 ? "" : "s"}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted-fg">Lost</dt>
            <dd className="text-xl font-semibold tabular-nums">{formatMoney(lost.amount, board.data.currency)}</dd>
            <dd className="text-xs text-muted-fg">{lost.count} deal{lost.count === 1 ? "" : "s"}</dd>
          </div>
        </dl>
      )}
    </Card>
  );
}
