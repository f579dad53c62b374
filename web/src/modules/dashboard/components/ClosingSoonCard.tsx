import { Card } from "@/ui/Card";
import { Skeleton } from "@/ui/Skeleton";
import { useClosingSoon } from "../api/dashboardApi";
import { formatMoney } from "./formatMoney";

/** A local date as YYYY-MM-DD, `days` from today. */
export function isoDay(days = 0, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Open deals expected to close in the next two weeks, soonest first. */
export function ClosingSoonCard() {
  const deals = useClosingSoon(isoDay(0), isoDay(14));
  if (deals.isError) throw deals.error;
  const rows = deals.data?.data;
  return (
    <Card className="flex flex-col gap-3">
      <h2 className="font-semibold">
        Closing in the next 14 days {deals.data?.meta.total != null && <span className="font-normal text-muted-fg">({deals.data.meta.total})</span>}
      </h2>
      {!rows ? (
        <Skeleton className="h-24 w-full" />
      ) : rows.length === 0 ? (
        <p className="text-sm text-muted-fg">No open deal is expected to close in the next two weeks. Set expected close dates on deals to see them here.</p>
      ) : (
        <ul className="divide-y divide-border text-sm">
          {rows.map((deal) => (
            <li key={deal.id} className="flex items-center gap-2 py-1.5">
              <a href={`/deals/${deal.id}`} className="min-w-0 flex-1 truncate font-medium hover:underline">
                {deal.name}
              </a>
              <span className="text-muted-fg">{deal.stage.name}</span>
              <span className="tabular-nums">{deal.amount ? formatMoney(Number(deal.amount), deal.currency) : "—"}</span>
              <span className="w-20 text-right text-xs text-muted-fg">
                {deal.expected_close_date && new Date(`${deal.expected_close_date}T00:00`).toLocaleDateString(undefined, { day: "numeric", month: "short" })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
