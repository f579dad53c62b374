import { Link } from "@tanstack/react-router";
import { HandCoins } from "lucide-react";
import { Suspense, lazy } from "react";
import { Card } from "@/ui/Card";
import { EmptyState } from "@/ui/EmptyState";
import { Skeleton } from "@/ui/Skeleton";
import { useBoardTotals } from "../api/dashboardApi";
import { formatMoney } from "./formatMoney";

// Recharts stays out of the initial bundle: it loads with the first chart drawn.
const PipelineChart = lazy(() => import("./PipelineChart").then((m) => ({ default: m.PipelineChart })));

/** Open pipeline by stage: a bar chart of amount and weighted amount, with the totals. */
export function PipelineCard() {
  const board = useBoardTotals(null);
  if (board.isError) throw board.error;
  const open = board.data?.columns.filter((c) => c.stage.kind === "open") ?? [];
  const rows = open.map((c) => ({ stage: c.stage.name, amount: Number(c.amount_sum), weighted: Number(c.weighted_sum), count: c.count }));
  const total = rows.reduce((sum, r) => sum + r.amount, 0);
  const weighted = rows.reduce((sum, r) => sum + r.weighted, 0);
  const count = rows.reduce((sum, r) => sum + r.count, 0);
  return (
    <Card className="flex flex-col gap-3 lg:col-span-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold">Open pipeline</h2>
        {board.data && (
          <p className="text-sm text-muted-fg">
            {count} deal{count === 1 ? "" : "s"} · {formatMoney(total, board.data.currency)} · weighted{" "}
            {formatMoney(weighted, board.data.currency)}
          </p>
        )}
      </div>
      {!board.data ? (
        <Skeleton className="h-64 w-full" />
      ) : count === 0 ? (
        <EmptyState
          icon={HandCoins}
          title="No open deals yet"
          action={
            <Link to="/deals" className="text-sm font-medium text-accent hover:underline">
              Open the deals board
            </Link>
          }
        >
          Each open deal sits in a stage of your pipeline; its amount and probability fill this chart.
        </EmptyState>
      ) : (
        <Suspense fallback={<Skeleton className="h-64 w-full" />}>
          <PipelineChart rows={rows} currency={board.data.currency} />
        </Suspense>
      )}
    </Card>
  );
}
