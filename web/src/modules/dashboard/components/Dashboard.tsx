import { Link } from "@tanstack/react-router";
import { Building2, HandCoins, type LucideIcon, Sparkles, Target, Users } from "lucide-react";
import { useSession } from "@/lib/session";
import { useMyOrganizations } from "@/modules/orgs/api/orgsApi";
import { Card } from "@/ui/Card";
import { EmptyState } from "@/ui/EmptyState";
import { Skeleton } from "@/ui/Skeleton";
import { usePermissions } from "@/lib/permissions";
import { type RecordKindPath, useRecordCounts } from "../api/dashboardApi";
import { ClosedThisMonthCard } from "./ClosedThisMonthCard";
import { ClosingSoonCard } from "./ClosingSoonCard";
import { PipelineCard } from "./PipelineCard";
import { RecentActivityCard } from "./RecentActivityCard";
import { TasksDueCard } from "./TasksDueCard";

const TILES: { path: RecordKindPath; to: string; label: string; icon: LucideIcon }[] = [
  { path: "/api/v1/companies", to: "/companies", label: "Companies", icon: Building2 },
  { path: "/api/v1/contacts", to: "/contacts", label: "Contacts", icon: Users },
  { path: "/api/v1/leads", to: "/leads", label: "Leads", icon: Target },
  { path: "/api/v1/deals", to: "/deals", label: "Deals", icon: HandCoins },
];

/** The dashboard: record counts, open pipeline, won/lost this month, deals closing soon, tasks due, recent activity. */
export function Dashboard() {
  const session = useSession();
  const organizations = useMyOrganizations();
  const counts = useRecordCounts();
  const { can } = usePermissions();
  const deals = can("deal", "read");
  const organization = organizations.data?.find((org) => org.id === session?.organizationId);
  const firstName = session?.user.full_name.split(/\s+/)[0] ?? "";
  const nothingYet = counts.data && Object.values(counts.data).every((count) => count === 0);

  if (counts.isError) throw counts.error;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {firstName}</h1>
        <p className="text-sm text-muted-fg" data-testid="dashboard-organization">
          {organization ? `${organization.name} · ${organization.role}` : <Skeleton className="h-4 w-40" />}
        </p>
      </div>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {TILES.map(({ path, to, label, icon: Icon }) => (
          <Link key={path} to={to} className="rounded-lg focus-visible:outline-2">
            <Card className="flex items-center gap-3 hover:border-accent">
              <Icon className="h-5 w-5 text-accent" aria-hidden />
              <div>
                <div className="text-xs text-muted-fg">{label}</div>
                {counts.data ? (
                  <div className="text-2xl font-semibold tabular-nums">{counts.data[path].toLocaleString()}</div>
                ) : (
                  <Skeleton className="mt-1 h-7 w-12" />
                )}
              </div>
            </Card>
          </Link>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        {deals && <PipelineCard />}
        <div className="flex flex-col gap-4">
          {can("activity", "read") && <TasksDueCard />}
          {deals && <ClosedThisMonthCard />}
        </div>
        {deals && <ClosingSoonCard />}
        <div className="lg:col-span-2">
          <RecentActivityCard />
        </div>
      </div>
      {nothingYet && (
        <EmptyState
          icon={Sparkles}
          title="Your CRM is empty, and that is the best moment to start"
          action={
            <Link to="/companies" className="inline-flex h-9 items-center rounded-md bg-accent px-4 text-sm font-medium text-accent-fg">
              Add your first company
            </Link>
          }
        >
          Start with the companies you sell to, then add their people as contacts and open deals as conversations
          move forward. Your pipeline, tasks and activity will appear here.
        </EmptyState>
      )}
    </div>
  );
}
