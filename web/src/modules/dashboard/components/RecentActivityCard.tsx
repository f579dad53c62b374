import { Link } from "@tanstack/react-router";
import { usePermissions } from "@/lib/permissions";
import { Card } from "@/ui/Card";
import { Skeleton } from "@/ui/Skeleton";
import { type RecentItem, useRecentActivity } from "../api/dashboardApi";
import { eventRecordName, eventRecordPath } from "./eventText";

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

function describe(item: RecentItem): { text: string; at: string; name?: string | null; to?: string | null } {
  if (item.kind === "event") {
    const { event } = item;
    // "deal.stage_changed" -> "deal stage changed", then the record's name, linked to its page.
    const text = `${event.type.replace(/[._]/g, " ")}${event.actor_type !== "user" ? ` (${event.actor_type})` : ""}`;
    return { text, at: event.created_at, name: eventRecordName(event), to: eventRecordPath(event) };
  }
  const { activity } = item;
  const who = activity.created_by?.full_name ?? "Someone";
  return { text: `${who} · ${activity.kind}: ${activity.subject}`, at: activity.created_at };
}

/** The last ten changes: the audit log for roles that may read it, recent activities for others. */
export function RecentActivityCard() {
  const { can, loading } = usePermissions();
  const audit = can("audit", "read");
  const recent = useRecentActivity(audit, !loading);
  if (recent.isError) throw recent.error;
  return (
    <Card className="flex flex-col gap-3">
      <h2 className="font-semibold">Recent activity</h2>
      {!recent.data ? (
        <Skeleton className="h-32 w-full" />
      ) : recent.data.length === 0 ? (
        <p className="text-sm text-muted-fg">Nothing has happened yet: calls, notes and changes will show up here.</p>
      ) : (
        <ol className="flex flex-col gap-1.5 text-sm">
          {recent.data.map((item) => {
            const { text, at, name, to } = describe(item);
            const label = name ?? (to ? "open" : null);
            return (
              <li key={item.kind === "event" ? item.event.id : item.activity.id} className="flex gap-3">
                <time dateTime={at} className="w-28 shrink-0 text-xs text-muted-fg">
                  {when(at)}
                </time>
                <span className="min-w-0 truncate">
                  {text}
                  {label && ": "}
                  {label && to ? (
                    <Link to={to} className="font-medium text-accent underline underline-offset-2">
                      {label}
                    </Link>
                  ) : (
                    label && <span className="font-medium">{label}</span>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
